package dev.agora.common.events;

import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanContext;

/** The W3C {@code traceparent} of the current span, carried with an event from its transaction to its consumers. */
public final class TraceContext {
    public static final String HEADER = "traceparent";

    private TraceContext() {
    }

    /** {@code 00-<trace id>-<span id>-<flags>}, or null outside any trace. */
    public static String currentTraceParent() {
        SpanContext span = Span.current().getSpanContext();
        if (!span.isValid()) {
            return null;
        }
        return "00-" + span.getTraceId() + "-" + span.getSpanId() + "-" + span.getTraceFlags().asHex();
    }

    /** The trace id of a {@code traceparent}, or null when it is absent or malformed. */
    public static String traceIdOf(String traceParent) {
        if (traceParent == null || traceParent.length() < 55 || traceParent.charAt(2) != '-') {
            return null;
        }
        return traceParent.substring(3, 35);
    }
}
