package dev.agora.common.consumer;

import java.time.Instant;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;

import jakarta.enterprise.context.ApplicationScoped;

import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.MeterRegistry;

/**
 * The topics whose consumption waits for the infrastructure (the database unreachable, say) to come back: their
 * partition holds its next events until the one in hand is applied. Read by readiness; the time spent waiting is
 * exported per topic as {@code agora_consumer_paused_seconds_total}.
 */
@ApplicationScoped
public class ConsumerPauses {
    /** Since when a topic waits, and why. */
    public record Pause(Instant since, String failure) {
    }

    private final Map<String, Pause> active = new ConcurrentHashMap<>();
    private final Map<String, Long> startedNanos = new ConcurrentHashMap<>();
    private final Map<String, Long> endedNanos = new ConcurrentHashMap<>();
    private final MeterRegistry registry;

    public ConsumerPauses(MeterRegistry registry) {
        this.registry = registry;
    }

    /** An event of {@code topic} could not be applied for a transient reason and will be tried again. */
    public synchronized void waiting(String topic, Throwable failure) {
        if (!active.containsKey(topic)) {
            startedNanos.put(topic, System.nanoTime());
            FunctionCounter.builder("agora.consumer.paused", this, pauses -> pauses.pausedSeconds(topic))
                    .baseUnit("seconds")
                    .description("Time the topic's consumption waited for the database or broker to come back")
                    .tag("topic", topic)
                    .register(registry);
        }
        active.put(topic, new Pause(active.containsKey(topic) ? active.get(topic).since() : Instant.now(),
                String.valueOf(failure)));
    }

    /** The event in hand was applied (or given up): the topic flows again. */
    public synchronized void resumed(String topic) {
        if (active.remove(topic) != null) {
            endedNanos.merge(topic, System.nanoTime() - startedNanos.remove(topic), Long::sum);
        }
    }

    /** The topics waiting now, by name. */
    public synchronized Map<String, Pause> current() {
        return new TreeMap<>(active);
    }

    /** All the time {@code topic} has waited since start, the ongoing wait included. */
    public synchronized double pausedSeconds(String topic) {
        long nanos = endedNanos.getOrDefault(topic, 0L);
        Long started = startedNanos.get(topic);
        if (started != null) {
            nanos += System.nanoTime() - started;
        }
        return nanos / 1e9;
    }
}
