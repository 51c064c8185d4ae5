package dev.agora.triggers.engine;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

/** Builds triggers from JSON and runs events through them, keeping state like the service does. */
final class EngineFixtures {
    static final ObjectMapper JSON = new ObjectMapper();

    private EngineFixtures() {
    }

    static JsonNode json(String text) {
        try {
            return JSON.readTree(text.replace('\'', '"'));
        } catch (Exception e) {
            throw new IllegalArgumentException(text, e);
        }
    }

    static CompiledTrigger trigger(String conditions) {
        return trigger(null, conditions, false);
    }

    static CompiledTrigger trigger(String filter, String conditions, boolean groupByAgent) {
        DefinitionParser.Parsed parsed = DefinitionParser.parse(filter == null ? null : json(filter),
                conditions == null ? null : json(conditions));
        if (!parsed.isValid()) {
            throw new IllegalArgumentException(parsed.errors().toString());
        }
        return CompiledTrigger.of(UUID.randomUUID(), UUID.randomUUID(), List.of("chain:1:reputation"), parsed.filter(),
                parsed.root(), groupByAgent);
    }

    /** A feedback event with a score at a block time in seconds. */
    static EngineEvent feedback(String agentId, Integer score, long seconds) {
        ObjectNode data = JSON.createObjectNode().put("agentId", agentId).put("eventType", "NewFeedback");
        if (score != null) {
            data.put("score", score);
        }
        return new EngineEvent("1-" + seconds + "-0", "NewFeedback", agentId, seconds * 1000, data);
    }

    static EngineEvent event(String type, String agentId, long seconds, String data) {
        return new EngineEvent(UUID.randomUUID().toString(), type, agentId, seconds * 1000, json(data));
    }

    /** Runs events through one trigger, saving states per group like the service. */
    static final class Run {
        final CompiledTrigger trigger;
        final Map<String, Map<String, ConditionState>> states = new HashMap<>();
        final Map<String, ConditionState[]> slots = new HashMap<>();

        Run(CompiledTrigger trigger) {
            this.trigger = trigger;
        }

        Evaluation apply(EngineEvent event) {
            Map<String, ConditionState> group = states.computeIfAbsent(trigger.groupKey(event), k -> new HashMap<>());
            Evaluation evaluation = Evaluator.evaluate(trigger, event, group::get);
            // ingestion's lean path must decide exactly what the explained one does
            Evaluation lean = Evaluator.apply(trigger, event, group::get);
            org.junit.jupiter.api.Assertions.assertEquals(evaluation.fired(), lean.fired(), "fired");
            org.junit.jupiter.api.Assertions.assertEquals(evaluation.states(), lean.states(), "states");
            org.junit.jupiter.api.Assertions.assertEquals(evaluation.matchedConditions(), lean.matchedConditions(), "matched");
            ConditionState[] bySlot = slots.computeIfAbsent(trigger.groupKey(event),
                    k -> new ConditionState[trigger.statefulLeaves().size()]);
            if (evaluation.passedFilter()) {
                // and so must the path for events already known to pass the filter
                Evaluation passed = Evaluator.applyPassed(trigger, event, Evaluator.slots(trigger, group::get));
                org.junit.jupiter.api.Assertions.assertEquals(evaluation.fired(), passed.fired(), "fired");
                org.junit.jupiter.api.Assertions.assertEquals(evaluation.states(), passed.states(), "states");
                // states kept by slot (in memory) evolve exactly as states kept by path (rows)
                Evaluation kept = Evaluator.applyPassed(trigger, event, bySlot);
                org.junit.jupiter.api.Assertions.assertEquals(evaluation.fired(), kept.fired(), "fired");
                org.junit.jupiter.api.Assertions.assertEquals(evaluation.states(), kept.states(), "states");
                kept.keepStatesIn(bySlot);
            }
            group.putAll(evaluation.states());
            for (int i = 0; i < bySlot.length; i++) {
                org.junit.jupiter.api.Assertions.assertEquals(group.get(trigger.statefulLeaves().get(i).path()), bySlot[i],
                        "state in slot " + i);
            }
            return evaluation;
        }

        boolean fires(EngineEvent event) {
            return apply(event).fired();
        }

        ConditionState state(String group, String path) {
            return states.getOrDefault(group, Map.of()).get(path);
        }
    }
}
