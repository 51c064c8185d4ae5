package dev.agora.agents;

import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.Duration;
import java.time.Instant;
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
import dev.agora.testsupport.TestEvents;
import dev.agora.testsupport.TopicReader;
import io.quarkus.test.common.TestResourceScope;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;

/** identity.v1 (user deleted) and deployments.v1 (outcomes, runtime status) applied once each, events flowing on. */
@QuarkusTest
@WithTestResource(value = PostgresTestResource.class, scope = TestResourceScope.GLOBAL)
@WithTestResource(value = KafkaTestResource.class, scope = TestResourceScope.GLOBAL)
class AgentConsumersTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Duration TIMEOUT = Duration.ofSeconds(45);
    private static TopicReader agentsTopic;

    @BeforeAll
    static void subscribe() {
        agentsTopic = TopicReader.of("agents.v1");
    }

    @AfterAll
    static void close() {
        agentsTopic.close();
    }

    private static String status(String id) {
        return TestDatabase.query("select status from agents where id = ?", UUID.fromString(id),
                rows -> rows.next() ? rows.getString(1) : null);
    }

    private static String userDeleted(UUID userId) {
        return """
                {"userId":"%s","deletedAt":"%s"}""".formatted(userId, Instant.now());
    }

    private static String deployment(String agentId, UUID ownerId, String status, String url) {
        UUID deploymentId = UUID.randomUUID();
        return """
                {"deploymentId":"%s","agentId":"%s","ownerId":"%s","deployment":{"id":"%s","agentId":"%s","ownerId":"%s",
                 "version":1,"status":"%s","triggerType":"manual","deploymentUrl":%s,"createdAt":"%s"}}
                """.formatted(deploymentId, agentId, ownerId, deploymentId, agentId, ownerId, status,
                url == null ? "null" : "\"" + url + "\"", Instant.now());
    }

    @Test
    void softDeletesEveryAgentOfADeletedUserOnceAndPublishesEachDeletion() throws Exception {
        Caller user = Caller.user();
        Caller bystander = Caller.user();
        String first = TestAgents.create(user, List.of());
        String second = TestAgents.create(user, List.of());
        String kept = TestAgents.create(bystander, List.of());

        String eventId = TestEvents.send("identity.v1", user.id().toString(), "agora.user.deleted.v1", userDeleted(user.id()));
        TestDatabase.awaitProcessed(eventId, TIMEOUT);
        assertEquals("deleted", status(first));
        assertEquals("deleted", status(second));
        assertEquals("pending", status(kept));
        for (String id : List.of(first, second)) {
            String deleted = agentsTopic.await(r -> id.equals(r.key()) && "agora.agent.deleted.v1".equals(r.header("ce_type")),
                    TIMEOUT).value();
            assertEquals(user.id().toString(), JSON.readTree(deleted).path("ownerId").asText());
            assertEquals("deleted", JSON.readTree(deleted).path("agent").path("status").asText());
        }
        user.request().when().get("/api/agents/" + first).then().statusCode(404);

        // a redelivery is recognised: an agent the user registered since is not deleted by it
        String later = TestAgents.create(user, List.of());
        TestEvents.sendAs("identity.v1", user.id().toString(), eventId, "agora.user.deleted.v1", userDeleted(user.id()));
        // the same key (so the same partition, consumed in order) for a user without agents: once it is applied,
        // the redelivery before it has been handled too
        String marker = TestEvents.send("identity.v1", user.id().toString(), "agora.user.deleted.v1", userDeleted(UUID.randomUUID()));
        TestDatabase.awaitProcessed(marker, TIMEOUT);
        assertEquals(1L, TestDatabase.processedCount(eventId));
        assertEquals("pending", status(later));
        assertEquals(1, agentsTopic.awaitCount(r -> first.equals(r.key())
                && "agora.agent.deleted.v1".equals(r.header("ce_type")), 1, TIMEOUT).size(), "one deletion event");
    }

    @Test
    void deploymentOutcomesDriveTheStatusAndTheDeploymentUrlOnce() throws Exception {
        Caller owner = Caller.user();
        String id = TestAgents.create(owner, List.of());

        String started = TestEvents.send("deployments.v1", id, "agora.deployment.started.v1", deployment(id, owner.id(), "deploying", null));
        TestDatabase.awaitProcessed(started, TIMEOUT);
        assertEquals("deploying", status(id));
        String statusChanged = agentsTopic.await(r -> id.equals(r.key())
                && "agora.agent.status-changed.v1".equals(r.header("ce_type")), TIMEOUT).value();
        assertEquals("pending", JSON.readTree(statusChanged).path("oldStatus").asText());
        assertEquals("deploying", JSON.readTree(statusChanged).path("newStatus").asText());

        String succeeded = TestEvents.send("deployments.v1", id, "agora.deployment.succeeded.v1",
                deployment(id, owner.id(), "deployed", "https://weather.agents.agora.dev"));
        TestDatabase.awaitProcessed(succeeded, TIMEOUT);
        owner.request().when().get("/api/agents/" + id).then().statusCode(200)
                .body("status", equalTo("active")).body("deploymentUrl", equalTo("https://weather.agents.agora.dev"));

        // the owner stops the agent; redelivering the success must not make it active again
        owner.request().body("{\"status\":\"inactive\"}").when().put("/api/agents/" + id + "/status").then().statusCode(200);
        TestEvents.sendAs("deployments.v1", id, succeeded, "agora.deployment.succeeded.v1",
                deployment(id, owner.id(), "deployed", "https://other.example"));
        String failed = TestEvents.send("deployments.v1", id, "agora.deployment.failed.v1", deployment(id, owner.id(), "failed", null));
        TestDatabase.awaitProcessed(failed, TIMEOUT);
        assertEquals(1L, TestDatabase.processedCount(succeeded));
        owner.request().when().get("/api/agents/" + id).then()
                .body("status", equalTo("failed")).body("deploymentUrl", equalTo("https://weather.agents.agora.dev"));

        String stopped = TestEvents.send("deployments.v1", id, "agora.deployment.stopped.v1", deployment(id, owner.id(), "stopped", null));
        TestDatabase.awaitProcessed(stopped, TIMEOUT);
        assertEquals("inactive", status(id));
    }

    @Test
    void runtimeStatusChangesUpdateTheRuntimeStatus() throws Exception {
        Caller owner = Caller.user();
        String id = TestAgents.create(owner, List.of());
        String body = """
                {"agentId":"%s","ownerId":"%s","deploymentId":"%s","oldStatus":"healthy","newStatus":"degraded","changedAt":"%s"}
                """.formatted(id, owner.id(), UUID.randomUUID(), Instant.now());
        String eventId = TestEvents.send("deployments.v1", id, "agora.agent.runtime-status-changed.v1", body);
        TestDatabase.awaitProcessed(eventId, TIMEOUT);
        owner.request().when().get("/api/agents/" + id).then().body("runtimeStatus", equalTo("degraded"));
        String updated = agentsTopic.await(r -> id.equals(r.key()) && "agora.agent.updated.v1".equals(r.header("ce_type")),
                TIMEOUT).value();
        assertEquals("[\"runtimeStatus\"]", JSON.readTree(updated).path("changedFields").toString());

        // deployments of deleted or unknown agents change nothing
        owner.request().when().delete("/api/agents/" + id).then().statusCode(204);
        String late = TestEvents.send("deployments.v1", id, "agora.deployment.started.v1", deployment(id, owner.id(), "deploying", null));
        String unknown = UUID.randomUUID().toString();
        String stray = TestEvents.send("deployments.v1", unknown, "agora.deployment.started.v1", deployment(unknown, owner.id(), "deploying", null));
        TestDatabase.awaitProcessed(late, TIMEOUT);
        TestDatabase.awaitProcessed(stray, TIMEOUT);
        assertEquals("deleted", status(id));
    }

    @Test
    void deadLettersEventsItCannotRead() {
        String key = UUID.randomUUID().toString();
        try (TopicReader identityDlq = TopicReader.of("identity.v1.dlq"); TopicReader deploymentsDlq = TopicReader.of("deployments.v1.dlq")) {
            String noUser = TestEvents.send("identity.v1", key, "agora.user.deleted.v1", "{\"deletedAt\":\"" + Instant.now() + "\"}");
            String noAgent = TestEvents.send("deployments.v1", key, "agora.deployment.failed.v1", "{\"deploymentId\":\"" + key + "\"}");
            identityDlq.await(r -> key.equals(r.key()), TIMEOUT);
            deploymentsDlq.await(r -> key.equals(r.key()), TIMEOUT);
            assertEquals(0L, TestDatabase.processedCount(noUser));
            assertEquals(0L, TestDatabase.processedCount(noAgent));
        }
    }
}
