package dev.agora.triggers.platform.service;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;

import dev.agora.common.events.IncomingEvent;
import dev.agora.triggers.engine.CompiledTrigger;
import dev.agora.triggers.engine.EngineEvent;
import dev.agora.triggers.engine.TriggerIndex;
import dev.agora.triggers.evaluation.service.EventEvaluator;
import dev.agora.triggers.platform.repository.VisibilityRepository;
import io.smallrye.mutiny.Uni;

/**
 * Runs a consumed platform event through the platform triggers listening on its type, inside the idempotent
 * consumer's transaction. A trigger only sees events about agents its owner may see (own agents, organization
 * agents), events about no agent only when they name the owner ({@code userId}/{@code ownerId}); public types
 * ({@link PlatformEvents#PUBLIC_TYPES}) reach every trigger listening on them.
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

    /** Whether any enabled trigger listens on this type (if none, the event needs no work at all). */
    public boolean isWatched(String type) {
        return type != null && index.listensOn(CompiledTrigger.platformKey(type));
    }

    public Uni<Void> evaluate(IncomingEvent incoming) {
        if (!isWatched(incoming.type())) {
            return Uni.createFrom().voidItem();
        }
        long time = (incoming.time() == null ? Instant.now() : incoming.time()).toEpochMilli();
        EngineEvent event = PlatformEvents.engineEvent(incoming.id(), incoming.type(), time, incoming.data());
        List<CompiledTrigger> candidates = index.matching(CompiledTrigger.platformKey(incoming.type()), event);
        if (candidates.isEmpty()) {
            return Uni.createFrom().voidItem();
        }
        return visibleTo(event, candidates)
                .chain(visible -> evaluator.process(List.of(new EventEvaluator.Work(event, EventEvaluator.PLATFORM, visible))))
                .replaceWithVoid();
    }

    private Uni<List<CompiledTrigger>> visibleTo(EngineEvent event, List<CompiledTrigger> candidates) {
        if (PlatformEvents.isPublic(event.type())) {
            return Uni.createFrom().item(candidates);
        }
        UUID named = uuid(event.data().path("ownerId").asText(null));
        UUID user = uuid(event.data().path("userId").asText(null));
        UUID agent = uuid(event.agentId());
        if (agent == null) {
            return Uni.createFrom().item(candidates.stream()
                    .filter(t -> t.ownerId().equals(named) || t.ownerId().equals(user)).toList());
        }
        List<UUID> others = candidates.stream().map(CompiledTrigger::ownerId).filter(o -> !o.equals(named)).toList();
        return visibility.usersSeeing(agent, others).map(seeing -> candidates.stream()
                .filter(t -> t.ownerId().equals(named) || seeing.contains(t.ownerId())).toList());
    }

    private static UUID uuid(String text) {
        if (text == null) {
            return null;
        }
        try {
            return UUID.fromString(text);
        } catch (IllegalArgumentException e) {
            return null;
        }
    }

}
