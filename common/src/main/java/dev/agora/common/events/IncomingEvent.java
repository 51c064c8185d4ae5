package dev.agora.common.events;

import java.time.Instant;

import com.fasterxml.jackson.databind.JsonNode;

/** A consumed CloudEvent: its attributes, where it came from, and its JSON body. */
public record IncomingEvent(
        String id,
        String type,
        String source,
        String subject,
        Instant time,
        String topic,
        int partition,
        long offset,
        JsonNode data) {

    public String text(String field) {
        JsonNode node = data.path(field);
        return node.isMissingNode() || node.isNull() ? null : node.asText();
    }
}
