package dev.agora.triggers.engine;

import static dev.agora.triggers.engine.EngineFixtures.feedback;
import static dev.agora.triggers.engine.EngineFixtures.trigger;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;

/** EMA sequences against hand computation; rate windows at their edges and with out-of-order block times. */
class StatefulConditionsTest {
    private static final String EMA_BELOW_60 = "{'type':'ema_threshold','operator':'<','value':60,'config':{'window_size':3}}";

    @Test
    void emaStartsAtTheFirstScoreAndFollowsAlphaTwoOverNPlusOne() {
        EngineFixtures.Run run = new EngineFixtures.Run(trigger(EMA_BELOW_60));
        // alpha = 2 / (3 + 1) = 0.5
        run.apply(feedback("7", 80, 1));
        assertEquals(new ConditionState.Ema(80, 1), run.state("", "conditions"));
        run.apply(feedback("7", 40, 2));
        assertEquals(new ConditionState.Ema(60, 2), run.state("", "conditions"));
        run.apply(feedback("7", 20, 3));
        assertEquals(new ConditionState.Ema(40, 3), run.state("", "conditions"));
    }

    @Test
    void emaComparesAfterTheUpdate() {
        EngineFixtures.Run run = new EngineFixtures.Run(trigger(EMA_BELOW_60));
        assertFalse(run.fires(feedback("7", 80, 1)), "ema 80");
        assertFalse(run.fires(feedback("7", 40, 2)), "ema 60 is not below 60");
        assertTrue(run.fires(feedback("7", 50, 3)), "ema 55");
    }

    @Test
    void emaWithWindowTenMatchesAHandComputedSequence() {
        EngineFixtures.Run run = new EngineFixtures.Run(
                trigger("{'type':'ema_threshold','operator':'>=','value':0,'config':{'window_size':10}}"));
        double alpha = 2.0 / 11;
        double expected = 0;
        int[] scores = { 90, 70, 100, 0, 55, 65 };
        for (int i = 0; i < scores.length; i++) {
            run.apply(feedback("7", scores[i], i));
            expected = i == 0 ? scores[0] : alpha * scores[i] + (1 - alpha) * expected;
            ConditionState.Ema ema = (ConditionState.Ema) run.state("", "conditions");
            assertEquals(expected, ema.ema(), 1e-9, "after score " + i);
            assertEquals(i + 1, ema.count());
        }
    }

    @Test
    void emaIgnoresEventsWithoutAScoreButStillJudgesOnTheAverage() {
        EngineFixtures.Run run = new EngineFixtures.Run(trigger(EMA_BELOW_60));
        assertFalse(run.fires(feedback("7", null, 1)), "no average yet");
        run.apply(feedback("7", 50, 2));
        assertTrue(run.fires(feedback("7", null, 3)));
        assertEquals(new ConditionState.Ema(50, 1), run.state("", "conditions"));
    }

    private static final String THREE_PER_MINUTE =
            "{'type':'rate_limit','operator':'>=','value':3,'config':{'time_window':'60s'}}";

    @Test
    void rateWindowCountsEventsWithinTheWindowOfBlockTime() {
        EngineFixtures.Run run = new EngineFixtures.Run(trigger(THREE_PER_MINUTE));
        assertFalse(run.fires(feedback("7", 1, 1000)));
        assertFalse(run.fires(feedback("7", 1, 1030)));
        assertTrue(run.fires(feedback("7", 1, 1059)), "three events within 60 s");
    }

    @Test
    void rateWindowExcludesAnEventExactlyOneWindowOld() {
        EngineFixtures.Run run = new EngineFixtures.Run(trigger(THREE_PER_MINUTE));
        run.apply(feedback("7", 1, 1000));
        run.apply(feedback("7", 1, 1030));
        assertFalse(run.fires(feedback("7", 1, 1060)), "window (1000, 1060]: the first event is out");
        assertArrayEquals(new long[] { 1_030_000, 1_060_000 },
                ((ConditionState.Window) run.state("", "conditions")).times());
    }

    @Test
    void rateWindowCountsAnEventOneMillisecondInsideTheWindow() {
        EngineFixtures.Run run = new EngineFixtures.Run(trigger(THREE_PER_MINUTE));
        run.apply(new EngineEvent("a", "NewFeedback", "7", 1_000_001, EngineFixtures.json("{}")));
        run.apply(feedback("7", 1, 1030));
        assertTrue(run.fires(feedback("7", 1, 1060)));
    }

