package dev.agora.marketplace;

import static dev.agora.marketplace.Marketplace.as;
import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.empty;
import static org.hamcrest.Matchers.equalTo;

import java.util.UUID;

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

import dev.agora.testsupport.KafkaTestResource;
import dev.agora.testsupport.PostgresTestResource;
import dev.agora.testsupport.TestDatabase;
import dev.agora.testsupport.TestEvents;
import io.quarkus.test.common.TestResourceScope;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.specification.RequestSpecification;

@QuarkusTest
@WithTestResource(value = PostgresTestResource.class, scope = TestResourceScope.GLOBAL)
@WithTestResource(value = KafkaTestResource.class, scope = TestResourceScope.GLOBAL)
class ApiUsageTest {
    private static final String USAGE = "/api/marketplace/usage";
    private static final ObjectMapper JSON = new ObjectMapper();

    private final UUID user = UUID.randomUUID();
    private final UUID agent = UUID.randomUUID();

    @Test
    void aggregatesTheGatewaysRecordsPerDayEndpointAndAgent() {
        // 20 GETs of /api/agents/** on Jan 10: 1..19 ms and one of 900 ms with a 502; p95 = the 19th fastest (19 ms,
        // in the 15 < x <= 20 ms bucket, so reported as 20 ms)
        for (int i = 1; i <= 19; i++) {
            record("GET", "/api/agents/**", 200, i, "2026-01-10T10:00:00Z", null, null);
        }
        record("GET", "/api/agents/**", 502, 900, "2026-01-10T23:59:59.999Z", null, null);
        // same endpoint, next UTC day; a runtime call on an agent with a cost; a refused one for nobody
        record("GET", "/api/agents/**", 404, 40, "2026-01-11T00:00:00Z", null, null);
        record("POST", "/api/runtime/**", 200, 250, "2026-01-11T08:00:00Z", agent, "0.0125");
        record("POST", "/api/runtime/**", 200, 350, "2026-01-11T09:00:00Z", agent, "0.0125");
        ObjectNode anonymous = usage("GET", "/api/agents/**", 401, 1, "2026-01-11T09:00:00Z", null, null);
        anonymous.putNull("principal");
        TestDatabase.awaitProcessed(TestEvents.send("usage.v1", "anonymous", "agora.usage.recorded.v1", anonymous.toString()));
        // someone else's usage stays theirs
        UUID stranger = UUID.randomUUID();
        ObjectNode theirs = usage("GET", "/api/agents/**", 200, 5, "2026-01-10T10:00:00Z", null, null)
                .put("principal", stranger.toString());
        TestDatabase.awaitProcessed(TestEvents.send("usage.v1", stranger.toString(), "agora.usage.recorded.v1",
                theirs.toString()));
        TestDatabase.awaitProcessed(record("GET", "/api/agents/**", 200, 5, "2025-12-31T12:00:00Z", null, null));

        as(user).queryParam("from", "2026-01-10").queryParam("to", "2026-01-11").when().get(USAGE).then()
                .statusCode(200)
                .body("from", equalTo("2026-01-10")).body("to", equalTo("2026-01-11"))
                .body("items.day", contains("2026-01-11", "2026-01-11", "2026-01-10"))
                .body("items.route", contains("/api/agents/**", "/api/runtime/**", "/api/agents/**"))
                .body("items.agentId", contains(null, agent.toString(), null))
                .body("items.requests", contains(1, 2, 20))
                .body("items.errors", contains(1, 0, 1))
                .body("items.meanLatencyMs", contains(40.0f, 300.0f, 54.5f))
                .body("items.p95LatencyMs", contains(40, 350, 20))
                .body("items.maxLatencyMs", contains(40, 350, 900))
                .body("items.costUsd", contains(0.0f, 0.025f, 0.0f))
                .body("totals.requests", equalTo(23)).body("totals.errors", equalTo(2))
                .body("totals.costUsd", equalTo(0.025f));
        as(stranger).queryParam("from", "2026-01-10").queryParam("to", "2026-01-10").when().get(USAGE).then()
                .body("items.requests", contains(1));
    }

