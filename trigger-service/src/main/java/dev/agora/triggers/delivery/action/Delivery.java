package dev.agora.triggers.delivery.action;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import dev.agora.triggers.delivery.repository.ActionJobRepository.ClaimedJob;

/**
 * One attempt to deliver: the job, its action's settings with secrets opened, the template context (trigger, firing,
 * event) and the trigger's webhook signing secret (plain), or null.
 */
public record Delivery(ClaimedJob job, ObjectNode config, ObjectNode context, String signingSecret) {

    public String text(String name, String fallback) {
        JsonNode node = config.get(name);
        return node == null || node.isNull() ? fallback : node.isTextual() ? node.asText() : node.toString();
    }

    public long timeoutMillis() {
        JsonNode node = config.get("timeoutMs");
        return node == null || !node.canConvertToLong() ? ActionConfigs.DEFAULT_TIMEOUT_MS : node.longValue();
    }
}
