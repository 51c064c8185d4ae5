package dev.agora.triggers.trigger.service;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import dev.agora.common.paging.Page;
import dev.agora.common.paging.PageRequest;
import dev.agora.common.problem.FieldError;
import dev.agora.common.problem.ProblemException;
import dev.agora.triggers.delivery.service.ActionSecrets;
import dev.agora.triggers.engine.CompiledTrigger;
import dev.agora.triggers.engine.ConditionState;
import dev.agora.triggers.engine.EngineEvent;
import dev.agora.triggers.engine.Evaluation;
import dev.agora.triggers.engine.Evaluator;
import dev.agora.triggers.evaluation.repository.FiringRepository;
import dev.agora.triggers.evaluation.repository.TriggerStateRepository;
import dev.agora.triggers.trigger.repository.Trigger;
import dev.agora.triggers.trigger.repository.TriggerAction;
import dev.agora.triggers.trigger.repository.TriggerActionRepository;
import dev.agora.triggers.trigger.repository.TriggerRepository;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.smallrye.mutiny.Uni;

/**
 * Triggers of their owner: nobody else's trigger is ever found. Each change commits, then reaches the in-memory index.
 * Replacing a trigger's filter, conditions or grouping starts its state afresh (state is keyed by condition path).
 */
@ApplicationScoped
public class TriggerService {
    private final TriggerRepository triggers;
    private final TriggerActionRepository actions;
    private final TriggerStateRepository states;
    private final FiringRepository firings;
    private final TriggerIndexes index;
    private final ObjectMapper mapper;

    private final ActionSecrets secrets;

    public TriggerService(TriggerRepository triggers, TriggerActionRepository actions, TriggerStateRepository states,
            FiringRepository firings, TriggerIndexes index, ObjectMapper mapper, ActionSecrets secrets) {
        this.secrets = secrets;
        this.triggers = triggers;
        this.actions = actions;
        this.states = states;
        this.firings = firings;
        this.index = index;
        this.mapper = mapper;
    }

    /** The created trigger, with its webhook signing secret: the only time it is shown. */
    public Uni<ObjectNode> create(UUID ownerId, JsonNode body) {
        TriggerDefinition definition = TriggerDefinition.read(body);
        Trigger trigger = new Trigger();
        trigger.id = UUID.randomUUID();
        trigger.ownerId = ownerId;
        trigger.createdAt = now();
        String signingSecret = secrets.newSigningSecret();
        trigger.signingSecret = secrets.sealSigningSecret(signingSecret, ownerId, trigger.id);
        apply(trigger, definition);
        List<TriggerAction> sealed = sealedActions(trigger, definition, List.of());
        return Panache.withTransaction(() -> triggers.persist(trigger)
                .chain(() -> saveActions(sealed))
                .call(triggers::flush))
                .invoke(() -> index.sync(trigger))
                .map(saved -> {
                    ObjectNode view = mapper.valueToTree(TriggerView.of(trigger, saved));
                    return view.put("signingSecret", signingSecret);
                });
    }

    public Uni<TriggerView> get(UUID ownerId, UUID id) {
        return Panache.withSession(() -> owned(ownerId, id).chain(this::view));
    }

    public Uni<Page<TriggerView>> list(UUID ownerId, String limit, String cursor) {
        PageRequest page = PageRequest.of(limit, cursor, 2);
        Instant before = page.hasCursor() ? page.instantAt(0) : null;
        UUID beforeId = page.hasCursor() ? page.uuidAt(1) : null;
        return Panache.withSession(() -> triggers.listOwned(ownerId, before, beforeId, page.limit())
                .chain(rows -> actions.listOf(rows.stream().map(t -> t.id).toList()).map(all -> {
                    Map<UUID, List<TriggerAction>> byTrigger = new HashMap<>();
                    all.forEach(a -> byTrigger.computeIfAbsent(a.triggerId, k -> new ArrayList<>()).add(a));
                    return Page.of(rows, page.limit(), t -> TriggerView.of(t, byTrigger.getOrDefault(t.id, List.of())),
                            last -> PageRequest.encodeCursor(last.createdAt, last.id));
                })));
    }

    /** Replaces the whole definition (conditions and actions nested). */
    public Uni<TriggerView> replace(UUID ownerId, UUID id, JsonNode body) {
        TriggerDefinition definition = TriggerDefinition.read(body);
        return Panache.withTransaction(() -> owned(ownerId, id)
                .call(trigger -> states.lock(List.of(trigger.id)))
                .chain(trigger -> replace(trigger, definition)))
                .invoke(saved -> index.sync(saved.getKey()))
                .map(saved -> TriggerView.of(saved.getKey(), saved.getValue()));
    }