    @Test
    void countsADeployedAgentsOwnCallsAndTheirCostAsItsOwnersUsage() {
        TestAgent deployed = TestAgent.published(user);
        TestDatabase.awaitProcessed(deployed.register());
        TestDatabase.awaitProcessed(runtimeCall(deployed.id, 200, "2026-03-01T10:00:00Z", "0.0100"));
        TestDatabase.awaitProcessed(runtimeCall(deployed.id, 200, "2026-03-01T11:00:00Z", "0.0025"));
        // a refused runtime call names no agent, and an unknown agent has no owner to bill: both belong to nobody
        TestDatabase.awaitProcessed(runtimeCall(null, 401, "2026-03-01T12:00:00Z", null));
        TestDatabase.awaitProcessed(runtimeCall(UUID.randomUUID(), 200, "2026-03-01T12:00:00Z", "1"));

        as(user).queryParam("from", "2026-03-01").queryParam("to", "2026-03-01").when().get(USAGE).then()
                .statusCode(200)
                .body("items.route", contains("/api/runtime/**"))
                .body("items.agentId", contains(deployed.id.toString()))
                .body("items.requests", contains(2))
                .body("items.costUsd", contains(0.0125f))
                .body("totals.costUsd", equalTo(0.0125f));
    }

    @Test
    void aRedeliveredRecordCountsOnce() {
        ObjectNode body = usage("GET", "/api/marketplace/**", 200, 12, "2026-02-01T10:00:00Z", null, null);
        String eventId = UUID.randomUUID().toString();
        TestEvents.sendAs("usage.v1", user.toString(), eventId, "agora.usage.recorded.v1", body.toString());
        TestEvents.sendAs("usage.v1", user.toString(), eventId, "agora.usage.recorded.v1", body.toString());
        TestDatabase.awaitProcessed(record("GET", "/api/marketplace/**", 200, 12, "2026-02-01T11:00:00Z", null, null));

        as(user).queryParam("from", "2026-02-01").queryParam("to", "2026-02-01").when().get(USAGE).then()
                .body("items.requests", contains(2));
    }

    @Test
    void defaultsToTheLast30DaysAndRejectsBadRanges() {
        as(user).when().get(USAGE).then().statusCode(200).body("items", empty()).body("totals.requests", equalTo(0));
        expectBadRequest(as(user).queryParam("from", "yesterday"), "from");
        expectBadRequest(as(user).queryParam("to", "2026-13-01"), "to");
        expectBadRequest(as(user).queryParam("from", "2026-02-02").queryParam("to", "2026-02-01"), "from");
        expectBadRequest(as(user).queryParam("from", "2024-01-01").queryParam("to", "2026-01-01"), "from");
    }

    @Test
    void requiresABearerToken() {
        given().when().get(USAGE).then().statusCode(401).contentType("application/problem+json")
                .body("detail", org.hamcrest.Matchers.notNullValue());
        given().auth().oauth2("not-a-jwt").when().get(USAGE).then().statusCode(401);
    }

    private String record(String method, String route, int status, long durationMs, String at, UUID agentId, String cost) {
        return TestEvents.send("usage.v1", user.toString(), "agora.usage.recorded.v1",
                usage(method, route, status, durationMs, at, agentId, cost).toString());
    }

    private static String runtimeCall(UUID agentId, int status, String at, String cost) {
        String digest = "5f2b" + UUID.randomUUID().toString().replace("-", "");
        ObjectNode body = JSON.createObjectNode().put("requestId", UUID.randomUUID().toString())
                .put("principal", digest).put("principalType", "agent_runtime").put("route", "/api/runtime/**")
                .put("method", "POST").put("status", status).put("durationMs", 30).put("at", at);
        body.putNull("apiKeyId");
        if (agentId != null) {
            body.put("agentId", agentId.toString());
        }
        if (cost != null) {
            body.put("costUsd", new java.math.BigDecimal(cost));
        }
        return TestEvents.send("usage.v1", digest, "agora.usage.recorded.v1", body.toString());
    }

    private ObjectNode usage(String method, String route, int status, long durationMs, String at, UUID agentId,
            String cost) {
        ObjectNode body = JSON.createObjectNode().put("requestId", UUID.randomUUID().toString())
                .put("principal", user.toString()).put("principalType", "user").put("route", route)
                .put("method", method).put("status", status).put("durationMs", durationMs).put("at", at);
        body.putNull("apiKeyId");
        if (agentId != null) {
            body.put("agentId", agentId.toString());
        }
        if (cost != null) {
            body.put("costUsd", new java.math.BigDecimal(cost));
        }
        return body;
    }

    private static void expectBadRequest(RequestSpecification request, String field) {
        request.when().get(USAGE).then().statusCode(400).contentType("application/problem+json")
                .body("errors[0].field", equalTo(field));
    }
}
