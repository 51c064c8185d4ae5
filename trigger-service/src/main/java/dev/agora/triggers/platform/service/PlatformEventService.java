package dev.agora.triggers.platform.service;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;

import dev.agora.common.events.Audience;
import dev.agora.common.events.IncomingEvent;
import dev.agora.common.retry.NotReadyException;
import dev.agora.triggers.engine.CompiledTrigger;
import dev.agora.triggers.engine.EngineEvent;
import dev.agora.triggers.engine.TriggerIndex;
import dev.agora.triggers.evaluation.service.EventEvaluator;
import dev.agora.triggers.platform.repository.VisibilityRepository;
import io.smallrye.mutiny.Uni;

/**
 * Runs a consumed platform event through the platform triggers listening on its type, inside the idempotent
 * consumer's transaction. A trigger sees an event only when its owner is in the event's audience, as the publishing
 * service decided it: a party the event names, or a member holding one of the listed roles in one of the listed
 * organizations; a public event reaches every trigger listening on it. Firings, their actions' payloads and the
 * notifications they request are made only from the events a trigger sees.
 */
@ApplicationScoped
public class PlatformEventService {
    private final TriggerIndex index;
    private final VisibilityRepository visibility;
    private final EventEvaluator evaluator;

    public PlatformEventService(TriggerIndex index, VisibilityRepository visibility, EventEvaluator evaluator) {
        this.index = index;
        this.visibility = visibility;
        this.evaluator = evaluator;
    }

    /**
     * Whether any enabled trigger listens on this type (if none, the event needs no work at all). Before the index is
     * loaded any type may be watched.
     */
    public boolean isWatched(String type) {
        return type != null && (!index.isLoaded() || index.listensOn(CompiledTrigger.platformKey(type)));
    }

    /** Fails with {@link NotReadyException} (the consumer tries again) until the index is loaded. */
    public Uni<Void> evaluate(IncomingEvent incoming) {
        if (!index.isLoaded()) {
            return Uni.createFrom().failure(new NotReadyException("the trigger index is not loaded yet"));
        }
        if (!isWatched(incoming.type())) {
            return Uni.createFrom().voidItem();
        }
        long time = (incoming.time() == null ? Instant.now() : incoming.time()).toEpochMilli();
        EngineEvent event = PlatformEvents.engineEvent(incoming.id(), incoming.type(), time, incoming.data());
        List<CompiledTrigger> candidates = index.matching(CompiledTrigger.platformKey(incoming.type()), event);
        if (candidates.isEmpty()) {
            return Uni.createFrom().voidItem();
        }
        return visibleTo(incoming.audience(), candidates)
                .chain(visible -> evaluator.process(List.of(new EventEvaluator.Work(event, EventEvaluator.PLATFORM, visible))))
                .replaceWithVoid();
    }

    /** The triggers whose owners are in the event's audience (its parties, or members holding a listed org role). */
    private Uni<List<CompiledTrigger>> visibleTo(Audience audience, List<CompiledTrigger> candidates) {
        if (audience.isPublic()) {
            return Uni.createFrom().item(candidates);
        }
        List<CompiledTrigger> named = candidates.stream().filter(t -> audience.names(t.ownerId())).toList();
        if (audience.orgs().isEmpty() || named.size() == candidates.size()) {
            return Uni.createFrom().item(named);
        }
        List<UUID> others = candidates.stream().map(CompiledTrigger::ownerId).filter(o -> !audience.names(o)).toList();
        return visibility.orgRolesOf(others, audience.orgs().keySet()).map(roles -> candidates.stream()
                .filter(t -> audience.admits(t.ownerId(), roles.getOrDefault(t.ownerId(), Map.of()))).toList());
    }

}
