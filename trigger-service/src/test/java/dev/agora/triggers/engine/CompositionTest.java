package dev.agora.triggers.engine;

import static dev.agora.triggers.engine.EngineFixtures.feedback;
import static dev.agora.triggers.engine.EngineFixtures.trigger;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;

import org.junit.jupiter.api.Test;

/** all / any / not with stateful leaves: no short-circuit, state per condition and per group key. */
class CompositionTest {
    private static final String LOW_SCORE = "{'type':'score_threshold','operator':'<','value':50}";
    private static final String TWO_PER_HOUR = "{'type':'rate_limit','operator':'>=','value':2,'config':{'time_window':'1h'}}";
    private static final String EMA = "{'type':'ema_threshold','operator':'<','value':50,'config':{'window_size':1}}";

    @Test
    void aStatefulConditionUnderAllSeesEventsWhoseSiblingIsFalse() {
        // a short-circuiting AND would skip the counter whenever the first condition failed
        EngineFixtures.Run run = new EngineFixtures.Run(trigger("{'all':[" + LOW_SCORE + "," + TWO_PER_HOUR + "]}"));
        assertFalse(run.fires(feedback("7", 90, 1)));
        assertTrue(run.fires(feedback("7", 10, 2)), "the high-score event counted too: two events this hour");
        assertEquals(2, ((ConditionState.Window) run.state("", "conditions.all[1]")).times().length);
    }

    @Test
    void aStatefulConditionUnderAnySeesEventsWhoseSiblingIsTrue() {
        EngineFixtures.Run run = new EngineFixtures.Run(trigger("{'any':[" + LOW_SCORE + "," + TWO_PER_HOUR + "]}"));
        assertTrue(run.fires(feedback("7", 10, 1)), "low score");
        assertTrue(run.fires(feedback("7", 90, 2)), "second event of the hour, counted although the first fired via any");
    }

    @Test
    void orderOfSiblingsDoesNotChangeTheOutcome() {
        EngineFixtures.Run first = new EngineFixtures.Run(trigger("{'all':[" + LOW_SCORE + "," + TWO_PER_HOUR + "]}"));
        EngineFixtures.Run second = new EngineFixtures.Run(trigger("{'all':[" + TWO_PER_HOUR + "," + LOW_SCORE + "]}"));
        int[] scores = { 90, 10, 90, 90, 20, 70 };
        for (int i = 0; i < scores.length; i++) {
            assertEquals(first.fires(feedback("7", scores[i], i * 600L)), second.fires(feedback("7", scores[i], i * 600L)),
                    "event " + i);
        }
    }

    @Test
    void notInvertsAStatefulConditionWhileItKeepsCounting() {
        EngineFixtures.Run run = new EngineFixtures.Run(trigger("{'not':" + TWO_PER_HOUR + "}"));
        assertTrue(run.fires(feedback("7", 1, 1)), "fewer than two this hour");
        assertFalse(run.fires(feedback("7", 1, 2)));
        assertEquals(2, ((ConditionState.Window) run.state("", "conditions.not")).times().length);
    }

    @Test
    void eachConditionKeepsItsOwnState() {
        // with one state per trigger, two EMAs on different fields would overwrite each other
        EngineFixtures.Run run = new EngineFixtures.Run(trigger("{'all':[" + EMA + ","
                + "{'type':'ema_threshold','field':'other','operator':'<','value':50,'config':{'window_size':1}}]}"));
        run.apply(EngineFixtures.event("NewFeedback", "7", 1, "{'score':10,'other':90}"));
        assertEquals(new ConditionState.Ema(10, 1), run.state("", "conditions.all[0]"));
        assertEquals(new ConditionState.Ema(90, 1), run.state("", "conditions.all[1]"));
    }

    @Test
    void twoIdenticalConditionsDoNotShareState() {
        EngineFixtures.Run run = new EngineFixtures.Run(trigger("{'any':[" + TWO_PER_HOUR + ",{'not':" + TWO_PER_HOUR + "}]}"));
        run.apply(feedback("7", 1, 1));
        assertEquals(1, ((ConditionState.Window) run.state("", "conditions.any[0]")).times().length);
        assertEquals(1, ((ConditionState.Window) run.state("", "conditions.any[1].not")).times().length);
    }

    @Test
    void groupByAgentKeepsSeparateStatePerAgent() {
        EngineFixtures.Run run = new EngineFixtures.Run(trigger(null, TWO_PER_HOUR, true));
        assertFalse(run.fires(feedback("7", 1, 1)));
        assertFalse(run.fires(feedback("8", 1, 2)), "agent 8's first event");
        assertTrue(run.fires(feedback("7", 1, 3)));
        assertNotNull(run.state("8", "conditions"));
        assertNull(run.state("", "conditions"));
    }

    @Test
    void eventsStoppedByTheFilterDoNotTouchState() {
        EngineFixtures.Run run = new EngineFixtures.Run(trigger("[{'type':'agent_id_equals','value':'7'}]", TWO_PER_HOUR, false));
        run.apply(feedback("8", 1, 1));
        run.apply(feedback("8", 1, 2));
        assertNull(run.state("", "conditions"));
        assertFalse(run.fires(feedback("7", 1, 3)));
    }

    @Test
    void aListOfConditionsMeansAll() {
        EngineFixtures.Run run = new EngineFixtures.Run(trigger("[" + LOW_SCORE + ",{'type':'tag_equals','value':'x'}]"));
        assertFalse(run.fires(feedback("7", 10, 1)));
        assertTrue(run.fires(EngineFixtures.event("NewFeedback", "7", 2, "{'score':10,'tag1':'x'}")));
    }

    @Test
    void theResultNamesEveryNodeAndTheMatchedLeaves() {
        CompiledTrigger trigger = trigger("{'any':[" + LOW_SCORE + ",{'not':{'type':'tag_equals','value':'x'}}]}");
        Evaluation evaluation = Evaluator.evaluate(trigger, feedback("7", 10, 1), p -> null);
        assertTrue(evaluation.fired());
        assertEquals("any", evaluation.result().kind());
        assertEquals(List.of("conditions.any[0]", "conditions.any[1]"),
                evaluation.result().children().stream().map(Evaluation.NodeResult::path).toList());
        assertEquals("conditions.any[1].not", evaluation.result().children().get(1).children().get(0).path());
        assertEquals(List.of("conditions.any[0]"), evaluation.matchedConditions());
    }

    @Test
    void theEvaluatorNeverChangesTheStateItIsGiven() {
        CompiledTrigger trigger = trigger(TWO_PER_HOUR);
        ConditionState.Window before = new ConditionState.Window(1000, new long[] { 1000 });
        Evaluation evaluation = Evaluator.evaluate(trigger, feedback("7", 1, 2), p -> before);
        assertEquals(1, before.times().length);
        assertEquals(2, ((ConditionState.Window) evaluation.states().get("conditions")).times().length);
    }
}
