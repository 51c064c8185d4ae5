package dev.agora.triggers.platform;

import static dev.agora.testsupport.TestDatabase.TIMEOUT;
import static dev.agora.triggers.TestChain.as;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.Instant;
import java.util.UUID;

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.node.ObjectNode;

import dev.agora.testsupport.KafkaTestResource;
import dev.agora.testsupport.PostgresTestResource;
import dev.agora.testsupport.TestDatabase;
import dev.agora.testsupport.TestEvents;
import dev.agora.triggers.TestChain;
import dev.agora.triggers.TestTriggers;
import io.quarkus.test.common.TestResourceScope;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;

/** Platform events from every topic reach the triggers of users who may see the agent they are about. */
@QuarkusTest
@WithTestResource(value = PostgresTestResource.class, scope = TestResourceScope.GLOBAL)
@WithTestResource(value = KafkaTestResource.class, scope = TestResourceScope.GLOBAL)
class PlatformTriggerTest {
    private static final String FAILED = "agora.deployment.failed.v1";
    private static final String REVIEW = "agora.review.submitted.v1";

    private final UUID owner = UUID.randomUUID();

    private String create(String eventTypes, String conditions) {
        return as(owner).body(TestTriggers.platform(eventTypes, "[]", conditions)).when().post("/api/triggers")
                .then().statusCode(201).extract().path("id");
    }

    private static ObjectNode deploymentFailed(UUID agentId, UUID agentOwner) {
        ObjectNode event = TestChain.JSON.createObjectNode().put("deploymentId", UUID.randomUUID().toString())
                .put("agentId", agentId.toString()).put("ownerId", agentOwner.toString());
        event.putObject("deployment").put("status", "failed").put("errorMessage", "image pull failed");
        return event;
    }

    private static String send(String topic, UUID key, String type, ObjectNode body) {
        String id = TestEvents.send(topic, key.toString(), type, body.toString());
        TestDatabase.awaitProcessed(id);
        return id;
    }

    private static long firings(String triggerId) {
        return TestDatabase.queryLong("select count(*) from trigger_firings where trigger_id = ?::uuid", triggerId);
    }

    @Test
    void firesOnAnEventAboutMyOwnAgent() {
        String id = create("[\"" + FAILED + "\"]", "{\"type\":\"field\",\"path\":\"deployment.status\",\"operator\":\"equals\",\"value\":\"failed\"}");
        UUID agent = UUID.randomUUID();
        String eventId = send("deployments.v1", agent, FAILED, deploymentFailed(agent, owner));

        as(owner).when().get("/api/triggers/" + id + "/firings").then().statusCode(200)
                .body("items.eventId", contains(eventId)).body("items[0].eventSource", equalTo("platform"))
                .body("items[0].agentId", equalTo(agent.toString()));
    }

    @Test
    void dryRunsAPlatformSampleEvent() {
        String id = create("[\"" + FAILED + "\"]",
                "{\"type\":\"field\",\"path\":\"deployment.status\",\"operator\":\"in\",\"value\":[\"failed\",\"cancelled\"]}");
        UUID agent = UUID.randomUUID();
        as(owner).body("{\"event\":{\"type\":\"" + FAILED + "\",\"data\":" + deploymentFailed(agent, owner) + "}}")
                .when().post("/api/triggers/" + id + "/test")
                .then().statusCode(200).body("fired", equalTo(true)).body("result.path", equalTo("conditions"))
                .body("matchedConditions", contains("conditions"));
        as(owner).body("{\"event\":{\"type\":\"" + FAILED + "\",\"time\":\"soon\"}}")
                .when().post("/api/triggers/" + id + "/test")
                .then().statusCode(400).body("errors.field", contains("event.data", "event.time"));
        as(owner).body("{}").when().post("/api/triggers/" + id + "/test").then().statusCode(400)
                .body("errors.field", contains("event"));
        assertEquals(0, firings(id));
    }

    @Test
    void neverFiresOnAnEventAboutSomeoneElsesAgent() {
        String id = create("[\"" + FAILED + "\"]", "null");
        UUID agent = UUID.randomUUID();
        send("deployments.v1", agent, FAILED, deploymentFailed(agent, UUID.randomUUID()));

        assertEquals(0, firings(id));
    }

