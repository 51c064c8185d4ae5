package dev.agora.triggers.evaluation.service;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

import dev.agora.common.events.Audience;
import dev.agora.common.events.Topics;
import dev.agora.common.outbox.OutboxWriter;
import dev.agora.triggers.delivery.repository.ActionJobRepository;
import dev.agora.triggers.delivery.service.DeliveryConfig;
import dev.agora.triggers.engine.CompiledTrigger;
import dev.agora.triggers.engine.ConditionState;
import dev.agora.triggers.engine.EngineEvent;
import dev.agora.triggers.engine.Evaluation;
import dev.agora.triggers.engine.Evaluator;
import dev.agora.triggers.evaluation.events.TriggerEvents;
import dev.agora.triggers.evaluation.repository.FiringRepository;
import dev.agora.triggers.evaluation.repository.TriggerStateRepository;
import dev.agora.triggers.evaluation.repository.TriggerStateRepository.GroupKey;
import dev.agora.triggers.evaluation.repository.TriggerStateRepository.StateRow;
import io.smallrye.mutiny.Uni;

/**
 * Runs events through the triggers they reach, inside the caller's transaction (ingestion's or a consumer's): the
 * new condition states, the firings and their {@code agora.trigger.fired.v1} events commit with the event itself.
 * <p>
 * The triggers involved are locked first (in id order; replacing or deleting a trigger takes the same lock), their
 * states loaded in one query, evolved in memory in event order, and saved in one statement; so concurrent batches
 * never lose an update, and a trigger deleted meanwhile records nothing. Each firing creates one action job per
 * action of its trigger in the same transaction, so a committed firing is always delivered.
 */
@ApplicationScoped
public class EventEvaluator {
    public static final String CHAIN = "chain";
    public static final String PLATFORM = "platform";

    private final TriggerStateRepository states;
    private final FiringRepository firings;
    private final OutboxWriter outbox;
    private final ObjectMapper mapper;

    private final ActionJobRepository jobs;
    private final DeliveryConfig delivery;

    public EventEvaluator(TriggerStateRepository states, FiringRepository firings, OutboxWriter outbox, ObjectMapper mapper,
            ActionJobRepository jobs, DeliveryConfig delivery) {
        this.jobs = jobs;
        this.delivery = delivery;
        this.states = states;
        this.firings = firings;
        this.outbox = outbox;
        this.mapper = mapper;
    }

    /**
     * One event and the triggers it is to run through: those listening on its source key whose filter holds for it
     * ({@code TriggerIndex.matching}) and whose owner may see it.
     */
    public record Work(EngineEvent event, String source, List<CompiledTrigger> triggers) {
    }

    /** Returns the firings recorded. */
    public Uni<List<FiringRepository.Firing>> process(List<Work> batch) {
        List<Work> reached = new ArrayList<>();
        Set<UUID> locked = new TreeSet<>();
        Set<GroupKey> groups = new LinkedHashSet<>();
        for (Work work : batch) {
            if (work.triggers().isEmpty()) {
                continue;
            }
            reached.add(work);
            for (CompiledTrigger trigger : work.triggers()) {
                locked.add(trigger.id());
                if (!trigger.statefulLeaves().isEmpty()) {
                    groups.add(new GroupKey(trigger.id(), trigger.groupKey(work.event())));
                }
            }
        }
        if (reached.isEmpty()) {
            return Uni.createFrom().item(List.of());
        }
        return states.lock(locked)
                .chain(() -> states.load(groups))
                .chain(loaded -> record(evaluate(reached, loaded)));
    }

    private record Outcome(Map<GroupKey, Map<String, ConditionState>> dirty, List<FiringRepository.Firing> firings,
            List<List<String>> matched) {
    }

    private Outcome evaluate(List<Work> batch, Map<GroupKey, Map<String, ConditionState>> loaded) {
        Map<GroupKey, Map<String, ConditionState>> current = new HashMap<>();
        loaded.forEach((key, value) -> current.put(key, new HashMap<>(value)));
        Map<GroupKey, Map<String, ConditionState>> dirty = new LinkedHashMap<>();
        List<FiringRepository.Firing> fired = new ArrayList<>();
        List<List<String>> matched = new ArrayList<>();
        Instant now = Instant.now().truncatedTo(ChronoUnit.MICROS);
        for (Work work : batch) {
            for (CompiledTrigger trigger : work.triggers()) {
                GroupKey key = new GroupKey(trigger.id(), trigger.groupKey(work.event()));
                // a trigger without stateful conditions has no state to read or keep
                Map<String, ConditionState> group = trigger.isStateful()
                        ? current.computeIfAbsent(key, k -> new HashMap<>())
                        : Map.of();
                // work.triggers() holds only those whose filter holds (Work)
                Evaluation evaluation = Evaluator.applyPassed(trigger, work.event(), Evaluator.slots(trigger, group::get));
                // kept by path, as the rows are: a trigger replaced during the batch may number its leaves anew
                Map<String, ConditionState> changed = evaluation.changedState() ? evaluation.states() : Map.of();
                if (!changed.isEmpty()) {
                    group.putAll(changed);
                    dirty.computeIfAbsent(key, k -> new HashMap<>()).putAll(changed);
                }
                if (evaluation.fired()) {
                    fired.add(firing(trigger, work, key.groupKey(), evaluation, changed, now));
                    matched.add(evaluation.matchedConditions());
                }
            }
        }
        return new Outcome(dirty, fired, matched);
    }

    private Uni<List<FiringRepository.Firing>> record(Outcome outcome) {
        List<StateRow> rows = new ArrayList<>();
        outcome.dirty().forEach((key, group) -> group.forEach((path, state) ->
                rows.add(new StateRow(key.triggerId(), key.groupKey(), path, state))));
        Uni<Void> chain = states.save(rows);
        for (int i = 0; i < outcome.firings().size(); i++) {
            FiringRepository.Firing firing = outcome.firings().get(i);
            List<String> matched = outcome.matched().get(i);
            chain = chain.chain(() -> firings.insert(firing)).chain(inserted -> inserted == 0
                    ? Uni.createFrom().voidItem()
                    : jobs.createForFiring(firing.id(), firing.triggerId(), firing.ownerId(),
                            delivery.retry().maxAttempts()).chain(() -> outbox.append(Topics.TRIGGERS, TriggerEvents.FIRED, firing.triggerId(),
                            new TriggerEvents.Fired(firing.id(), firing.triggerId(), firing.ownerId(), firing.eventId(),
                                    firing.eventSource(), firing.eventType(), firing.agentId(), firing.groupKey(), matched,
                                    firing.firedAt()), Audience.users(firing.ownerId()))).replaceWithVoid());
        }
        return chain.replaceWith(outcome.firings());
    }

    private FiringRepository.Firing firing(CompiledTrigger trigger, Work work, String groupKey, Evaluation evaluation,
            Map<String, ConditionState> states, Instant now) {
        ObjectNode snapshot = mapper.createObjectNode();
        states.forEach((path, state) -> snapshot.set(path, state.toJson()));
        ObjectNode event = mapper.createObjectNode().put("id", work.event().id()).put("type", work.event().type())
                .put("agentId", work.event().agentId())
                .put("time", Instant.ofEpochMilli(work.event().timeMillis()).toString());
        event.set("data", work.event().data());
        return new FiringRepository.Firing(UUID.randomUUID(), trigger.id(), trigger.ownerId(), work.event().id(),
                work.source(), work.event().type(), work.event().agentId(), groupKey,
                mapper.valueToTree(evaluation.matchedConditions()).toString(), snapshot.toString(), event.toString(), now);
    }
}
