package dev.agora.triggers.engine;

import java.util.List;
import java.util.Map;

/**
 * What one event did to one trigger.
 *
 * @param passedFilter false: the event did not concern this trigger, nothing else was evaluated or changed
 * @param fired whether the condition tree held
 * @param result the tree's per-node outcomes (null when filtered out or without a tree)
 * @param states the new state of every stateful leaf, by leaf path (after any reset on firing)
 * @param matchedConditions the paths of the leaves that held
 */
public record Evaluation(boolean passedFilter, boolean fired, NodeResult result, Map<String, ConditionState> states,
        List<String> matchedConditions) {

    public static final Evaluation FILTERED_OUT = new Evaluation(false, false, null, Map.of(), List.of());

    /** The outcome of one node; {@code state} is a stateful leaf's new state, else null. */
    public record NodeResult(String path, String kind, boolean matched, List<NodeResult> children, ConditionState state) {
    }
}
