package dev.agora.triggers.trigger.service;

import java.util.List;
import java.util.UUID;

import jakarta.annotation.Priority;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;
import jakarta.interceptor.Interceptor;

import org.jboss.logging.Logger;

import dev.agora.triggers.engine.CompiledTrigger;
import dev.agora.triggers.engine.TriggerIndex;
import dev.agora.triggers.trigger.repository.Trigger;
import dev.agora.triggers.trigger.repository.TriggerRepository;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.quarkus.runtime.StartupEvent;
import io.quarkus.scheduler.Scheduled;
import io.quarkus.vertx.VertxContextSupport;
import io.smallrye.mutiny.Uni;

/**
 * Keeps the in-memory {@link TriggerIndex} of enabled triggers current: loaded at start before any event is consumed,
 * changed at once by this service's own writes (after they commit), and reloaded periodically so changes made by
 * other replicas arrive too.
 */
@ApplicationScoped
public class TriggerIndexes {
    private static final Logger LOG = Logger.getLogger(TriggerIndexes.class);

    private final TriggerIndex index = new TriggerIndex();
    private final TriggerRepository triggers;

    public TriggerIndexes(TriggerRepository triggers) {
        this.triggers = triggers;
    }

    @Produces
    @Singleton
    TriggerIndex index() {
        return index;
    }

    /** Before the Kafka consumers start (messaging starts at {@code LIBRARY_BEFORE}): they evaluate against the index. */
    void onStart(@Observes @Priority(Interceptor.Priority.LIBRARY_BEFORE - 1) StartupEvent start) throws Throwable {
        VertxContextSupport.subscribeAndAwait(this::reload);
    }

    @Scheduled(every = "${agora.triggers.index-refresh:30s}", delayed = "${agora.triggers.index-refresh:30s}",
            concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    Uni<Void> refresh() {
        return reload();
    }

    /** Replaces the index with the enabled triggers in the database (what a restart does). */
    public Uni<Void> reload() {
        long readAt = index.generation();
        return Panache.withSession(triggers::listEnabled).invoke(enabled -> {
            List<CompiledTrigger> compiled = enabled.stream().map(this::compileOrSkip).filter(t -> t != null).toList();
            index.replaceAll(compiled, readAt);
            LOG.debugf("Trigger index loaded: %d enabled triggers", compiled.size());
        }).replaceWithVoid();
    }

    /** After a committed change: indexes the trigger when enabled, drops it otherwise. */
    public void sync(Trigger trigger) {
        if (trigger.enabled) {
            index.put(TriggerCompiler.compile(trigger));
        } else {
            index.remove(trigger.id);
        }
    }

    public void drop(UUID triggerId) {
        index.remove(triggerId);
    }

    private CompiledTrigger compileOrSkip(Trigger trigger) {
        try {
            return TriggerCompiler.compile(trigger);
        } catch (IllegalStateException e) {
            LOG.errorf(e, "Trigger %s left out of the index", trigger.id);
            return null;
        }
    }
}
