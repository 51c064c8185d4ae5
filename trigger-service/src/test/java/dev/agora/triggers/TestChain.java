package dev.agora.triggers;

import static io.restassured.RestAssured.given;

import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicLong;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import dev.agora.testsupport.TestTokens;
import io.restassured.http.ContentType;
import io.restassured.specification.RequestSpecification;

/** Chain events and callers for the tests: every test takes its own chain id so tests never see each other's events. */
public final class TestChain {
    public static final ObjectMapper JSON = new ObjectMapper();
    private static final AtomicLong CHAINS = new AtomicLong(System.nanoTime() % 1_000_000L * 1000);
    public static final String HASH = "0x" + "ab".repeat(32);

    private TestChain() {
    }

    public static long newChainId() {
        return CHAINS.incrementAndGet();
    }

    public static ObjectNode feedback(long chainId, long block, int logIndex, String agentId, int score, long timestamp) {
        return JSON.createObjectNode().put("chainId", chainId).put("blockNumber", block).put("blockHash", HASH)
                .put("transactionHash", HASH).put("logIndex", logIndex).put("registry", "reputation")
                .put("eventType", "NewFeedback").put("agentId", agentId).put("timestamp", timestamp)
                .put("clientAddress", "0x" + "12".repeat(20)).put("feedbackIndex", 1).put("score", score)
                .put("tag1", "latency").put("fileUri", "ipfs://feedback");
    }

    public static String batch(ObjectNode... events) {
        ObjectNode body = JSON.createObjectNode();
        ArrayNode list = body.putArray("events");
        for (ObjectNode event : events) {
            list.add(event);
        }
        return body.toString();
    }

    public static RequestSpecification ingestor() {
        return given().auth().oauth2(TestTokens.forUser(UUID.randomUUID(), Set.of("ingestor"), Map.of()))
                .contentType(ContentType.JSON);
    }

    public static RequestSpecification as(UUID user) {
        return given().auth().oauth2(TestTokens.forUser(user)).contentType(ContentType.JSON);
    }

    public static RequestSpecification as(UUID user, Map<String, String> orgs) {
        return given().auth().oauth2(TestTokens.forUser(user, Set.of(), orgs)).contentType(ContentType.JSON);
    }
}
