package dev.agora.triggers.engine;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;

/**
 * Runs an event through a trigger. Pure: it reads the current states (by path, or by slot) and returns the new ones,
 * so the caller decides whether to save them (ingestion) or not (dry run).
 * <p>
 * Every node is evaluated, never short-circuited: a stateful leaf under an {@code all}, {@code any} or {@code not}
 * sees every event that passes the filter, whatever its siblings decide, so its meaning does not depend on the
 * order of the tree.
 */
public final class Evaluator {

    private Evaluator() {
    }

    private static final ConditionState[] NO_STATES = new ConditionState[0];

    /**
     * The event's effect on the trigger, with every node's outcome ({@link Evaluation#result()}), as a dry run shows it.
     *
     * @param currentState the state of a stateful leaf (by path) for the event's group key, null when there is none
     */
    public static Evaluation evaluate(CompiledTrigger trigger, EngineEvent event, Function<String, ConditionState> currentState) {
        return trigger.passesFilter(event) ? run(trigger, event, slots(trigger, currentState), true) : Evaluation.FILTERED_OUT;
    }

    /**
     * The same effect without the per-node outcomes ({@link Evaluation#result()} null): what ingestion keeps, with no
     * tree built for every event.
     */
    public static Evaluation apply(CompiledTrigger trigger, EngineEvent event, Function<String, ConditionState> currentState) {
        return trigger.passesFilter(event) ? run(trigger, event, slots(trigger, currentState), false) : Evaluation.FILTERED_OUT;
    }

    /**
     * {@link #apply} for an event the caller has already found to pass the trigger's filter (it had to, to know which
     * states to read): the filter is not checked twice.
     *
     * @param current the states of the trigger's stateful leaves for the event's group key, by slot (the leaf's index
     *        in {@link CompiledTrigger#statefulLeaves()}), null where there is none; not changed
     */
    public static Evaluation applyPassed(CompiledTrigger trigger, EngineEvent event, ConditionState[] current) {
        return run(trigger, event, current, false);
    }

    /** The states by slot, read by path. */
    public static ConditionState[] slots(CompiledTrigger trigger, Function<String, ConditionState> byPath) {
        List<Node.Leaf> leaves = trigger.statefulLeaves();
        if (leaves.isEmpty()) {
            return NO_STATES;
        }
        ConditionState[] slots = new ConditionState[leaves.size()];
        for (int i = 0; i < slots.length; i++) {
            slots[i] = byPath.apply(leaves.get(i).path());
        }
        return slots;
    }

    /**
     * One pass over a tree. The stateful leaves are met in tree order, the order {@link CompiledTrigger#statefulLeaves()}
     * lists them (every node is visited), so the n-th one met reads and writes slot n.
     */
    private static final class Pass {
        final EngineEvent event;
        final ConditionState[] current;
        final ConditionState[] next;
        final List<String> matched = new ArrayList<>(2);
        int slot;

        Pass(EngineEvent event, ConditionState[] current, int slots) {
            this.event = event;
            this.current = current;
            this.next = slots == 0 ? NO_STATES : new ConditionState[slots];
        }
    }

    private static Evaluation run(CompiledTrigger trigger, EngineEvent event, ConditionState[] current, boolean explain) {
        if (trigger.root() == null) {
            return new Evaluation(true, true, null, trigger.statefulLeaves(), NO_STATES, List.of());
        }
        List<Node.Leaf> leaves = trigger.statefulLeaves();
        boolean fired;
        ConditionState[] next;
        Evaluation.NodeResult result = null;
        List<String> matched;
        if (explain) {
            Pass pass = new Pass(event, current, leaves.size());
            result = evaluate(trigger.root(), pass);
            if (pass.slot != leaves.size()) {
                throw new IllegalStateException("met " + pass.slot + " stateful leaves of " + leaves.size());
            }
            fired = result.matched();
            next = pass.next;
            matched = pass.matched;
        } else {
            next = leaves.isEmpty() ? NO_STATES : new ConditionState[leaves.size()];
            long outcome = trigger.flat().run(event, current, next);
            fired = (outcome & FlatTree.HELD) != 0;
            matched = trigger.flat().matched(outcome);
        }
        if (fired) {
            for (int i = 0; i < next.length; i++) {
                if (next[i] != null) {
                    next[i] = ((Condition.Stateful) leaves.get(i).condition()).afterFiring(next[i]);
                }
            }
        }
        return new Evaluation(true, fired, result, leaves, next, matched);
    }

    /** Steps the next stateful leaf: its current state in, its new state out (by slot). */
    private static Condition.Step step(Condition.Stateful stateful, Pass pass) {
        int slot = pass.slot++;
        Condition.Step step = stateful.step(pass.current[slot], pass.event);
        pass.next[slot] = step.state();
        return step;
    }

    private static Evaluation.NodeResult evaluate(Node node, Pass pass) {
        if (node instanceof Node.All all) {
            List<Evaluation.NodeResult> children = children(all.children(), pass);
            return new Evaluation.NodeResult(all.path(), "all", children.stream().allMatch(Evaluation.NodeResult::matched),
                    children, null);
        }
        if (node instanceof Node.Any any) {
            List<Evaluation.NodeResult> children = children(any.children(), pass);
            return new Evaluation.NodeResult(any.path(), "any", children.stream().anyMatch(Evaluation.NodeResult::matched),
                    children, null);
        }
        if (node instanceof Node.Not not) {
            Evaluation.NodeResult child = evaluate(not.child(), pass);
            return new Evaluation.NodeResult(not.path(), "not", !child.matched(), List.of(child), null);
        }
        return leaf((Node.Leaf) node, pass);
    }

    private static List<Evaluation.NodeResult> children(List<Node> nodes, Pass pass) {
        List<Evaluation.NodeResult> results = new ArrayList<>(nodes.size());
        for (Node child : nodes) {
            results.add(evaluate(child, pass));
        }
        return results;
    }

    private static Evaluation.NodeResult leaf(Node.Leaf leaf, Pass pass) {
        boolean holds;
        ConditionState state = null;
        if (leaf.condition() instanceof Condition.Stateful stateful) {
            Condition.Step step = step(stateful, pass);
            state = step.state();
            holds = step.matched();
        } else {
            holds = ((Condition.Stateless) leaf.condition()).test(pass.event);
        }
        if (holds) {
            pass.matched.add(leaf.path());
        }
        return new Evaluation.NodeResult(leaf.path(), leaf.type(), holds, List.of(), state);
    }
}
