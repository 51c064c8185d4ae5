package dev.agora.agents;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.notNullValue;
import static org.hamcrest.Matchers.containsString;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.UUID;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.ObjectMapper;

import dev.agora.agents.TestAgents.Caller;
import dev.agora.testsupport.KafkaTestResource;
import dev.agora.testsupport.PostgresTestResource;
import dev.agora.testsupport.TestDatabase;
import dev.agora.testsupport.TopicReader;
import io.quarkus.test.common.TestResourceScope;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;

/** The agent access token (shown once, only its SHA-256 kept and published) and the platform admins' verified flag. */
@QuarkusTest
@WithTestResource(value = PostgresTestResource.class, scope = TestResourceScope.GLOBAL)
@WithTestResource(value = KafkaTestResource.class, scope = TestResourceScope.GLOBAL)
class AgentCredentialsTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static TopicReader agentsTopic;

    private final Caller owner = Caller.user();

    @BeforeAll
    static void subscribe() {
        agentsTopic = TopicReader.of("agents.v1");
    }

    @AfterAll
    static void close() {
        agentsTopic.close();
    }

    private String create(Caller caller, List<String> orgs) {
        return TestAgents.create(caller, orgs);
    }

    private static String sha256(String text) throws Exception {
        return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8)));
    }

    private static String storedHash(String id) {
        return TestDatabase.query("select agent_token from agents where id = ?", UUID.fromString(id),
                rows -> rows.next() ? rows.getString(1) : null);
    }

    @Test
    void issuesA256BitTokenOnceStoresOnlyItsHashAndPublishesTheHash() throws Exception {
        String id = create(owner, List.of());
        String token = owner.request().when().post("/api/agents/" + id + "/token").then().statusCode(200)
                .body("agentId", equalTo(id)).body("rotatedAt", notNullValue())
                .extract().path("token");
        assertTrue(token.startsWith("agt_"), token);
        assertEquals(32, Base64.getUrlDecoder().decode(token.substring(4)).length, "256 random bits");
        assertEquals(sha256(token), storedHash(id), "only the SHA-256 is stored");

        String rotatedEvent = agentsTopic.await(r -> id.equals(r.key())
                && "agora.agent.token-rotated.v1".equals(r.header("ce_type")), Duration.ofSeconds(30)).value();
        assertEquals(sha256(token), JSON.readTree(rotatedEvent).path("tokenHash").asText());
        assertTrue(!rotatedEvent.contains(token), "the token itself is never published");

        owner.request().when().get("/api/agents/" + id).then().statusCode(200)
                .body("hasToken", equalTo(true)).body("tokenRotatedAt", notNullValue())
                .body(not(containsString(token))).body(not(containsString(sha256(token))));

        String rotated = owner.request().when().post("/api/agents/" + id + "/token").then().statusCode(200)
                .extract().path("token");
        assertNotEquals(token, rotated);
        assertEquals(sha256(rotated), storedHash(id), "rotating replaces the hash");
        List<TopicReader.Received> rotations = agentsTopic.awaitCount(r -> id.equals(r.key())
                && "agora.agent.token-rotated.v1".equals(r.header("ce_type")), 2, Duration.ofSeconds(30));
        assertEquals(sha256(rotated), JSON.readTree(rotations.get(1).value()).path("tokenHash").asText());
    }

    @Test
    void onlyManagersRotateTokens() {
        String org = TestAgents.uniqueSlug("tok-org");
        String id = create(Caller.member(org, "admin"), List.of(org));
        Caller.member(org, "viewer").request().when().post("/api/agents/" + id + "/token").then().statusCode(403);
        Caller.user().request().when().post("/api/agents/" + id + "/token").then().statusCode(404);
        given().when().post("/api/agents/" + id + "/token").then().statusCode(401);
        Caller.member(org, "agent_manager").request().when().post("/api/agents/" + id + "/token").then().statusCode(200);
        // a bodiless POST needs no Content-Type
        given().auth().oauth2(dev.agora.testsupport.TestTokens.forUser(UUID.randomUUID(), List.of(), java.util.Map.of(org, "admin")))
                .when().post("/api/agents/" + id + "/token").then().statusCode(200);
        Caller.user().request().when().post("/api/agents/" + UUID.randomUUID() + "/token").then().statusCode(404);
    }

    @Test
    void onlyPlatformAdminsVerifyAgents() throws Exception {
        String id = create(owner, List.of());
        owner.request().body("{\"verified\":true}").when().put("/api/agents/" + id + "/verified").then().statusCode(403);
        Caller.user().request().body("{\"verified\":true}").when().put("/api/agents/" + id + "/verified").then().statusCode(404);
        given().contentType("application/json").body("{\"verified\":true}").when().put("/api/agents/" + id + "/verified")
                .then().statusCode(401);
        Caller admin = Caller.platformAdmin();
        admin.request().body("{}").when().put("/api/agents/" + id + "/verified")
                .then().statusCode(400).body("errors[0].field", equalTo("verified"));
        admin.request().body("{\"verified\":true}").when().put("/api/agents/" + id + "/verified")
                .then().statusCode(200).body("verified", equalTo(true));
        String event = agentsTopic.await(r -> id.equals(r.key()) && "agora.agent.verified.v1".equals(r.header("ce_type")),
                Duration.ofSeconds(30)).value();
        assertEquals(true, JSON.readTree(event).path("verified").asBoolean());
        assertEquals(true, JSON.readTree(event).path("agent").path("verified").asBoolean());
        owner.request().when().get("/api/agents/" + id).then().body("verified", equalTo(true));
        // the same value again changes nothing and publishes nothing
        admin.request().body("{\"verified\":true}").when().put("/api/agents/" + id + "/verified").then().statusCode(200);
        admin.request().body("{\"verified\":false}").when().put("/api/agents/" + id + "/verified")
                .then().statusCode(200).body("verified", equalTo(false));
        List<TopicReader.Received> verifications = agentsTopic.awaitCount(r -> id.equals(r.key())
                && "agora.agent.verified.v1".equals(r.header("ce_type")), 2, Duration.ofSeconds(30));
        assertEquals(2, verifications.size());
        // the owner cannot set it through PATCH either: unknown fields are ignored
        owner.request().body("{\"verified\":true,\"description\":\"x\"}").when().patch("/api/agents/" + id)
                .then().statusCode(200).body("verified", equalTo(false));
    }
}
