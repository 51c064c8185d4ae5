package dev.agora.triggers.delivery;

import static dev.agora.triggers.TestChain.as;
import static dev.agora.triggers.TestChain.batch;
import static dev.agora.triggers.TestChain.feedback;
import static dev.agora.triggers.TestChain.ingestor;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicLong;

import org.awaitility.Awaitility;

import com.fasterxml.jackson.databind.node.ObjectNode;

import io.restassured.path.json.JsonPath;

/** Triggers that fire on every feedback event of their own chain, and the way to make them fire. */
public final class Deliveries {
    private static final AtomicLong BLOCKS = new AtomicLong(1000);

    private Deliveries() {
    }

    public record Created(String id, String signingSecret, long chainId) {
    }

    /** A trigger of {@code owner} with these actions (JSON array text, single quotes allowed). */
    public static Created trigger(UUID owner, String name, String actions) {
        long chain = dev.agora.triggers.TestChain.newChainId();
        String body = ("{'name':" + quote(name) + ",'source':{'type':'chain','chainId':" + chain
                + ",'registry':'reputation'},'actions':" + actions + "}").replace('\'', '"');
        JsonPath created = as(owner).body(body).when().post("/api/triggers").then().statusCode(201).extract().jsonPath();
        return new Created(created.getString("id"), created.getString("signingSecret"), chain);
    }

    /** A feedback event (agent 42, the given score) on the trigger's chain: it fires once. */
    public static void fire(Created trigger, int score) {
        fireInOneBatch(trigger, score);
    }

    /** One feedback event per score, in this block order, sent in one batch: the trigger fires once for each. */
    public static void fireInOneBatch(Created trigger, int... scores) {
        ObjectNode[] events = new ObjectNode[scores.length];
        for (int i = 0; i < scores.length; i++) {
            long block = BLOCKS.incrementAndGet();
            events[i] = feedback(trigger.chainId(), block, 0, "42", scores[i], 1_700_000_000L + block);
        }
        ingestor().body(batch(events)).when().post("/api/triggers/events").then().statusCode(200);
    }

    /** Waits until the trigger has at least {@code count} results of this status; returns all results, newest first. */
    public static List<Map<String, Object>> awaitResults(UUID owner, String triggerId, String status, int count) {
        Awaitility.await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(200))
                .until(() -> results(owner, triggerId, status).size() >= count);
        return results(owner, triggerId, null);
    }

    public static List<Map<String, Object>> results(UUID owner, String triggerId, String status) {
        var request = as(owner).queryParam("limit", 200);
        if (status != null) {
            request = request.queryParam("status", status);
        }
        return request.when().get("/api/triggers/" + triggerId + "/results").then().statusCode(200).extract()
                .jsonPath().getList("items");
    }

    private static String quote(String text) {
        return "\"" + text.replace("\\", "\\\\").replace("\"", "\\\"") + "\"";
    }
}