    private Uni<Map.Entry<Trigger, List<TriggerAction>>> replace(Trigger trigger, TriggerDefinition definition) {
        String conditions = definition.conditions() == null ? null : definition.conditions().toString();
        boolean logicChanged = !Objects.equals(trigger.filter, definition.filter().toString())
                || !Objects.equals(trigger.conditions, conditions) || !Objects.equals(trigger.groupBy, definition.groupBy());
        apply(trigger, definition);
        Uni<Integer> reset = logicChanged ? states.clear(trigger.id) : Uni.createFrom().item(0);
        return reset.chain(() -> actions.listOf(trigger.id))
                .map(previous -> sealedActions(trigger, definition, previous))
                .call(() -> actions.deleteOf(trigger.id))
                .call(actions::flush)
                .chain(this::saveActions)
                .call(triggers::flush)
                .map(saved -> Map.entry(trigger, saved));
    }

    public Uni<TriggerView> setEnabled(UUID ownerId, UUID id, boolean enabled) {
        return Panache.withTransaction(() -> owned(ownerId, id).chain(trigger -> {
            if (trigger.enabled != enabled) {
                trigger.enabled = enabled;
                trigger.updatedAt = now();
            }
            return triggers.flush().replaceWith(trigger);
        })).invoke(index::sync).chain(trigger -> Panache.withSession(() -> view(trigger)));
    }

    public Uni<Void> delete(UUID ownerId, UUID id) {
        return Panache.withTransaction(() -> owned(ownerId, id)
                .call(trigger -> states.lock(List.of(trigger.id)))
                .call(triggers::delete))
                .invoke(trigger -> index.drop(trigger.id)).replaceWithVoid();
    }

    /** The stored state of every stateful condition, per group key. */
    public Uni<List<ObjectNode>> state(UUID ownerId, UUID id) {
        return Panache.withSession(() -> owned(ownerId, id).chain(trigger -> states.list(trigger.id)))
                .map(rows -> rows.stream().map(row -> {
                    ObjectNode item = mapper.createObjectNode().put("groupKey", row.groupKey())
                            .put("condition", row.conditionPath())
                            .put("updatedAt", Instant.ofEpochMilli(row.updatedAtMillis()).toString());
                    item.set("state", TriggerCompiler.read(row.stateJson()));
                    return item;
                }).toList());
    }

    public Uni<Page<ObjectNode>> firings(UUID ownerId, UUID id, String limit, String cursor) {
        PageRequest page = PageRequest.of(limit, cursor, 2);
        Long before = null;
        if (page.hasCursor()) {
            try {
                before = Long.parseLong(page.cursor()[0]);
            } catch (NumberFormatException e) {
                throw ProblemException.badRequest("cursor", "is not a cursor returned by this list");
            }
        }
        Long beforeMicros = before;
        String beforeId = page.hasCursor() ? page.cursor()[1] : null;
        return Panache.withSession(() -> owned(ownerId, id)
                .chain(trigger -> firings.list(trigger.id, beforeMicros, beforeId, page.limit())))
                .map(rows -> Page.of(rows, page.limit(), this::firingJson,
                        last -> PageRequest.encodeCursor(micros(last.firedAt()), last.id())));
    }

    /**
     * Runs a sample event through the trigger with its current stored state: per-node results and the state it would
     * produce. Nothing is saved.
     */
    public Uni<ObjectNode> dryRun(UUID ownerId, UUID id, JsonNode body) {
        return Panache.withSession(() -> owned(ownerId, id).chain(trigger -> {
            EngineEvent event = SampleEvents.read(trigger, body);
            CompiledTrigger compiled = TriggerCompiler.compile(trigger);
            String group = compiled.groupKey(event);
            return states.load(List.of(new TriggerStateRepository.GroupKey(trigger.id, group))).map(loaded -> {
                Map<String, ConditionState> current = loaded.getOrDefault(
                        new TriggerStateRepository.GroupKey(trigger.id, group), Map.of());
                Evaluation evaluation = Evaluator.evaluate(compiled, event, current::get);
                ObjectNode result = mapper.createObjectNode().put("passedFilter", evaluation.passedFilter())
                        .put("fired", evaluation.fired()).put("groupKey", group);
                result.set("matchedConditions", mapper.valueToTree(evaluation.matchedConditions()));
                result.set("result", evaluation.result() == null ? null : nodeJson(evaluation.result()));
                ObjectNode after = result.putObject("state");
                evaluation.states().forEach((path, state) -> after.set(path, state.toJson()));
                return result;
            });
        }));
    }

