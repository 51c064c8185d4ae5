package dev.agora.marketplace.rules;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Map;
import java.util.Set;

import org.junit.jupiter.api.Test;

import dev.agora.marketplace.task.service.TaskRules;
import dev.agora.marketplace.task.service.TaskRules.Actor;
import dev.agora.marketplace.task.service.TaskRules.Transition;

class TaskRulesTest {

    @Test
    void eachMoveLeavesFromItsStatusesGoesToOneAndIsMadeByOneParty() {
        record Move(Set<String> from, String to, Actor actor) {
        }
        Map<Transition, Move> table = Map.of(
                Transition.START, new Move(Set.of("pending"), "in_progress", Actor.OWNER),
                Transition.COMPLETE, new Move(Set.of("in_progress"), "completed", Actor.OWNER),
                Transition.FAIL, new Move(Set.of("in_progress"), "failed", Actor.OWNER),
                Transition.CANCEL, new Move(Set.of("pending", "in_progress"), "cancelled", Actor.HIRER));
        assertEquals(table.keySet(), Set.of(Transition.values()));
        table.forEach((transition, move) -> assertEquals(move,
                new Move(transition.from, transition.to, transition.actor), transition.name()));
    }

    @Test
    void thePlatformFailsAnyOpenTaskPendingIncludedAndOtherwiseMovesAsThePartiesDo() {
        assertEquals(Set.of("pending", "in_progress"), TaskRules.platformFrom(Transition.FAIL));
        assertEquals(Set.of("in_progress"), TaskRules.platformFrom(Transition.COMPLETE));
        assertEquals(Set.of("pending"), TaskRules.platformFrom(Transition.START));
    }

    @Test
    void everyVerbOfTheApiNamesATransition() {
        TaskRules.VERBS.forEach((verb, name) -> assertEquals(name, Transition.valueOf(name).name(), verb));
        assertEquals(Set.of("start", "complete", "fail", "cancel"), TaskRules.VERBS.keySet());
    }

    @Test
    void onlyFixedPaymentsAreEscrowed() {
        assertEquals(java.util.List.of("fixed"), TaskRules.ESCROWED_PAYMENT_TYPES);
    }
}
