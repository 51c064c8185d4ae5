package dev.agora.triggers.engine;

import java.util.Arrays;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;

/** The persisted state of one stateful condition for one group key. Immutable: an update returns a new state. */
public sealed interface ConditionState permits ConditionState.Ema, ConditionState.Window {

    ObjectNode toJson();

    /** Exponential moving average of the values seen: {@code count} of them so far. */
    record Ema(double ema, long count) implements ConditionState {
        @Override
        public ObjectNode toJson() {
            return JsonNodeFactory.instance.objectNode().put("kind", "ema").put("ema", ema).put("count", count);
        }
    }

    /**
     * The event times (epoch ms, ascending) inside a sliding window that ends at {@code watermark}, the newest event
     * time seen; older times have been dropped for good.
     */
    record Window(long watermark, long[] times) implements ConditionState {
        @Override
        public ObjectNode toJson() {
            ObjectNode json = JsonNodeFactory.instance.objectNode().put("kind", "window").put("watermark", watermark)
                    .put("count", times.length);
            ArrayNode array = json.putArray("times");
            for (long time : times) {
                array.add(time);
            }
            return json;
        }

        @Override
        public boolean equals(Object other) {
            return other instanceof Window window && window.watermark == watermark && Arrays.equals(window.times, times);
        }

        @Override
        public int hashCode() {
            return 31 * Long.hashCode(watermark) + Arrays.hashCode(times);
        }

        @Override
        public String toString() {
            return "Window[watermark=" + watermark + ", times=" + Arrays.toString(times) + "]";
        }
    }

    /** Reads a state written by {@link #toJson()}; null for anything else (a condition then starts afresh). */
    static ConditionState fromJson(JsonNode json) {
        if (json == null) {
            return null;
        }
        return switch (json.path("kind").asText()) {
            case "ema" -> new Ema(json.path("ema").asDouble(), json.path("count").asLong());
            case "window" -> {
                JsonNode times = json.path("times");
                long[] values = new long[times.size()];
                for (int i = 0; i < values.length; i++) {
                    values[i] = times.get(i).asLong();
                }
                yield new Window(json.path("watermark").asLong(), values);
            }
            default -> null;
        };
    }
}
