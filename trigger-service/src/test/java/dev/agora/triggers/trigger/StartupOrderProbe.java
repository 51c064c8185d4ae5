package dev.agora.triggers.trigger;

import jakarta.annotation.Priority;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.interceptor.Interceptor;

import dev.agora.triggers.engine.TriggerIndex;
import io.quarkus.runtime.StartupEvent;

/** Notes whether the trigger index was loaded when the Kafka consumers were started (at {@code LIBRARY_BEFORE}). */
@ApplicationScoped
public class StartupOrderProbe {
    private volatile Boolean indexLoadedWhenConsumersStarted;

    void atConsumersStart(@Observes @Priority(Interceptor.Priority.LIBRARY_BEFORE) StartupEvent start, TriggerIndex index) {
        indexLoadedWhenConsumersStarted = index.isLoaded();
    }

    /** Null when the consumers' start was not observed. */
    Boolean indexLoadedWhenConsumersStarted() {
        return indexLoadedWhenConsumersStarted;
    }
}
