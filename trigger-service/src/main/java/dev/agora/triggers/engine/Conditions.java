package dev.agora.triggers.engine;

import java.math.BigDecimal;
import java.util.Arrays;
import java.util.Locale;
import java.util.Set;

import com.fasterxml.jackson.databind.JsonNode;

/** The chain condition types plus {@code field} conditions on platform events. */
public final class Conditions {
    /** How many event times a rate window keeps at most; the oldest go first beyond it. */
    static final int MAX_WINDOW_TIMES = 100_000;

    private Conditions() {
    }

    public record AgentIdEquals(String agentId) implements Condition.Stateless {
        @Override
        public boolean test(EngineEvent event) {
            return agentId.equals(event.agentId());
        }
    }

    public record EventTypeEquals(String eventType) implements Condition.Stateless {
        @Override
        public boolean test(EngineEvent event) {
            return eventType.equals(event.type());
        }
    }

    /** Either tag of a feedback ({@code tag1} or {@code tag2}) equals the value. */
    public record TagEquals(String tag) implements Condition.Stateless {
        @Override
        public boolean test(EngineEvent event) {
            return tag.equals(text(event, "tag1")) || tag.equals(text(event, "tag2"));
        }
    }

    /** The number at {@code field} (default {@code score}) compared with the value; false when there is none. */
    public record ScoreThreshold(String field, Operator operator, double value) implements Condition.Stateless {
        @Override
        public boolean test(EngineEvent event) {
            Double score = number(event.value(field));
            return score != null && operator.compare(score, value);
        }
    }

    /** The event's {@code validatorAddress} is one of the addresses (compared case-insensitively). */
    public record ValidatorWhitelist(Set<String> addresses) implements Condition.Stateless {
        public ValidatorWhitelist {
            addresses = Set.copyOf(addresses.stream().map(a -> a.toLowerCase(Locale.ROOT)).toList());
        }

        @Override
        public boolean test(EngineEvent event) {
            String validator = text(event, "validatorAddress");
            return validator != null && addresses.contains(validator.toLowerCase(Locale.ROOT));
        }
    }

    public record FileUriExists() implements Condition.Stateless {
        @Override
        public boolean test(EngineEvent event) {
            String uri = text(event, "fileUri");
            return uri != null && !uri.isBlank();
        }
    }

    /** A comparison on any JSON path of the event. */
    public record FieldCondition(String path, FieldOperator operator, JsonNode value) implements Condition.Stateless {
        @Override
        public boolean test(EngineEvent event) {
            return operator.test(event.value(path), value);
        }
    }

    /**
     * The exponential moving average of the number at {@code field} (default {@code score}), α = 2/(N+1), the first
     * average being the first value, compared with the value after the update. An event without the number leaves
     * the average as it is and is judged on it (false while there is none).
     */
    public record EmaThreshold(String field, int windowSize, Operator operator, double value) implements Condition.Stateful {
        public double alpha() {
            return 2.0 / (windowSize + 1);
        }

        @Override
        public Step step(ConditionState current, EngineEvent event) {
            ConditionState.Ema ema = current instanceof ConditionState.Ema e ? e : null;
            Double sample = number(event.value(field));
            if (sample != null) {
                ema = ema == null ? new ConditionState.Ema(sample, 1)
                        : new ConditionState.Ema(alpha() * sample + (1 - alpha()) * ema.ema(), ema.count() + 1);
            }
            return new Step(ema, ema != null && operator.compare(ema.ema(), value));
        }
    }

    /**
     * The number of events in a sliding window of event time, compared with the value. The window is
     * {@code (watermark - window, watermark]}, the watermark being the newest event time seen: an event older than
     * the window when it arrives is not counted, and the count never depends on arrival order.
     */
    public record RateLimit(long windowMillis, Operator operator, long value, boolean resetOnTrigger)
            implements Condition.Stateful {
        @Override
        public Step step(ConditionState current, EngineEvent event) {
            ConditionState.Window window = current instanceof ConditionState.Window w ? w
                    : new ConditionState.Window(Long.MIN_VALUE, new long[0]);
            long time = event.timeMillis();
            long watermark = Math.max(window.watermark(), time);
            long start = watermark - windowMillis;
            long[] times = window.times();
            int from = firstAfter(times, start);
            long[] kept;
            if (time > start) {
                // times[from - 1] <= start < time, so the insertion point is at or after from
                int at = firstAfter(times, time);
                kept = new long[times.length - from + 1];
                System.arraycopy(times, from, kept, 0, at - from);
                kept[at - from] = time;
                System.arraycopy(times, at, kept, at - from + 1, times.length - at);
            } else {
                kept = Arrays.copyOfRange(times, from, times.length);
            }
            if (kept.length > MAX_WINDOW_TIMES) {
                kept = Arrays.copyOfRange(kept, kept.length - MAX_WINDOW_TIMES, kept.length);
            }
            ConditionState.Window next = new ConditionState.Window(watermark, kept);
            return new Step(next, operator.compare(kept.length, value));
        }

        @Override
        public ConditionState afterFiring(ConditionState state) {
            if (resetOnTrigger && state instanceof ConditionState.Window window) {
                return new ConditionState.Window(window.watermark(), new long[0]);
            }
            return state;
        }

        /** The index of the first time strictly after {@code bound} (times ascending). */
        private static int firstAfter(long[] times, long bound) {
            int low = 0;
            int high = times.length;
            while (low < high) {
                int mid = (low + high) >>> 1;
                if (times[mid] <= bound) {
                    low = mid + 1;
                } else {
                    high = mid;
                }
            }
            return low;
        }
    }

    static String text(EngineEvent event, String path) {
        JsonNode node = event.value(path);
        return node == null || node.isContainerNode() ? null : node.asText();
    }

    /** A JSON number, or a string holding one; null otherwise. */
    static Double number(JsonNode node) {
        if (node == null) {
            return null;
        }
        if (node.isNumber()) {
            return node.doubleValue();
        }
        if (node.isTextual()) {
            try {
                return new BigDecimal(node.asText().strip()).doubleValue();
            } catch (NumberFormatException e) {
                return null;
            }
        }
        return null;
    }
}
