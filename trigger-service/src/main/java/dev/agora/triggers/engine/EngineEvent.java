package dev.agora.triggers.engine;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * An event as the engine sees it, whatever its origin: a chain event (fields of its {@code events} row, in
 * camelCase) or a platform event (its JSON payload).
 *
 * @param id the event's id ({@code chainId-blockNumber-logIndex} or the CloudEvent id)
 * @param type the event type ({@code NewFeedback}, {@code agora.deployment.failed.v1}, ...)
 * @param agentId the agent the event is about, as text, or null
 * @param timeMillis the event's own time (block time for chain events): windows are measured in it, never the clock
 * @param data the fields conditions read by path
 */
public record EngineEvent(String id, String type, String agentId, long timeMillis, JsonNode data) {

    /** The node at a dotted path ({@code deployment.status}); a missing node when absent. */
    public JsonNode at(String path) {
        int dot = path.indexOf('.');
        if (dot < 0) {
            // most paths are one field (score, tag1): no splitting on the hot path
            return data.path(path);
        }
        JsonNode node = data;
        int from = 0;
        while (dot >= 0) {
            node = node.path(path.substring(from, dot));
            from = dot + 1;
            dot = path.indexOf('.', from);
        }
        return node.path(path.substring(from));
    }

    /** The value at {@code path} when it is present and not JSON null, else null. */
    public JsonNode value(String path) {
        JsonNode node = at(path);
        return node.isMissingNode() || node.isNull() ? null : node;
    }
}
