package dev.agora.agents;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.hasSize;
import static org.hamcrest.Matchers.notNullValue;
import static org.hamcrest.Matchers.nullValue;
import static org.hamcrest.Matchers.startsWith;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import dev.agora.testsupport.KafkaTestResource;
import dev.agora.testsupport.PostgresTestResource;
import dev.agora.testsupport.TestTokens;
import dev.agora.testsupport.TopicReader;
import io.quarkus.test.common.TestResourceScope;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.response.Response;
import io.restassured.specification.RequestSpecification;

@QuarkusTest
@WithTestResource(value = PostgresTestResource.class, scope = TestResourceScope.GLOBAL)
@WithTestResource(value = KafkaTestResource.class, scope = TestResourceScope.GLOBAL)
class AgentResourceTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static TopicReader agentsTopic;

    private final UUID owner = UUID.randomUUID();
    private final UUID stranger = UUID.randomUUID();

    @BeforeAll
    static void subscribe() {
        agentsTopic = TopicReader.of("agents.v1");
    }

    @AfterAll
    static void close() {
        agentsTopic.close();
    }

    @Test
    void registersAnAgentAndPublishesItsSnapshotThroughTheOutbox() throws Exception {
        String subdomain = uniqueSubdomain();
        String id = as(owner).body(agentJson(subdomain))
                .when().post("/api/agents")
                .then().statusCode(201)
                .header("Location", org.hamcrest.Matchers.containsString("/api/agents/"))
                .body("status", equalTo("pending"))
                .body("runtimeStatus", equalTo("pending"))
                .body("category", equalTo("Finance"))
                .body("tags", contains("defi", "trading"))
                .body("priceMicroalgo", equalTo(2500000))
                .body("ownerId", equalTo(owner.toString()))
                .body("createdAt", notNullValue())
                .body("updatedAt", notNullValue())
                .extract().path("id");

        TopicReader.Received event = agentsTopic.await(r -> id.equals(r.key())
                && "agora.agent.registered.v1".equals(r.header("ce_type")), Duration.ofSeconds(20));
        assertEquals("1.0", event.header("ce_specversion"));
        assertEquals("/agent-service", event.header("ce_source"));
        assertEquals(id, event.header("ce_subject"));
        assertEquals("application/json", event.header("content-type"));
        assertTrue(event.header("ce_time").endsWith("Z"));
        UUID.fromString(event.header("ce_id"));
        JsonNode body = JSON.readTree(event.value());
        assertEquals(id, body.path("agentId").asText());
        assertEquals(owner.toString(), body.path("ownerId").asText());
        assertEquals(subdomain, body.path("agent").path("subdomain").asText());
        assertEquals(0, body.path("agent").path("version").asLong());
    }

    @Test
    void ownerReadsListsUpdatesChangesStatusAndDeletes() throws Exception {
        String id = create(owner, uniqueSubdomain());

        as(owner).when().get("/api/agents/" + id).then().statusCode(200).body("id", equalTo(id));
        as(owner).when().get("/api/agents").then().statusCode(200).body("items.id", hasItem(id));

        as(owner).body("{\"name\":\"Renamed\",\"tags\":[\"x\"]}").when().patch("/api/agents/" + id)
                .then().statusCode(200).body("name", equalTo("Renamed")).body("tags", contains("x"));
        TopicReader.Received updated = agentsTopic.await(r -> id.equals(r.key())
                && "agora.agent.updated.v1".equals(r.header("ce_type")), Duration.ofSeconds(20));
        JsonNode changed = JSON.readTree(updated.value()).path("changedFields");
        assertEquals("[\"name\",\"tags\"]", changed.toString());

        as(owner).body("{\"status\":\"active\"}").when().put("/api/agents/" + id + "/status")
                .then().statusCode(200).body("status", equalTo("active"));
        TopicReader.Received statusChanged = agentsTopic.await(r -> id.equals(r.key())
                && "agora.agent.status-changed.v1".equals(r.header("ce_type")), Duration.ofSeconds(20));
        JsonNode change = JSON.readTree(statusChanged.value());
        assertEquals("pending", change.path("oldStatus").asText());
        assertEquals("active", change.path("newStatus").asText());
        assertEquals("Renamed", change.path("name").asText());
        assertEquals(2, change.path("agent").path("version").asLong());

        as(owner).when().delete("/api/agents/" + id).then().statusCode(204);
        agentsTopic.await(r -> id.equals(r.key()) && "agora.agent.deleted.v1".equals(r.header("ce_type")),
                Duration.ofSeconds(20));
        as(owner).when().get("/api/agents/" + id).then().statusCode(404);
        as(owner).when().get("/api/agents").then().statusCode(200).body("items.id", org.hamcrest.Matchers.not(hasItem(id)));
    }

    @Test
    void anotherUserCannotReadChangeOrDeleteMyAgent() {
        String id = create(owner, uniqueSubdomain());

        as(stranger).when().get("/api/agents/" + id).then().statusCode(404)
                .contentType("application/problem+json").body("status", equalTo(404));
        as(stranger).body("{\"name\":\"Mine now\"}").when().patch("/api/agents/" + id).then().statusCode(404);
        as(stranger).body("{\"status\":\"active\"}").when().put("/api/agents/" + id + "/status").then().statusCode(404);
        as(stranger).when().delete("/api/agents/" + id).then().statusCode(404);
        as(stranger).when().get("/api/agents").then().statusCode(200).body("items", hasSize(0));

        as(owner).when().get("/api/agents/" + id).then().statusCode(200).body("name", equalTo("Price oracle"));
    }

    @Test
    void rejectsRequestsWithoutAValidToken() {
        given().when().get("/api/agents").then().statusCode(401)
                .contentType("application/problem+json").body("status", equalTo(401));
        given().contentType(ContentType.JSON).body(agentJson(uniqueSubdomain())).when().post("/api/agents")
                .then().statusCode(401);
        given().auth().oauth2("not-a-jwt").when().get("/api/agents").then().statusCode(401);
        String expired = TestTokens.sign("{\"iss\":\"https://agora.dev\",\"aud\":\"agora\",\"sub\":\"" + owner
                + "\",\"iat\":1000,\"exp\":2000}");
        given().auth().oauth2(expired).when().get("/api/agents").then().statusCode(401);
        String wrongIssuer = TestTokens.sign("{\"iss\":\"https://evil.example\",\"aud\":\"agora\",\"sub\":\"" + owner
                + "\",\"exp\":" + (System.currentTimeMillis() / 1000 + 600) + "}");
        given().auth().oauth2(wrongIssuer).when().get("/api/agents").then().statusCode(401);
    }

    @Test
    void rejectsInvalidAgentsNamingTheFieldAndWritesNothing() {
        as(owner).body("{\"name\":\"\",\"subdomain\":\"Bad_Sub\",\"repoOwner\":\"acme\",\"repoName\":\"oracle\","
                + "\"githubUrl\":\"https://github.com/acme/oracle\",\"priceMicroalgo\":-1}")
                .when().post("/api/agents")
                .then().statusCode(400).contentType("application/problem+json")
                .body("errors.field", org.hamcrest.Matchers.hasItems("name", "subdomain", "priceMicroalgo"));

        as(owner).body(agentJson("www")).when().post("/api/agents")
                .then().statusCode(400).body("errors[0].field", equalTo("subdomain"));

        as(owner).body(agentJson(uniqueSubdomain()).replace("\"Finance\"", "\"Astrology\""))
                .when().post("/api/agents").then().statusCode(400).body("errors[0].field", equalTo("category"));

        as(owner).body(agentJson(uniqueSubdomain()).replace("https://github.com/acme/oracle", "https://github.com/other/repo"))
                .when().post("/api/agents").then().statusCode(400).body("errors[0].field", equalTo("githubUrl"));

        as(owner).body("{\"name\": ").when().post("/api/agents").then().statusCode(400)
                .contentType("application/problem+json");
        as(owner).body(agentJson(uniqueSubdomain()).replace("2500000", "\"lots\"")).when().post("/api/agents")
                .then().log().ifValidationFails().statusCode(400).body("errors[0].field", equalTo("priceMicroalgo"));
        as(owner).when().post("/api/agents").then().statusCode(400);

        as(owner).when().get("/api/agents").then().statusCode(200).body("items", hasSize(0));
        as(owner).queryParam("limit", 500).when().get("/api/agents").then().statusCode(400)
                .body("errors[0].field", equalTo("limit"));
        as(owner).queryParam("limit", "ten").when().get("/api/agents").then().statusCode(400)
                .body("errors[0].field", equalTo("limit"));
        as(owner).queryParam("cursor", "garbage!").when().get("/api/agents").then().statusCode(400)
                .body("errors[0].field", equalTo("cursor"));
    }

    @Test
    void refusesTakenSubdomainsAndDuplicateRepositories() {
        String subdomain = uniqueSubdomain();
        create(owner, subdomain);
        as(stranger).body(agentJson(subdomain).replace("acme", "other")).when().post("/api/agents")
                .then().statusCode(409).body("errors[0].field", equalTo("subdomain"));
        as(owner).body(agentJson(uniqueSubdomain())).when().post("/api/agents")
                .then().statusCode(409).body("errors[0].field", equalTo("repoName"));
    }

    @Test
    void refusesIllegalStatusTransitions() {
        String id = create(owner, uniqueSubdomain());
        as(owner).body("{\"status\":\"deploying\"}").when().put("/api/agents/" + id + "/status").then().statusCode(200);
        as(owner).body("{\"status\":\"pending\"}").when().put("/api/agents/" + id + "/status")
                .then().statusCode(409).contentType("application/problem+json");
        as(owner).body("{\"status\":\"sleeping\"}").when().put("/api/agents/" + id + "/status")
                .then().statusCode(400).body("errors[0].field", equalTo("status"));
        as(owner).body("{\"status\":\"deleted\"}").when().put("/api/agents/" + id + "/status").then().statusCode(400);
        as(owner).body("{}").when().put("/api/agents/" + id + "/status")
                .then().statusCode(400).body("errors[0].field", equalTo("status"));
    }

    @Test
    void paginatesMyAgentsWithACursorWithoutDuplicatesOrGaps() {
        UUID prolific = UUID.randomUUID();
        java.util.Set<String> created = new java.util.HashSet<>();
        for (int i = 0; i < 5; i++) {
            created.add(create(prolific, uniqueSubdomain(), "repo-" + i));
        }
        java.util.Set<String> seen = new java.util.HashSet<>();
        String cursor = null;
        int pages = 0;
        do {
            RequestSpecification request = as(prolific).queryParam("limit", 2);
            if (cursor != null) {
                request.queryParam("cursor", cursor);
            }
            var page = request.when().get("/api/agents").then().statusCode(200).extract().jsonPath();
            java.util.List<String> ids = page.getList("items.id");
            ids.forEach(itemId -> assertTrue(seen.add(itemId), "duplicate " + itemId));
            cursor = page.getString("nextCursor");
            pages++;
        } while (cursor != null);
        assertEquals(created, seen);
        assertEquals(3, pages);
        as(prolific).queryParam("limit", 5).when().get("/api/agents").then().body("nextCursor", nullValue());
    }

    /** Writers of one agent at once wait for each other: every edit applies, none fails on the row's version. */
    @Test
    void concurrentUpdatesOfOneAgentAllApply() throws Exception {
        String id = create(owner, uniqueSubdomain());
        ExecutorService callers = Executors.newFixedThreadPool(16);
        try {
            List<Future<Response>> answers = new ArrayList<>();
            for (int i = 0; i < 48; i++) {
                String body = "{\"description\":\"writer " + i + "\"}";
                answers.add(callers.submit(() -> as(owner).body(body).when().patch("/api/agents/" + id)));
            }
            for (Future<Response> answer : answers) {
                Response response = answer.get();
                assertEquals(200, response.statusCode(), response.asString());
            }
        } finally {
            callers.shutdownNow();
        }
        as(owner).when().get("/api/agents/" + id).then().statusCode(200).body("description", startsWith("writer "));
        // each edit made its own version: the last event carries the registered one plus 48
        long registered = versionOf(agentsTopic.await(r -> id.equals(r.key())
                && "agora.agent.registered.v1".equals(r.header("ce_type")), Duration.ofSeconds(20)));
        agentsTopic.await(r -> id.equals(r.key()) && "agora.agent.updated.v1".equals(r.header("ce_type"))
                && versionOf(r) == registered + 48, Duration.ofSeconds(20));
    }

    private static long versionOf(TopicReader.Received event) {
        try {
            return JSON.readTree(event.value()).path("agent").path("version").asLong();
        } catch (java.io.IOException e) {
            throw new IllegalStateException(e);
        }
    }

    private String create(UUID user, String subdomain) {
        return create(user, subdomain, "oracle");
    }

    private String create(UUID user, String subdomain, String repo) {
        return as(user).body(agentJson(subdomain).replace("oracle", repo))
                .when().post("/api/agents").then().statusCode(201).extract().path("id");
    }

    private static RequestSpecification as(UUID user) {
        return given().auth().oauth2(TestTokens.forUser(user, java.util.List.of(), Map.of())).contentType(ContentType.JSON);
    }

    private static String uniqueSubdomain() {
        return "agent-" + UUID.randomUUID().toString().substring(0, 8);
    }

    static String agentJson(String subdomain) {
        return """
                {"name":"Price oracle","description":"Reads prices","subdomain":"%s","repoOwner":"acme","repoName":"oracle",
                 "githubUrl":"https://github.com/acme/oracle","category":"Finance","tags":["defi","trading"],
                 "priceMicroalgo":2500000,"dataInput":"a symbol","exampleInput":"{\\"symbol\\":\\"ALGO\\"}",
                 "exampleOutput":"{\\"price\\":0.2}"}
                """.formatted(subdomain);
    }
}