    @Test
    void rateWindowIsMeasuredInBlockTimeNotArrivalTime() {
        EngineFixtures.Run run = new EngineFixtures.Run(trigger(THREE_PER_MINUTE));
        // three events processed in a burst but minutes apart on chain: never three within 60 s
        assertFalse(run.fires(feedback("7", 1, 1000)));
        assertFalse(run.fires(feedback("7", 1, 1100)));
        assertFalse(run.fires(feedback("7", 1, 1200)));
    }

    @Test
    void rateWindowGivesTheSameCountWhateverTheArrivalOrder() {
        long[] inOrder = { 1000, 1010, 1020, 1050, 1070 };
        long[] shuffled = { 1070, 1010, 1050, 1000, 1020 };
        assertArrayEquals(windowAfter(inOrder), windowAfter(shuffled));
        assertArrayEquals(new long[] { 1_020_000, 1_050_000, 1_070_000 }, windowAfter(shuffled));
    }

    @Test
    void aLateEventInsideTheWindowCountsAndOneOlderThanTheWindowDoesNot() {
        EngineFixtures.Run run = new EngineFixtures.Run(trigger(THREE_PER_MINUTE));
        run.apply(feedback("7", 1, 1100));
        run.apply(feedback("7", 1, 1120));
        assertFalse(run.fires(feedback("7", 1, 1040)), "60 s before the newest block time: outside");
        assertTrue(run.fires(feedback("7", 1, 1061)), "late but inside (1060, 1120]");
    }

    @Test
    void resetOnTriggerEmptiesTheWindowAfterFiring() {
        EngineFixtures.Run run = new EngineFixtures.Run(trigger(
                "{'type':'rate_limit','operator':'>=','value':2,'config':{'time_window':'1h','reset_on_trigger':true}}"));
        assertFalse(run.fires(feedback("7", 1, 1)));
        assertTrue(run.fires(feedback("7", 1, 2)));
        assertFalse(run.fires(feedback("7", 1, 3)), "counting starts again after firing");
        assertTrue(run.fires(feedback("7", 1, 4)));
    }

    @Test
    void withoutResetTheWindowKeepsFiring() {
        EngineFixtures.Run run = new EngineFixtures.Run(trigger(
                "{'type':'rate_limit','operator':'>=','value':2,'config':{'time_window':'1h'}}"));
        run.apply(feedback("7", 1, 1));
        assertTrue(run.fires(feedback("7", 1, 2)));
        assertTrue(run.fires(feedback("7", 1, 3)));
    }

    @Test
    void timeWindowsParseTheirUnits() {
        assertEquals(30_000, TimeWindows.parseMillis("30s"));
        assertEquals(900_000, TimeWindows.parseMillis("15m"));
        assertEquals(3_600_000, TimeWindows.parseMillis("1h"));
        assertEquals(86_400_000, TimeWindows.parseMillis("1d"));
        for (String bad : List.of("", "0s", "1w", "h", "1.5h", "-1h", "31d", "1 h")) {
            assertEquals(-1, TimeWindows.parseMillis(bad), bad);
        }
    }

    @Test
    void stateSurvivesAJsonRoundTrip() {
        EngineFixtures.Run run = new EngineFixtures.Run(trigger(THREE_PER_MINUTE));
        run.apply(feedback("7", 1, 1000));
        run.apply(feedback("7", 1, 1010));
        ConditionState window = run.state("", "conditions");
        assertEquals(window, ConditionState.fromJson(window.toJson()));
        ConditionState ema = new ConditionState.Ema(12.5, 3);
        assertEquals(ema, ConditionState.fromJson(ema.toJson()));
    }

    private static long[] windowAfter(long[] seconds) {
        EngineFixtures.Run run = new EngineFixtures.Run(trigger(THREE_PER_MINUTE));
        List<Long> order = new ArrayList<>();
        for (long second : seconds) {
            run.apply(feedback("7", 1, second));
            order.add(second);
        }
        return ((ConditionState.Window) run.state("", "conditions")).times();
    }
}
