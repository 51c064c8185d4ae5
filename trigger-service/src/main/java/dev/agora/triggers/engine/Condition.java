package dev.agora.triggers.engine;

/** One leaf of a trigger's condition tree. */
public sealed interface Condition permits Condition.Stateless, Condition.Stateful {

    /** Decides from the event alone; usable in a trigger's filter. */
    non-sealed interface Stateless extends Condition {
        boolean test(EngineEvent event);
    }

    /** Keeps state across events (per condition and group key), updated on every event that reaches it. */
    non-sealed interface Stateful extends Condition {
        /** The state after {@code event} (never mutating {@code current}, which is null the first time) and the outcome. */
        Step step(ConditionState current, EngineEvent event);

        /** The state to keep once the trigger has fired on this event. */
        default ConditionState afterFiring(ConditionState state) {
            return state;
        }
    }

    record Step(ConditionState state, boolean matched) {
    }
}
