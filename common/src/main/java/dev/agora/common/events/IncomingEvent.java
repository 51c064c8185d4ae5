package dev.agora.common.events;

import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

import com.fasterxml.jackson.databind.JsonNode;

import dev.agora.common.consumer.PoisonEventException;

/**
 * A consumed CloudEvent: its attributes, where it came from, and its JSON body.
 * <p>
 * Fields are read by dotted path ({@code agent.version}). The {@code required…} readers throw a
 * {@link PoisonEventException} naming the event and the field, so a malformed event is dead-lettered
 * at once instead of being retried. {@code audience} is who may see the event, as its publisher decided.
 */
public record IncomingEvent(
        String id,
        String type,
        String source,
        String subject,
        Instant time,
        String topic,
        int partition,
        long offset,
        Audience audience,
        JsonNode data) {

    /** The text at {@code path}, or null when it is missing or JSON null. */
    public String text(String path) {
        JsonNode node = node(path);
        return node.isMissingNode() || node.isNull() ? null : node.asText();
    }

    public String requiredText(String path) {
        String value = text(path);
        if (value == null || value.isBlank()) {
            throw poison("has no " + path);
        }
        return value;
    }

    /** The ISO-8601 instant at {@code path}, or null when it is missing; malformed is a poison event. */
    public Instant instant(String path) {
        String value = text(path);
        if (value == null) {
            return null;
        }
        try {
            return Instant.parse(value);
        } catch (DateTimeParseException e) {
            throw poison("has a " + path + " that is not an ISO-8601 instant: " + value);
        }
    }

    public Instant requiredInstant(String path) {
        Instant value = instant(path);
        if (value == null) {
            throw poison("has no " + path);
        }
        return value;
    }

    public UUID requiredUuid(String path) {
        String value = requiredText(path);
        try {
            return UUID.fromString(value);
        } catch (IllegalArgumentException e) {
            throw poison("has a " + path + " that is not a UUID: " + value);
        }
    }

    public long requiredLong(String path) {
        JsonNode node = node(path);
        if (!node.isIntegralNumber() || !node.canConvertToLong()) {
            throw poison("has no whole number at " + path);
        }
        return node.longValue();
    }

    public JsonNode requiredObject(String path) {
        JsonNode node = node(path);
        if (!node.isObject()) {
            throw poison("has no object at " + path);
        }
        return node;
    }

    /** The strings of the array at {@code path}; empty when it is missing or null. */
    public List<String> strings(String path) {
        JsonNode node = node(path);
        if (node.isMissingNode() || node.isNull()) {
            return List.of();
        }
        if (!node.isArray()) {
            throw poison("has a " + path + " that is not an array");
        }
        List<String> values = new ArrayList<>(node.size());
        for (JsonNode item : node) {
            if (!item.isTextual()) {
                throw poison("has a " + path + " entry that is not a string");
            }
            values.add(item.asText());
        }
        return values;
    }

    public PoisonEventException poison(String problem) {
        return new PoisonEventException("event " + id + " (" + type + ") " + problem);
    }

    private JsonNode node(String path) {
        JsonNode node = data;
        for (String field : path.split("\\.")) {
            node = node.path(field);
        }
        return node;
    }
}
