package dev.agora.triggers.engine;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What one event did to one trigger.
 *
 * @param passedFilter false: the event did not concern this trigger, nothing else was evaluated or changed
 * @param fired whether the condition tree held
 * @param result the tree's per-node outcomes (null when filtered out or without a tree)
 * @param statefulLeaves the trigger's stateful leaves, whose index is their state's slot
 * @param slots the new state of every stateful leaf, by slot (after any reset on firing); null where a leaf has none
 * @param matchedConditions the paths of the leaves that held
 */
public record Evaluation(boolean passedFilter, boolean fired, NodeResult result, List<Node.Leaf> statefulLeaves,
        ConditionState[] slots, List<String> matchedConditions) {

    public static final Evaluation FILTERED_OUT = new Evaluation(false, false, null, List.of(), new ConditionState[0],
            List.of());

    /** The new states by leaf path, in tree order. */
    public Map<String, ConditionState> states() {
        Map<String, ConditionState> states = new LinkedHashMap<>();
        for (int i = 0; i < slots.length; i++) {
            if (slots[i] != null) {
                states.put(statefulLeaves.get(i).path(), slots[i]);
            }
        }
        return states;
    }

    /** Whether the event produced any state to keep. */
    public boolean changedState() {
        for (ConditionState state : slots) {
            if (state != null) {
                return true;
            }
        }
        return false;
    }

    /** Writes the new states over {@code group} (the caller's states of this trigger and group key, by slot). */
    public void keepStatesIn(ConditionState[] group) {
        for (int i = 0; i < slots.length; i++) {
            if (slots[i] != null) {
                group[i] = slots[i];
            }
        }
    }

    /** The outcome of one node; {@code state} is a stateful leaf's new state, else null. */
    public record NodeResult(String path, String kind, boolean matched, List<NodeResult> children, ConditionState state) {
    }
}
