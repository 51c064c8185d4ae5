package dev.agora.triggers.engine;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/**
 * Runs an event through a trigger. Pure: it reads the current states through a function and returns the new ones,
 * so the caller decides whether to save them (ingestion) or not (dry run).
 * <p>
 * Every node is evaluated, never short-circuited: a stateful leaf under an {@code all}, {@code any} or {@code not}
 * sees every event that passes the filter, whatever its siblings decide, so its meaning does not depend on the
 * order of the tree.
 */
public final class Evaluator {

    private Evaluator() {
    }

    /**
     * The event's effect on the trigger, with every node's outcome ({@link Evaluation#result()}), as a dry run shows it.
     *
     * @param currentState the state of a stateful leaf (by path) for the event's group key, null when there is none
     */
    public static Evaluation evaluate(CompiledTrigger trigger, EngineEvent event, Function<String, ConditionState> currentState) {
        return trigger.passesFilter(event) ? run(trigger, event, currentState, true) : Evaluation.FILTERED_OUT;
    }

    /**
     * The same effect without the per-node outcomes ({@link Evaluation#result()} null): what ingestion keeps, with no
     * tree built for every event.
     */
    public static Evaluation apply(CompiledTrigger trigger, EngineEvent event, Function<String, ConditionState> currentState) {
        return trigger.passesFilter(event) ? run(trigger, event, currentState, false) : Evaluation.FILTERED_OUT;
    }

    /**
     * {@link #apply} for an event the caller has already found to pass the trigger's filter (it had to, to know which
     * states to read): the filter is not checked twice.
     */
    public static Evaluation applyPassed(CompiledTrigger trigger, EngineEvent event,
            Function<String, ConditionState> currentState) {
        return run(trigger, event, currentState, false);
    }

    private static Evaluation run(CompiledTrigger trigger, EngineEvent event, Function<String, ConditionState> currentState,
            boolean explain) {
        if (trigger.root() == null) {
            return new Evaluation(true, true, null, Map.of(), List.of());
        }
        Map<String, ConditionState> states = trigger.isStateful() ? new LinkedHashMap<>() : Map.of();
        List<String> matched = new ArrayList<>(2);
        Evaluation.NodeResult result = null;
        boolean fired;
        if (explain) {
            result = evaluate(trigger.root(), event, currentState, states, matched);
            fired = result.matched();
        } else {
            fired = holds(trigger.root(), event, currentState, states, matched);
        }
        if (fired) {
            for (Node.Leaf leaf : trigger.statefulLeaves()) {
                ConditionState state = states.get(leaf.path());
                if (state != null) {
                    states.put(leaf.path(), ((Condition.Stateful) leaf.condition()).afterFiring(state));
                }
            }
        }
        return new Evaluation(true, fired, result, states, matched);
    }

    /** {@link #evaluate(Node, EngineEvent, Function, Map, List)} without the outcomes: every child still runs. */
    private static boolean holds(Node node, EngineEvent event, Function<String, ConditionState> current,
            Map<String, ConditionState> states, List<String> matched) {
        if (node instanceof Node.All all) {
            boolean every = true;
            for (Node child : all.children()) {
                every &= holds(child, event, current, states, matched);
            }
            return every;
        }
        if (node instanceof Node.Any any) {
            boolean some = false;
            for (Node child : any.children()) {
                some |= holds(child, event, current, states, matched);
            }
            return some;
        }
        if (node instanceof Node.Not not) {
            return !holds(not.child(), event, current, states, matched);
        }
        Node.Leaf leaf = (Node.Leaf) node;
        boolean holds;
        if (leaf.condition() instanceof Condition.Stateful stateful) {
            Condition.Step step = stateful.step(current.apply(leaf.path()), event);
            if (step.state() != null) {
                states.put(leaf.path(), step.state());
            }
            holds = step.matched();
        } else {
            holds = ((Condition.Stateless) leaf.condition()).test(event);
        }
        if (holds) {
            matched.add(leaf.path());
        }
        return holds;
    }

    private static Evaluation.NodeResult evaluate(Node node, EngineEvent event, Function<String, ConditionState> current,
            Map<String, ConditionState> states, List<String> matched) {
        if (node instanceof Node.All all) {
            List<Evaluation.NodeResult> children = children(all.children(), event, current, states, matched);
            return new Evaluation.NodeResult(all.path(), "all", children.stream().allMatch(Evaluation.NodeResult::matched),
                    children, null);
        }
        if (node instanceof Node.Any any) {
            List<Evaluation.NodeResult> children = children(any.children(), event, current, states, matched);
            return new Evaluation.NodeResult(any.path(), "any", children.stream().anyMatch(Evaluation.NodeResult::matched),
                    children, null);
        }
        if (node instanceof Node.Not not) {
            Evaluation.NodeResult child = evaluate(not.child(), event, current, states, matched);
            return new Evaluation.NodeResult(not.path(), "not", !child.matched(), List.of(child), null);
        }
        return leaf((Node.Leaf) node, event, current, states, matched);
    }

    private static List<Evaluation.NodeResult> children(List<Node> nodes, EngineEvent event,
            Function<String, ConditionState> current, Map<String, ConditionState> states, List<String> matched) {
        List<Evaluation.NodeResult> results = new ArrayList<>(nodes.size());
        for (Node child : nodes) {
            results.add(evaluate(child, event, current, states, matched));
        }
        return results;
    }

    private static Evaluation.NodeResult leaf(Node.Leaf leaf, EngineEvent event, Function<String, ConditionState> current,
            Map<String, ConditionState> states, List<String> matched) {
        boolean holds;
        ConditionState state = null;
        if (leaf.condition() instanceof Condition.Stateful stateful) {
            Condition.Step step = stateful.step(current.apply(leaf.path()), event);
            state = step.state();
            if (state != null) {
                states.put(leaf.path(), state);
            }
            holds = step.matched();
        } else {
            holds = ((Condition.Stateless) leaf.condition()).test(event);
        }
        if (holds) {
            matched.add(leaf.path());
        }
        return new Evaluation.NodeResult(leaf.path(), leaf.type(), holds, List.of(), state);
    }
}
