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

/**
 * Platform events from every topic reach the triggers of the users in their audience (the parties, members holding a
 * listed role in a listed organization, or everyone for a public event), and no one else's.
 */
@QuarkusTest
@WithTestResource(value = PostgresTestResource.class, scope = TestResourceScope.GLOBAL)
@WithTestResource(value = KafkaTestResource.class, scope = TestResourceScope.GLOBAL)
public class PlatformTriggerTest {
    private static final String FAILED = "agora.deployment.failed.v1";
    private static final String REVIEW = "agora.review.submitted.v1";

    private final UUID owner = UUID.randomUUID();

    /** A platform trigger of {@code user} on these event types, with a notification action. */
    public static String create(UUID user, String eventTypes, String conditions) {
        return as(user).body(TestTriggers.platform(eventTypes, "[]", conditions)).when().post("/api/triggers")
                .then().statusCode(201).extract().path("id");
    }

    /** An agora.deployment.failed.v1 body about the agent. */
    public static ObjectNode deploymentFailed(UUID agentId, UUID agentOwner) {
        ObjectNode event = TestChain.JSON.createObjectNode().put("deploymentId", UUID.randomUUID().toString())
                .put("agentId", agentId.toString()).put("ownerId", agentOwner.toString());
        event.putObject("deployment").put("status", "failed").put("errorMessage", "image pull failed");
        return event;
    }

    /** Sends the event with this audience and waits until trigger-service has processed it. */
    public static String send(String audience, String topic, UUID key, String type, ObjectNode body) {
        String id = TestEvents.sendFor(audience, topic, key.toString(), type, body.toString());
        TestDatabase.awaitProcessed(id);
        return id;
    }

    private static String send(String topic, UUID key, String type, ObjectNode body) {
        String id = TestEvents.send(topic, key.toString(), type, body.toString());
        TestDatabase.awaitProcessed(id);
        return id;
    }

    /** The audience agent-service and deployment-service give an agent's events: its owner and its orgs' members. */
    public static String agentAudience(UUID agentOwner, String org) {
        return "{\"users\":[\"" + agentOwner + "\"],\"orgs\":{\"" + org + "\":[\"admin\",\"agent_manager\",\"viewer\"]}}";
    }

    /** Makes {@code user} a viewer of {@code org} (agora.org.member-added.v1); returns that event's body. */
    public static String joinAsViewer(UUID user, String org, UUID colleague) {
        ObjectNode member = TestChain.JSON.createObjectNode().put("organizationId", UUID.randomUUID().toString())
                .put("slug", org).put("userId", user.toString()).put("role", "viewer")
                .put("grantedBy", colleague.toString()).put("grantedAt", Instant.now().toString());
        send(TestEvents.usersAudience(user), "identity.v1", UUID.randomUUID(), "agora.org.member-added.v1", member);
        return member.toString();
    }

    /** How many firings the trigger has recorded. */
    public static long firings(String triggerId) {
        return TestDatabase.queryLong("select count(*) from trigger_firings where trigger_id = ?::uuid", triggerId);
    }

    @Test
    void firesOnAnEventAboutMyOwnAgent() {
        String id = create(owner, "[\"" + FAILED + "\"]", "{\"type\":\"field\",\"path\":\"deployment.status\",\"operator\":\"equals\",\"value\":\"failed\"}");
        UUID agent = UUID.randomUUID();
        String eventId = send(TestEvents.usersAudience(owner), "deployments.v1", agent, FAILED, deploymentFailed(agent, owner));

        as(owner).when().get("/api/triggers/" + id + "/firings").then().statusCode(200)
                .body("items.eventId", contains(eventId)).body("items[0].eventSource", equalTo("platform"))
                .body("items[0].agentId", equalTo(agent.toString()));
    }

