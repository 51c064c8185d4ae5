package dev.agora.common.outbox;

import java.time.Instant;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicLong;

import jakarta.enterprise.context.ApplicationScoped;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;

import dev.agora.common.events.Audience;
import dev.agora.common.events.TraceContext;

import io.smallrye.mutiny.Uni;

/**
 * Appends a domain event to the outbox inside the caller's current reactive transaction.
 * Nothing reaches Kafka unless that transaction commits; the relay publishes it afterwards.
 */
@ApplicationScoped
public class OutboxWriter {
    private final ObjectMapper mapper;
    private final AtomicLong appended = new AtomicLong();

    public OutboxWriter(ObjectMapper mapper) {
        this.mapper = mapper;
    }

    /**
     * @param topic one of {@link dev.agora.common.events.Topics}
     * @param type the CloudEvents type, e.g. {@code agora.agent.registered.v1}
     * @param aggregateId the record key and {@code ce_subject}: all events of one aggregate stay in order
     * @param payload serialised with the application's ObjectMapper
     * @param audience who may see the event (sent as {@code ce_audience})
     */
    public Uni<OutboxEvent> append(String topic, String type, Object aggregateId, Object payload, Audience audience) {
        OutboxEvent event = new OutboxEvent();
        event.id = UUID.randomUUID();
        event.topic = topic;
        event.eventType = type;
        event.aggregateId = aggregateId.toString();
        event.payload = json(type, payload);
        event.audience = audience.toJson();
        event.occurredAt = Instant.now();
        event.traceParent = TraceContext.currentTraceParent();
        appended.incrementAndGet();
        return event.<OutboxEvent> persist();
    }

    private String json(String type, Object payload) {
        try {
            return mapper.writeValueAsString(payload);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("cannot serialise the payload of " + type, e);
        }
    }

    /** Events appended since start, committed or not: a change tells a caller its transaction may have written some. */
    public long appendedCount() {
        return appended.get();
    }
}
