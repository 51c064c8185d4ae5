package dev.agora.triggers.trigger.service;

import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

import com.fasterxml.jackson.databind.JsonNode;

import dev.agora.common.problem.FieldError;
import dev.agora.common.problem.ProblemException;
import dev.agora.triggers.engine.EngineEvent;
import dev.agora.triggers.event.repository.ChainEvent;
import dev.agora.triggers.event.service.ChainEventValidator;
import dev.agora.triggers.platform.service.PlatformEvents;
import dev.agora.triggers.trigger.repository.Trigger;

/**
 * The sample event of a dry run, {@code {"event": ...}}: a chain event as indexers post it for a chain trigger, or
 * {@code {"type": "agora.…v1", "time"?: instant, "data": {payload}}} for a platform trigger.
 */
final class SampleEvents {

    private SampleEvents() {
    }

    static EngineEvent read(Trigger trigger, JsonNode body) {
        JsonNode event = body == null ? null : body.get("event");
        if (event == null || !event.isObject()) {
            throw ProblemException.badRequest("event", "is required, the sample event object");
        }
        List<FieldError> errors = new ArrayList<>();
        if (Trigger.CHAIN.equals(trigger.sourceType)) {
            ChainEvent chainEvent = ChainEventValidator.read(event, "event", errors);
            if (!errors.isEmpty()) {
                throw ProblemException.invalid(errors);
            }
            return chainEvent.toEngineEvent();
        }
        JsonNode type = event.get("type");
        if (type == null || !type.isTextual() || type.asText().isBlank()) {
            errors.add(new FieldError("event.type", "is required, the Agora event type"));
        }
        JsonNode data = event.get("data");
        if (data == null || !data.isObject()) {
            errors.add(new FieldError("event.data", "is required, the event's payload object"));
        }
        long time = System.currentTimeMillis();
        JsonNode timeNode = event.get("time");
        if (timeNode != null) {
            try {
                time = Instant.parse(timeNode.asText()).toEpochMilli();
            } catch (DateTimeParseException e) {
                errors.add(new FieldError("event.time", "must be an ISO-8601 instant"));
            }
        }
        if (!errors.isEmpty()) {
            throw ProblemException.invalid(errors);
        }
        return PlatformEvents.engineEvent("dry-run-" + UUID.randomUUID(), type.asText(), time, data);
    }
}