    @Test
    void dryRunsAPlatformSampleEvent() {
        String id = create(owner, "[\"" + FAILED + "\"]",
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
    void neverFiresOnAnEventOutsideItsOwnersAudience() {
        String id = create(owner, "[\"" + FAILED + "\"]", "null");
        UUID agent = UUID.randomUUID();
        UUID stranger = UUID.randomUUID();
        send(TestEvents.usersAudience(stranger), "deployments.v1", agent, FAILED, deploymentFailed(agent, stranger));
        // naming the trigger's owner in the payload grants nothing: only the audience does
        send(TestEvents.usersAudience(stranger), "deployments.v1", agent, FAILED, deploymentFailed(agent, owner));

        assertEquals(0, firings(id));
    }

    @Test
    void anEventWithoutAnAudienceReachesNoTrigger() {
        String id = create(owner, "[\"" + FAILED + "\"]", "null");
        UUID agent = UUID.randomUUID();
        send("deployments.v1", agent, FAILED, deploymentFailed(agent, owner));

        assertEquals(0, firings(id));
    }

    @Test
    void firesForAnOrganizationMemberOnlyWhileTheAudienceListsTheirRole() {
        String id = create(owner, "[\"" + FAILED + "\"]", "null");
        UUID agent = UUID.randomUUID();
        UUID colleague = UUID.randomUUID();
        String org = "org-" + UUID.randomUUID().toString().substring(0, 8);
        String member = joinAsViewer(owner, org, colleague);

        send(agentAudience(colleague, org), "deployments.v1", agent, FAILED, deploymentFailed(agent, colleague));
        assertEquals(1, firings(id));

        String managersOnly = "{\"users\":[\"" + colleague + "\"],\"orgs\":{\"" + org + "\":[\"admin\",\"agent_manager\"]}}";
        send(managersOnly, "deployments.v1", agent, FAILED, deploymentFailed(agent, colleague));
        assertEquals(1, firings(id), "a viewer is not a manager");

        ObjectNode removed = ((ObjectNode) TestChain.JSON.valueToTree(parse(member)))
                .put("removedBy", colleague.toString()).put("removedAt", Instant.now().toString());
        send(TestEvents.usersAudience(owner), "identity.v1", UUID.randomUUID(), "agora.org.member-removed.v1", removed);
        send(agentAudience(colleague, org), "deployments.v1", agent, FAILED, deploymentFailed(agent, colleague));
        assertEquals(1, firings(id), "no longer a member");
    }

    private static com.fasterxml.jackson.databind.JsonNode parse(String json) {
        try {
            return TestChain.JSON.readTree(json);
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    @Test
    void publicEventTypesReachEveryTriggerWatchingThem() {
        String id = create(owner, "[\"" + REVIEW + "\"]",
                "{\"type\":\"field\",\"path\":\"review.rating\",\"operator\":\"lt\",\"value\":3}");
        UUID agent = UUID.randomUUID();
        ObjectNode review = TestChain.JSON.createObjectNode().put("agentId", agent.toString())
                .put("reviewerId", UUID.randomUUID().toString());
        review.putObject("review").put("rating", 2).put("comment", "slow");
        send(TestEvents.PUBLIC_AUDIENCE, "marketplace.v1", agent, REVIEW, review);
        ((ObjectNode) review.get("review")).put("rating", 5);
        send(TestEvents.PUBLIC_AUDIENCE, "marketplace.v1", agent, REVIEW, review);

        assertEquals(1, firings(id));
    }

    @Test
    void eventsAboutNoAgentOnlyReachTheUsersTheirAudienceNames() {
        String type = "agora.org.member-role-changed.v1";
        String id = create(owner, "[\"" + type + "\"]", "null");
        ObjectNode changed = TestChain.JSON.createObjectNode().put("organizationId", UUID.randomUUID().toString())
                .put("slug", "org-" + UUID.randomUUID().toString().substring(0, 8)).put("role", "admin")
                .put("previousRole", "viewer").put("changedBy", UUID.randomUUID().toString())
                .put("changedAt", Instant.now().toString());
        UUID other = UUID.randomUUID();
        send(TestEvents.usersAudience(other), "identity.v1", UUID.randomUUID(), type,
                changed.deepCopy().put("userId", other.toString()));
        send(TestEvents.usersAudience(owner), "identity.v1", UUID.randomUUID(), type,
                changed.deepCopy().put("userId", owner.toString()));

        assertEquals(1, firings(id));
    }

    @Test
    void disablesTheTriggersOfADeletedUser() {
        String id = create(owner, "[\"" + FAILED + "\"]", "null");
        ObjectNode deleted = TestChain.JSON.createObjectNode().put("userId", owner.toString())
                .put("deletedAt", Instant.now().toString());
        send(TestEvents.usersAudience(owner), "identity.v1", owner, "agora.user.deleted.v1", deleted);

        await().atMost(TIMEOUT).until(() -> TestDatabase.queryLong(
                "select count(*) from triggers where id = ?::uuid and not enabled", id) == 1);
        as(owner).when().get("/api/triggers/" + id).then().statusCode(200).body("enabled", equalTo(false));
        // someone else still watches the type, so the next event is evaluated (and recorded as processed)
        UUID watcher = UUID.randomUUID();
        String other = as(watcher).body(TestTriggers.platform("[\"" + FAILED + "\"]", "[]", "null")).when()
                .post("/api/triggers").then().statusCode(201).extract().path("id");
        UUID agent = UUID.randomUUID();
        send(TestEvents.usersAudience(owner), "deployments.v1", agent, FAILED, deploymentFailed(agent, owner));
        assertEquals(0, firings(id));
        as(watcher).when().delete("/api/triggers/" + other).then().statusCode(204);
    }
}