    /**
     * A deleted user's triggers stop, in the caller's transaction (the consumer's); returns their ids so the caller
     * can drop them from the index once that transaction has committed.
     */
    public Uni<List<UUID>> disableAllOf(UUID ownerId) {
        return triggers.listEnabledOf(ownerId).map(list -> list.stream().map(t -> t.id).toList())
                .call(() -> triggers.disableAllOf(ownerId));
    }

    public void dropFromIndex(List<UUID> triggerIds) {
        triggerIds.forEach(index::drop);
    }

    Uni<Trigger> owned(UUID ownerId, UUID id) {
        return triggers.findOwned(id, ownerId).onItem().ifNull().failWith(() -> ProblemException.notFound("trigger " + id));
    }

    private Uni<TriggerView> view(Trigger trigger) {
        return actions.listOf(trigger.id).map(list -> TriggerView.of(trigger, list));
    }

    /**
     * The actions to store, their secrets sealed at their place; a secret sent back masked keeps what the action at the
     * same position (and of the same type) stored, unless the address it is sent to changed. Every refused secret of
     * every action is named in one 400.
     */
    private List<TriggerAction> sealedActions(Trigger trigger, TriggerDefinition definition, List<TriggerAction> previous) {
        List<TriggerAction> saved = new ArrayList<>();
        List<FieldError> errors = new ArrayList<>();
        for (int i = 0; i < definition.actions().size(); i++) {
            TriggerDefinition.ActionDefinition def = definition.actions().get(i);
            TriggerAction action = new TriggerAction();
            action.id = UUID.randomUUID();
            action.triggerId = trigger.id;
            action.position = i;
            action.actionType = def.type();
            action.priority = def.priority();
            TriggerAction before = i < previous.size() && previous.get(i).actionType.equals(def.type()) ? previous.get(i) : null;
            action.config = secrets.sealConfig(def.type(), def.config(), before == null ? null : TriggerCompiler.read(before.config),
                    ActionSecrets.settingsPlace(trigger.ownerId, trigger.id, i), errors).toString();
            saved.add(action);
        }
        if (!errors.isEmpty()) {
            throw ProblemException.invalid(errors);
        }
        return saved;
    }

    private Uni<List<TriggerAction>> saveActions(List<TriggerAction> saved) {
        return saved.isEmpty() ? Uni.createFrom().item(saved) : actions.persist(saved).replaceWith(saved);
    }

    private static void apply(Trigger trigger, TriggerDefinition definition) {
        trigger.name = definition.name();
        trigger.description = definition.description();
        trigger.enabled = definition.enabled();
        trigger.sourceType = definition.sourceType();
        trigger.chainId = definition.chainId();
        trigger.registry = definition.registry();
        trigger.eventTypes = definition.eventTypes().toArray(String[]::new);
        trigger.filter = definition.filter().toString();
        trigger.conditions = definition.conditions() == null ? null : definition.conditions().toString();
        trigger.groupBy = definition.groupBy();
        trigger.updatedAt = now();
    }

    private ObjectNode nodeJson(Evaluation.NodeResult node) {
        ObjectNode json = mapper.createObjectNode().put("path", node.path()).put("kind", node.kind())
                .put("matched", node.matched());
        if (node.state() != null) {
            json.set("state", node.state().toJson());
        }
        if (!node.children().isEmpty()) {
            ArrayNode children = json.putArray("children");
            node.children().forEach(child -> children.add(nodeJson(child)));
        }
        return json;
    }

    private ObjectNode firingJson(FiringRepository.Firing firing) {
        ObjectNode json = mapper.createObjectNode().put("id", firing.id().toString()).put("eventId", firing.eventId())
                .put("eventSource", firing.eventSource()).put("eventType", firing.eventType())
                .put("agentId", firing.agentId()).put("groupKey", firing.groupKey())
                .put("firedAt", firing.firedAt().toString());
        json.set("matchedConditions", TriggerCompiler.read(firing.matchedConditions()));
        json.set("state", TriggerCompiler.read(firing.stateSnapshot()));
        json.set("event", TriggerCompiler.read(firing.event()));
        return json;
    }

    private static long micros(Instant instant) {
        return instant.getEpochSecond() * 1_000_000L + instant.getNano() / 1000;
    }

    private static Instant now() {
        return Instant.now().truncatedTo(ChronoUnit.MICROS);
    }
}