    @Test
    void firesOnAnEventAboutAnAgentOfMyOrganization() {
        String id = create("[\"" + FAILED + "\"]", "null");
        UUID agent = UUID.randomUUID();
        UUID colleague = UUID.randomUUID();
        String org = "org-" + UUID.randomUUID().toString().substring(0, 8);
        ObjectNode registered = TestChain.JSON.createObjectNode().put("agentId", agent.toString()).put("ownerId", colleague.toString());
        registered.putObject("agent").put("id", agent.toString()).put("ownerId", colleague.toString()).put("name", "Shared")
                .put("subdomain", "shared").putNull("repoOwner").putNull("repoName").putNull("githubUrl")
                .put("status", "active").put("version", 1).putArray("organizationSlugs").add(org);
        send("agents.v1", agent, "agora.agent.registered.v1", registered);
        ObjectNode member = TestChain.JSON.createObjectNode().put("organizationId", UUID.randomUUID().toString())
                .put("slug", org).put("userId", owner.toString()).put("role", "viewer")
                .put("grantedBy", colleague.toString()).put("grantedAt", Instant.now().toString());
        send("identity.v1", UUID.randomUUID(), "agora.org.member-added.v1", member);

        send("deployments.v1", agent, FAILED, deploymentFailed(agent, colleague));
        assertEquals(1, firings(id));

        ObjectNode removed = member.deepCopy().put("removedBy", colleague.toString()).put("removedAt", Instant.now().toString());
        send("identity.v1", UUID.randomUUID(), "agora.org.member-removed.v1", removed);
        send("deployments.v1", agent, FAILED, deploymentFailed(agent, colleague));
        assertEquals(1, firings(id), "no longer a member");
    }

    @Test
    void publicEventTypesReachEveryTriggerWatchingThem() {
        String id = create("[\"" + REVIEW + "\"]",
                "{\"type\":\"field\",\"path\":\"review.rating\",\"operator\":\"lt\",\"value\":3}");
        UUID agent = UUID.randomUUID();
        ObjectNode review = TestChain.JSON.createObjectNode().put("agentId", agent.toString())
                .put("reviewerId", UUID.randomUUID().toString());
        review.putObject("review").put("rating", 2).put("comment", "slow");
        send("marketplace.v1", agent, REVIEW, review);
        ((ObjectNode) review.get("review")).put("rating", 5);
        send("marketplace.v1", agent, REVIEW, review);

        assertEquals(1, firings(id));
    }

    @Test
    void eventsAboutNoAgentOnlyReachTheUserTheyName() {
        String type = "agora.org.member-role-changed.v1";
        String id = create("[\"" + type + "\"]", "null");
        ObjectNode changed = TestChain.JSON.createObjectNode().put("organizationId", UUID.randomUUID().toString())
                .put("slug", "org-" + UUID.randomUUID().toString().substring(0, 8)).put("role", "admin")
                .put("previousRole", "viewer").put("changedBy", UUID.randomUUID().toString())
                .put("changedAt", Instant.now().toString());
        send("identity.v1", UUID.randomUUID(), type, changed.deepCopy().put("userId", UUID.randomUUID().toString()));
        send("identity.v1", UUID.randomUUID(), type, changed.deepCopy().put("userId", owner.toString()));

        assertEquals(1, firings(id));
    }

    @Test
    void disablesTheTriggersOfADeletedUser() {
        String id = create("[\"" + FAILED + "\"]", "null");
        ObjectNode deleted = TestChain.JSON.createObjectNode().put("userId", owner.toString())
                .put("deletedAt", Instant.now().toString());
        send("identity.v1", owner, "agora.user.deleted.v1", deleted);

        await().atMost(TIMEOUT).until(() -> TestDatabase.queryLong(
                "select count(*) from triggers where id = ?::uuid and not enabled", id) == 1);
        as(owner).when().get("/api/triggers/" + id).then().statusCode(200).body("enabled", equalTo(false));
        // someone else still watches the type, so the next event is evaluated (and recorded as processed)
        UUID watcher = UUID.randomUUID();
        String other = as(watcher).body(TestTriggers.platform("[\"" + FAILED + "\"]", "[]", "null")).when()
                .post("/api/triggers").then().statusCode(201).extract().path("id");
        UUID agent = UUID.randomUUID();
        send("deployments.v1", agent, FAILED, deploymentFailed(agent, owner));
        assertEquals(0, firings(id));
        as(watcher).when().delete("/api/triggers/" + other).then().statusCode(204);
    }
}
