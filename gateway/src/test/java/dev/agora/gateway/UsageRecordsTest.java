package dev.agora.gateway;

import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.UUID;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import dev.agora.gateway.usage.UsageAttribution;
import dev.agora.testsupport.EventContracts;
import dev.agora.testsupport.KafkaTestResource;
import dev.agora.testsupport.PostgresTestResource;
import dev.agora.testsupport.TestTokens;
import dev.agora.testsupport.TopicReader;
import io.quarkus.test.common.TestResourceScope;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;

/** Every proxied request becomes a usage record on usage.v1, published in batches off the request path. */
@QuarkusTest
@WithTestResource(value = PostgresTestResource.class, scope = TestResourceScope.GLOBAL)
@WithTestResource(value = KafkaTestResource.class, scope = TestResourceScope.GLOBAL)
@WithTestResource(value = UpstreamStub.class, scope = TestResourceScope.GLOBAL)
class UsageRecordsTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String PASSWORD = "correct horse battery";
    private static TopicReader usageTopic;

    @BeforeAll
    static void subscribe() {
        usageTopic = TopicReader.of("usage.v1");
    }

    @AfterAll
    static void close() {
        usageTopic.close();
    }

    @Test
    void recordsPrincipalKeyRouteMethodStatusAndDurationOfProxiedRequests() throws Exception {
        String email = AuthFlowTest.uniqueEmail();
        String userId = AuthFlowTest.register(email);
        String token = AuthFlowTest.login(email, PASSWORD).then().statusCode(200).extract().path("accessToken");
        io.restassured.path.json.JsonPath key = given().auth().oauth2(token).contentType(ContentType.JSON)
                .body("{\"name\":\"usage\",\"scopes\":[\"agents:read\"]}").post("/api/users/me/api-keys")
                .then().statusCode(201).extract().jsonPath();
        String byKey = "usage-" + UUID.randomUUID();
        String refused = "usage-" + UUID.randomUUID();
        String byToken = "usage-" + UUID.randomUUID();

        given().header("X-API-Key", key.getString("key")).header("X-Request-Id", byKey).get("/api/agents/a1")
                .then().statusCode(200);
        given().header("X-Request-Id", refused).get("/api/deployments/d1").then().statusCode(401);
        given().auth().oauth2(TestTokens.forUser(UUID.fromString(userId))).header("X-Request-Id", byToken)
                .get("/api/marketplace/agents").then().statusCode(200);

        TopicReader.Received keyed = usageTopic.await(r -> r.value().contains(byKey), Duration.ofSeconds(30));
        EventContracts contracts = new EventContracts(Path.of("../contracts"));
        assertEquals(List.of(), contracts.violations("usage.v1", "agora.usage.recorded.v1", keyed.value()));
        assertEquals("agora.usage.recorded.v1", keyed.header("ce_type"));
        assertEquals("/gateway", keyed.header("ce_source"));
        assertEquals(userId, keyed.key());
        JsonNode record = JSON.readTree(keyed.value());
        assertEquals(userId, record.path("principal").asText());
        assertEquals("user", record.path("principalType").asText());
        assertEquals(key.getString("id"), record.path("apiKeyId").asText());
        assertEquals("/api/agents/**", record.path("route").asText());
        assertEquals("GET", record.path("method").asText());
        assertEquals(200, record.path("status").asInt());
        assertTrue(record.path("durationMs").asLong() >= 0);
        assertTrue(record.hasNonNull("at"));

        JsonNode rejected = JSON.readTree(usageTopic.await(r -> r.value().contains(refused), Duration.ofSeconds(30)).value());
        assertEquals(401, rejected.path("status").asInt());
        assertTrue(!rejected.hasNonNull("principal"));
        assertEquals("/api/deployments/**", rejected.path("route").asText());

        TopicReader.Received viaToken = usageTopic.await(r -> r.value().contains(byToken), Duration.ofSeconds(30));
        assertEquals(List.of(), contracts.violations("usage.v1", "agora.usage.recorded.v1", viaToken.value()));
        assertTrue(!JSON.readTree(viaToken.value()).hasNonNull("apiKeyId"));
    }

    @Test
    void attributesUsageToTheAgentInThePathOrTheOneAndCostTheServiceNamedAndHidesTheirHeaders() throws Exception {
        UUID user = UUID.randomUUID();
        String token = TestTokens.forUser(user);
        UUID inPath = UUID.randomUUID();
        UUID named = UUID.randomUUID();
        String byPath = "usage-" + UUID.randomUUID();
        String byService = "usage-" + UUID.randomUUID();
        String malformed = "usage-" + UUID.randomUUID();
        String none = "usage-" + UUID.randomUUID();

        given().auth().oauth2(token).header("X-Request-Id", byPath)
                .get("/api/marketplace/agents/" + inPath + "/rankings").then().statusCode(200);
        io.restassured.response.Response attributed = given().auth().oauth2(token).header("X-Request-Id", byService)
                .queryParam("usageAgent", named.toString()).queryParam("usageCost", "0.0125")
                .get("/api/agents/" + inPath);
        attributed.then().statusCode(200);
        assertEquals(null, attributed.header(UsageAttribution.AGENT_HEADER));
        assertEquals(null, attributed.header(UsageAttribution.COST_HEADER));
        given().auth().oauth2(token).header("X-Request-Id", malformed)
                .queryParam("usageAgent", "not-an-agent").queryParam("usageCost", "-3")
                .get("/api/marketplace/tasks").then().statusCode(200);
        given().auth().oauth2(token).header("X-Request-Id", none).get("/api/agents/not-a-uuid").then().statusCode(200);
        String runtime = "usage-" + UUID.randomUUID();
        given().auth().oauth2("agt_runtime-token").header("X-Request-Id", runtime).contentType(ContentType.JSON)
                .queryParam("usageAgent", named.toString()).body("{}").post("/api/runtime/heartbeat")
                .then().statusCode(200);

        EventContracts contracts = new EventContracts(Path.of("../contracts"));
        JsonNode pathRecord = recordOf(byPath, contracts);
        assertEquals(inPath.toString(), pathRecord.path("agentId").asText());
        assertTrue(pathRecord.path("costUsd").isNull());

        JsonNode serviceRecord = recordOf(byService, contracts);
        assertEquals(named.toString(), serviceRecord.path("agentId").asText(), "the service's word beats the path");
        assertEquals(0, new java.math.BigDecimal("0.0125").compareTo(serviceRecord.path("costUsd").decimalValue()));

        JsonNode malformedRecord = recordOf(malformed, contracts);
        assertTrue(malformedRecord.path("agentId").isNull());
        assertTrue(malformedRecord.path("costUsd").isNull());
        assertTrue(recordOf(none, contracts).path("agentId").isNull());
        JsonNode runtimeRecord = recordOf(runtime, contracts);
        assertEquals("agent_runtime", runtimeRecord.path("principalType").asText());
        assertEquals(named.toString(), runtimeRecord.path("agentId").asText());
    }

    private static JsonNode recordOf(String requestId, EventContracts contracts) throws Exception {
        TopicReader.Received received = usageTopic.await(r -> r.value().contains(requestId), Duration.ofSeconds(30));
        assertEquals(List.of(), contracts.violations("usage.v1", "agora.usage.recorded.v1", received.value()));
        return JSON.readTree(received.value());
    }
}
