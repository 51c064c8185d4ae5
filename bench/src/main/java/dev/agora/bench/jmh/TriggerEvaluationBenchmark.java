package dev.agora.bench.jmh;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.UUID;
import java.util.concurrent.TimeUnit;

import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import dev.agora.triggers.engine.CompiledTrigger;
import dev.agora.triggers.engine.ConditionState;
import dev.agora.triggers.engine.DefinitionParser;
import dev.agora.triggers.engine.EngineEvent;
import dev.agora.triggers.engine.Evaluation;
import dev.agora.triggers.engine.Evaluator;
import dev.agora.triggers.engine.TriggerIndex;

/**
 * Target 6: chain events per second through trigger-service's engine with 0 and with 10,000 enabled triggers.
 * <p>
 * Each operation is what the service does per event in memory: read the event's JSON, find the triggers whose filter
 * holds in the index, evaluate their trees and keep the state they produce. The
 * triggers are a mix like users write them: 98 % watch one agent (agent_id_equals filter, 2,000 agents) with a score
 * threshold, an EMA, a rate window or a composition of them; 2 % watch every agent of a registry for one tag (of ten)
 * and keep their state per agent; all are spread over three chains and the three ERC-8004 registries. Events are
 * feedback, validation and identity events about the same 2,000 agents, tagged with one of the ten tags.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 8, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(value = 1, jvmArgsAppend = { "-Xmx512m" })
public class TriggerEvaluationBenchmark {
    private static final long[] CHAINS = { 1, 8453, 84532 };
    private static final String[] REGISTRIES = { "reputation", "validation", "identity" };
    private static final String[] TYPES = { "NewFeedback", "ValidationResponse", "Registered" };
    private static final int AGENTS = 2_000;
    private static final int TAGS = 10;
    private static final int EVENTS = 1 << 14;
    private static final long BLOCK_SECONDS = 12;
    private static final ObjectMapper JSON = new ObjectMapper();

    private record GroupKey(UUID triggerId, String groupKey) {
    }

    @Param({ "0", "10000" })
    public int triggers;

    private final TriggerIndex index = new TriggerIndex();
    private static final ConditionState[] NO_STATES = new ConditionState[0];

    private final Map<GroupKey, ConditionState[]> states = new HashMap<>();
    private String[] events;
    private int next;

    @Setup
    public void setUp() {
        Random random = new Random(42);
        List<CompiledTrigger> all = new ArrayList<>();
        for (int i = 0; i < triggers; i++) {
            all.add(randomTrigger(random));
        }
        index.replaceAll(all, index.generation());
        events = new String[EVENTS];
        for (int i = 0; i < EVENTS; i++) {
            events[i] = randomEvent(random, i);
        }
    }

    @Benchmark
    public int evaluateOneEvent() throws JsonProcessingException {
        int n = next++;
        JsonNode json = JSON.readTree(events[n & (EVENTS - 1)]);
        // each pass over the prepared events moves on in time, as a chain does: windows and watermarks keep advancing
        long timestamp = json.get("timestamp").asLong() + (long) (n >>> 14) * EVENTS * BLOCK_SECONDS;
        String agentId = json.path("agentId").asText(null);
        EngineEvent event = new EngineEvent(json.get("id").asText(), json.get("eventType").asText(), agentId,
                timestamp * 1000, json);
        String key = CompiledTrigger.chainKey(json.get("chainId").asLong(), json.get("registry").asText());
        int fired = 0;
        for (CompiledTrigger trigger : index.matching(key, event)) {
            // the states of one trigger and group kept in memory between events, by slot
            ConditionState[] group = trigger.isStateful()
                    ? states.computeIfAbsent(new GroupKey(trigger.id(), trigger.groupKey(event)),
                            k -> new ConditionState[trigger.statefulLeaves().size()])
                    : NO_STATES;
            Evaluation evaluation = Evaluator.applyPassed(trigger, event, group);
            evaluation.keepStatesIn(group);
            if (evaluation.fired()) {
                fired++;
            }
        }
        return fired;
    }

    private static CompiledTrigger randomTrigger(Random random) {
        int chain = random.nextInt(CHAINS.length);
        int registry = random.nextInt(REGISTRIES.length);
        String agent = String.valueOf(random.nextInt(AGENTS));
        boolean everyAgent = random.nextInt(100) < 2;
        String filter = everyAgent ? "[{\"type\":\"tag_equals\",\"value\":\"tag-" + random.nextInt(TAGS) + "\"}]"
                : "[{\"type\":\"agent_id_equals\",\"value\":\"" + agent + "\"}]";
        String conditions = switch (random.nextInt(5)) {
            case 0 -> "{\"type\":\"score_threshold\",\"operator\":\"<\",\"value\":" + random.nextInt(100) + "}";
            case 1 -> "{\"type\":\"ema_threshold\",\"operator\":\"<\",\"value\":60,\"config\":{\"window_size\":10}}";
            case 2 -> "{\"type\":\"rate_limit\",\"operator\":\">=\",\"value\":5,\"config\":{\"time_window\":\"1h\"}}";
            case 3 -> "{\"any\":[{\"type\":\"tag_equals\",\"value\":\"tag-0\"},"
                    + "{\"not\":{\"type\":\"score_threshold\",\"operator\":\">=\",\"value\":50}}]}";
            default -> "{\"all\":[{\"type\":\"event_type_equals\",\"value\":\"" + TYPES[registry] + "\"},"
                    + "{\"type\":\"ema_threshold\",\"operator\":\">\",\"value\":80,\"config\":{\"window_size\":5}},"
                    + "{\"type\":\"rate_limit\",\"operator\":\">=\",\"value\":3,\"config\":{\"time_window\":\"15m\"}}]}";
        };
        DefinitionParser.Parsed parsed;
        try {
            parsed = DefinitionParser.parse(JSON.readTree(filter), JSON.readTree(conditions));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
        if (!parsed.isValid()) {
            throw new IllegalStateException(parsed.errors().toString());
        }
        return CompiledTrigger.of(UUID.randomUUID(), UUID.randomUUID(),
                List.of(CompiledTrigger.chainKey(CHAINS[chain], REGISTRIES[registry])), parsed.filter(), parsed.root(),
                everyAgent);
    }

    private static String randomEvent(Random random, int sequence) {
        int chain = random.nextInt(CHAINS.length);
        int registry = random.nextInt(REGISTRIES.length);
        long block = 1_000_000L + sequence;
        return JSON.createObjectNode()
                .put("id", CHAINS[chain] + "-" + block + "-0")
                .put("chainId", CHAINS[chain])
                .put("blockNumber", block)
                .put("registry", REGISTRIES[registry])
                .put("eventType", TYPES[registry])
                .put("agentId", String.valueOf(random.nextInt(AGENTS)))
                .put("timestamp", 1_700_000_000L + sequence * BLOCK_SECONDS)
                .put("clientAddress", "0x" + Long.toHexString(random.nextLong()))
                .put("score", random.nextInt(101))
                .put("tag1", "tag-" + random.nextInt(TAGS))
                .put("tag2", "v1")
                .toString();
    }
}
