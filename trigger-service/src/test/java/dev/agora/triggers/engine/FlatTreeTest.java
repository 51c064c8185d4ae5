package dev.agora.triggers.engine;

import static dev.agora.triggers.engine.EngineFixtures.trigger;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

import org.junit.jupiter.api.Test;

/**
 * Ingestion runs a trigger's flattened tree; dry runs walk the tree to explain it. {@link EngineFixtures.Run} checks on
 * every event that both decide the same outcome, states and matched leaves: these tests feed it trees of every shape.
 */
class FlatTreeTest {
    private static final String[] LEAVES = {
        "{'type':'score_threshold','operator':'<','value':%d}",
        "{'type':'tag_equals','value':'tag-%d'}",
        "{'type':'event_type_equals','value':'%s'}",
        "{'type':'ema_threshold','operator':'>','value':%d,'config':{'window_size':3}}",
        "{'type':'rate_limit','operator':'>=','value':%d,'config':{'time_window':'1h','reset_on_trigger':true}}",
        "{'type':'rate_limit','operator':'<','value':%d,'config':{'time_window':'15m'}}",
    };

    @Test
    void ingestionDecidesLikeTheExplainedTreeOnRandomTrees() {
        Random random = new Random(8);
        int fired = 0;
        for (int t = 0; t < 300; t++) {
            EngineFixtures.Run run = new EngineFixtures.Run(trigger(null, node(random, 0), random.nextBoolean()));
            for (int e = 0; e < 40; e++) {
                String type = random.nextBoolean() ? "NewFeedback" : "ValidationResponse";
                String data = "{'score':" + random.nextInt(100) + ",'tag1':'tag-" + random.nextInt(3) + "'}";
                if (run.apply(EngineFixtures.event(type, String.valueOf(random.nextInt(3)), e * 300L, data)).fired()) {
                    fired++;
                }
            }
        }
        assertTrue(fired > 1000 && fired < 11_000, "the trees both fire and stay silent: " + fired + " of 12,000");
    }

    @Test
    void aTreeWithTheMostLeavesAllowedRunsLikeItsExplanation() {
        // 50 leaves in ten groups of five under one any: the most outcomes a tree can keep waiting at once
        String groups = IntStream.range(0, 10)
                .mapToObj(g -> "{'all':[" + IntStream.range(0, 5).mapToObj(l -> String.format(LEAVES[(g + l) % 2 == 0 ? 0 : 4], 60))
                        .collect(Collectors.joining(",")) + "]}")
                .collect(Collectors.joining(","));
        CompiledTrigger trigger = trigger("{'any':[" + groups + "]}");
        assertEquals(DefinitionParser.MAX_LEAVES / 2, trigger.statefulLeaves().size());
        EngineFixtures.Run run = new EngineFixtures.Run(trigger);
        List<Boolean> outcomes = new ArrayList<>();
        for (int e = 0; e < 80; e++) {
            outcomes.add(run.fires(EngineFixtures.feedback("7", e % 7 == 0 ? 90 : 10, e * 60L)));
        }
        assertTrue(outcomes.contains(true) && outcomes.contains(false), outcomes.toString());
    }

    private static String node(Random random, int depth) {
        int kind = depth >= 3 ? 3 : random.nextInt(depth == 0 ? 3 : 4);
        return switch (kind) {
            case 0, 1 -> "{'" + (kind == 0 ? "all" : "any") + "':[" + IntStream.range(0, 1 + random.nextInt(3))
                    .mapToObj(i -> node(random, depth + 1)).collect(Collectors.joining(",")) + "]}";
            case 2 -> "{'not':" + node(random, depth + 1) + "}";
            default -> leaf(random);
        };
    }

    private static String leaf(Random random) {
        int type = random.nextInt(LEAVES.length);
        return switch (type) {
            case 1 -> String.format(LEAVES[type], random.nextInt(3));
            case 2 -> String.format(LEAVES[type], random.nextBoolean() ? "NewFeedback" : "ValidationResponse");
            case 4, 5 -> String.format(LEAVES[type], 1 + random.nextInt(4));
            default -> String.format(LEAVES[type], random.nextInt(100));
        };
    }
}
