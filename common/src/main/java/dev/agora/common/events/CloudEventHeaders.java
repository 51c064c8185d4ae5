package dev.agora.common.events;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.header.Headers;
import org.apache.kafka.common.header.internals.RecordHeader;

/** CloudEvents 1.0, Kafka protocol binding, binary content mode: attributes travel as {@code ce_*} headers. */
public final class CloudEventHeaders {
    public static final String SPEC_VERSION = "ce_specversion";
    public static final String ID = "ce_id";
    public static final String TYPE = "ce_type";
    public static final String SOURCE = "ce_source";
    public static final String SUBJECT = "ce_subject";
    public static final String TIME = "ce_time";
    public static final String CONTENT_TYPE = "content-type";
    public static final String JSON = "application/json";

    private CloudEventHeaders() {
    }

    /** The headers of a JSON CloudEvent; {@code subject} may be null (no {@code ce_subject} then). */
    public static List<Header> of(UUID id, String type, String source, String subject, Instant time) {
        List<Header> headers = new ArrayList<>(7);
        headers.add(header(SPEC_VERSION, "1.0"));
        headers.add(header(ID, id.toString()));
        headers.add(header(TYPE, type));
        headers.add(header(SOURCE, source));
        if (subject != null) {
            headers.add(header(SUBJECT, subject));
        }
        headers.add(header(TIME, time.toString()));
        headers.add(header(CONTENT_TYPE, JSON));
        return List.copyOf(headers);
    }

    /** The last value of a header as UTF-8, or null when absent. */
    public static String read(Headers headers, String name) {
        Header header = headers.lastHeader(name);
        return header == null || header.value() == null ? null : new String(header.value(), StandardCharsets.UTF_8);
    }

    private static Header header(String name, String value) {
        return new RecordHeader(name, value.getBytes(StandardCharsets.UTF_8));
    }
}
