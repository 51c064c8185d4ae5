package dev.agora.marketplace;

import static dev.agora.marketplace.Marketplace.as;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.empty;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItems;
import static org.hamcrest.Matchers.hasSize;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Set;
import java.util.UUID;

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

import dev.agora.testsupport.EventContracts;
import dev.agora.testsupport.KafkaTestResource;
import dev.agora.testsupport.PostgresTestResource;
import dev.agora.testsupport.TestDatabase;
import dev.agora.testsupport.TestEvents;
import dev.agora.testsupport.TopicReader;
import io.quarkus.test.common.TestResourceScope;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.ValidatableResponse;

/** Every event that notifies someone: the recipient, the type, the priority, and nobody else. */
@QuarkusTest
@WithTestResource(value = PostgresTestResource.class, scope = TestResourceScope.GLOBAL)
@WithTestResource(value = KafkaTestResource.class, scope = TestResourceScope.GLOBAL)
class NotificationEventsTest {
    private static final String NOTIFICATIONS = "/api/marketplace/notifications";
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final EventContracts CONTRACTS = new EventContracts(Path.of("../contracts"));

    private final UUID owner = UUID.randomUUID();
    private final UUID hirer = UUID.randomUUID();

    @Test
    void taskMovesNotifyThePartyThatDidNotMakeThem() {
        TestAgent agent = Marketplace.listedAgent(owner);
        String created = Marketplace.createTask(hirer, agent);
        awaitTypes(owner, "task_created").body("items[0].priority", equalTo("medium"))
                .body("items[0].data.taskId", equalTo(created))
                .body("items[0].data.agentId", equalTo(agent.id.toString()))
                .body("items[0].message", equalTo("New task \"Audit my contract\" for \"Price oracle\""));

        as(agent.owner).body("{}").when().post(Marketplace.TASKS + "/" + created + "/start").then().statusCode(200);
        as(agent.owner).body("{}").when().post(Marketplace.TASKS + "/" + created + "/complete").then().statusCode(200);
        String failing = Marketplace.createTask(hirer, agent);
        as(agent.owner).body("{}").when().post(Marketplace.TASKS + "/" + failing + "/start").then().statusCode(200);
        as(agent.owner).body("{\"reason\":\"out of gas\"}").when().post(Marketplace.TASKS + "/" + failing + "/fail")
                .then().statusCode(200);
        String cancelled = Marketplace.createTask(hirer, agent);
        as(hirer).body("{}").when().post(Marketplace.TASKS + "/" + cancelled + "/cancel").then().statusCode(200);

        // the owner moved start/complete/fail: the hirer hears of them; the hirer cancelled: the owner hears of it
        awaitCount(hirer, 4);
        as(hirer).queryParam("type", "task_started").when().get(NOTIFICATIONS).then()
                .body("items.priority", contains("low", "low"));
        as(hirer).queryParam("type", "task_completed").when().get(NOTIFICATIONS).then()
                .body("items.priority", contains("medium")).body("items[0].data.taskId", equalTo(created));
        as(hirer).queryParam("type", "task_failed").when().get(NOTIFICATIONS).then()
                .body("items.priority", contains("high"))
                .body("items[0].message", equalTo("Task \"Audit my contract\" for \"Price oracle\" failed: out of gas"));
        awaitTypes(owner, "task_cancelled").body("items.priority", contains("medium"))
                .body("items[0].data.taskId", equalTo(cancelled));
        as(owner).queryParam("type", "task_created").when().get(NOTIFICATIONS).then().body("items", hasSize(3));
        as(owner).queryParam("type", "task_started").when().get(NOTIFICATIONS).then().body("items", empty());
        as(hirer).queryParam("type", "task_created").when().get(NOTIFICATIONS).then().body("items", empty());
    }

    @Test
    void reviewsPaymentsFollowersAndRanksNotifyTheOwner() {
        TestAgent agent = Marketplace.listedAgent(owner);
        UUID reviewId = UUID.randomUUID();
        UUID taskId = UUID.randomUUID();
        ObjectNode review = JSON.createObjectNode().put("reviewId", reviewId.toString()).put("agentId", agent.id.toString())
                .put("taskId", taskId.toString()).put("reviewerId", hirer.toString());
        review.putObject("review").put("id", reviewId.toString()).put("taskId", taskId.toString())
                .put("agentId", agent.id.toString()).put("reviewerId", hirer.toString()).put("rating", 4)
                .put("createdAt", Instant.now().toString()).putArray("pros");
        ((ObjectNode) review.get("review")).putArray("cons");
        send("marketplace.v1", agent.id, "agora.review.submitted.v1", review);
        send("marketplace.v1", agent.id, "agora.transaction.confirmed.v1", transaction(agent, "confirmed"));
        send("marketplace.v1", agent.id, "agora.transaction.refunded.v1", transaction(agent, "refunded"));
        send("marketplace.v1", agent.id, "agora.agent.followed.v1", JSON.createObjectNode()
                .put("agentId", agent.id.toString()).put("userId", hirer.toString())
                .put("followedAt", Instant.now().toString()), owner);
        ObjectNode rank = JSON.createObjectNode().put("agentId", agent.id.toString())
                .put("agentName", "Price oracle").put("period", "weekly").put("rank", 3).put("previousRank", 5)
                .put("score", 0.81).put("computedAt", Instant.now().toString());
        rank.putNull("domain");
        send("marketplace.v1", agent.id, "agora.leaderboard.rank-changed.v1", rank);
        ObjectNode top = rank.deepCopy().put("rank", 1).put("domain", "defi").put("period", "all_time");
        top.putNull("previousRank");
        send("marketplace.v1", agent.id, "agora.leaderboard.rank-changed.v1", top);

        await().atMost(TestDatabase.TIMEOUT).untilAsserted(() -> as(owner).when().get(NOTIFICATIONS)
                .then().statusCode(200).body("items.size()", org.hamcrest.Matchers.greaterThanOrEqualTo(6)));
        awaitTypes(owner, "review_received").body("items[0].priority", equalTo("medium"))
                .body("items[0].message", equalTo("\"Price oracle\" received a 4-star review"))
                .body("items[0].data.reviewId", equalTo(reviewId.toString()));
        awaitTypes(owner, "payment_received").body("items[0].priority", equalTo("medium"))
                .body("items[0].message", equalTo("You received 12.5 ALGO for \"Price oracle\""));
        awaitTypes(owner, "payment_refunded").body("items[0].message", equalTo("5 ALGO paid for \"Price oracle\" was refunded"));
        awaitTypes(owner, "new_follower").body("items[0].priority", equalTo("low"))
                .body("items[0].data.followerId", equalTo(hirer.toString()));
        // (the facts above also rank the agent on the real boards, whose own rank changes notify the owner too)
        String entered = "\"Price oracle\" entered the all time defi leaderboard at #1";
        String moved = "\"Price oracle\" moved from #5 to #3 on the weekly global leaderboard";
        await().atMost(TestDatabase.TIMEOUT).untilAsserted(() -> as(owner).queryParam("type", "rank_changed").when()
                .get(NOTIFICATIONS).then().statusCode(200).body("items.message", hasItems(entered, moved)));
        awaitTypes(owner, "rank_changed").body("items.find { it.message == '" + entered + "' }.priority", equalTo("high"))
                .body("items.find { it.message == '" + moved + "' }.priority", equalTo("medium"));
        // the payer hears of their payment and refund, and nothing else
        awaitCount(hirer, 2);
        as(hirer).when().get(NOTIFICATIONS).then().body("items.type", contains("payment_refunded", "payment_confirmed"))
                .body("items.priority", contains("medium", "low"));
    }

    @Test
    void deploymentAndRuntimeEventsNotifyTheOwner() {
        UUID agentId = UUID.randomUUID();
        send("deployments.v1", agentId, "agora.deployment.succeeded.v1", deployment(agentId, "succeeded"));
        send("deployments.v1", agentId, "agora.deployment.failed.v1", deployment(agentId, "failed"));
        send("deployments.v1", agentId, "agora.agent.runtime-status-changed.v1", runtime(agentId, "healthy", "down"));
        send("deployments.v1", agentId, "agora.agent.runtime-status-changed.v1", runtime(agentId, "down", "healthy"));
        String stopped = send("deployments.v1", agentId, "agora.agent.runtime-status-changed.v1",
                runtime(agentId, "healthy", "stopped"));
        TestDatabase.awaitProcessed(stopped);

        as(owner).when().get(NOTIFICATIONS).then().statusCode(200)
                .body("items.type", contains("agent_runtime_recovered", "agent_runtime_down", "deployment_failed",
                        "deployment_succeeded"))
                .body("items.priority", contains("low", "high", "high", "medium"))
                .body("items[2].message", equalTo("The deployment of your agent failed: image pull failed"))
                .body("items[3].data.url", equalTo("https://oracle.agents.agora.dev"))
                .body("items[3].data.agentId", equalTo(agentId.toString()));
    }

    @Test
    void triggerEventsNotifyTheTriggerOwnerAndARequestedNotificationExistsOnce() {
        UUID triggerId = UUID.randomUUID();
        UUID notificationId = UUID.randomUUID();
        ObjectNode requested = JSON.createObjectNode().put("notificationId", notificationId.toString())
                .put("triggerId", triggerId.toString()).put("ownerId", owner.toString())
                .put("firingId", UUID.randomUUID().toString()).put("title", "Whale alert")
                .put("message", "1M ALGO moved").put("priority", "critical").put("requestedAt", Instant.now().toString());
        requested.putObject("data").put("txId", "ABC");
        send("triggers.v1", triggerId, "agora.trigger.notification-requested.v1", requested);
        // re-requested under another event id (the trigger's outbox sent it again): still one notification
        send("triggers.v1", triggerId, "agora.trigger.notification-requested.v1", requested);
        send("triggers.v1", triggerId, "agora.trigger.circuit-opened.v1", JSON.createObjectNode()
                .put("triggerId", triggerId.toString()).put("ownerId", owner.toString()).put("triggerName", "Whales")
                .put("consecutiveFailures", 5).put("openedAt", Instant.now().toString())
                .put("retryAt", "2030-01-01T00:00:00Z"));
        send("triggers.v1", triggerId, "agora.action.dead-lettered.v1", JSON.createObjectNode()
                .put("jobId", UUID.randomUUID().toString()).put("actionId", UUID.randomUUID().toString())
                .put("triggerId", triggerId.toString()).put("ownerId", owner.toString()).put("triggerName", "Whales")
                .put("actionType", "rest").put("attempt", 5).put("maxAttempts", 5).put("httpStatus", 500)
                .put("error", "HTTP 500").put("durationMs", 120).put("willRetry", false)
                .put("occurredAt", Instant.now().toString()));
        String disabled = send("triggers.v1", triggerId, "agora.trigger.disabled.v1", JSON.createObjectNode()
                .put("triggerId", triggerId.toString()).put("ownerId", owner.toString()).put("triggerName", "Whales")
                .put("reason", "owner deleted").put("disabledAt", Instant.now().toString()));
        TestDatabase.awaitProcessed(disabled);

        as(owner).when().get(NOTIFICATIONS).then().statusCode(200)
                .body("items.type", contains("trigger_disabled", "trigger_action_failed", "trigger_circuit_opened",
                        "trigger_notification"))
                .body("items.priority", contains("high", "high", "high", "critical"))
                .body("items[1].message", equalTo("The rest action of trigger \"Whales\" failed (attempt 5 of 5): HTTP 500"))
                .body("items[3].id", equalTo(notificationId.toString()))
                .body("items[3].title", equalTo("Whale alert"))
                .body("items[3].data.txId", equalTo("ABC"))
                .body("items[3].data.triggerId", equalTo(triggerId.toString()));
    }

    @Test
    void aRedeliveredEventNotifiesOnce() {
        UUID agentId = UUID.randomUUID();
        String eventId = UUID.randomUUID().toString();
        String body = deployment(agentId, "failed").toString();
        String audience = TestEvents.usersAudience(owner);
        TopicReader.send(TestEvents.bootstrapServers(), "deployments.v1", agentId.toString(), body,
                TopicReader.cloudEvent(eventId, "agora.deployment.failed.v1", agentId.toString(), audience));
        TopicReader.send(TestEvents.bootstrapServers(), "deployments.v1", agentId.toString(), body,
                TopicReader.cloudEvent(eventId, "agora.deployment.failed.v1", agentId.toString(), audience));
        TestDatabase.awaitProcessed(send("deployments.v1", agentId, "agora.deployment.succeeded.v1",
                deployment(agentId, "succeeded")));

        as(owner).when().get(NOTIFICATIONS).then().body("items.type", contains("deployment_succeeded", "deployment_failed"));
        assertEquals(1, TestDatabase.processedCount(eventId));
    }

    @Test
    void aRequestWithAnUnknownPriorityIsDeadLetteredAndNotifiesNobody() {
        UUID triggerId = UUID.randomUUID();
        ObjectNode requested = JSON.createObjectNode().put("notificationId", UUID.randomUUID().toString())
                .put("triggerId", triggerId.toString()).put("ownerId", owner.toString())
                .put("firingId", UUID.randomUUID().toString()).put("title", "Odd").put("message", "Odd")
                .put("priority", "urgent").put("requestedAt", Instant.now().toString());
        requested.putObject("data");
        String poison = TestEvents.sendFor(TestEvents.usersAudience(owner), "triggers.v1", triggerId.toString(),
                "agora.trigger.notification-requested.v1", requested.toString());
        try (TopicReader dlq = TopicReader.of("triggers.v1.dlq")) {
            dlq.await(record -> triggerId.toString().equals(record.key()), java.time.Duration.ofSeconds(60));
        }
        // the consumer goes on
        TestDatabase.awaitProcessed(send("triggers.v1", triggerId, "agora.trigger.notification-requested.v1",
                requested.put("priority", "low").put("notificationId", UUID.randomUUID().toString())));
        assertEquals(0, TestDatabase.processedCount(poison));
        as(owner).when().get(NOTIFICATIONS).then().body("items.priority", contains("low"));
    }

    private ObjectNode transaction(TestAgent agent, String status) {
        UUID id = UUID.randomUUID();
        ObjectNode event = JSON.createObjectNode().put("transactionId", id.toString()).put("agentId", agent.id.toString())
                .put("userId", hirer.toString()).put("ownerId", owner.toString());
        event.putNull("taskId");
        event.putObject("transaction").put("id", id.toString()).put("userId", hirer.toString())
                .put("agentId", agent.id.toString()).put("signature", "SIG" + id.toString().replace("-", ""))
                .put("type", "payment").put("amount", 12.5).put("refundedAmount", "refunded".equals(status) ? 5 : 0)
                .put("asset", "ALGO").put("chain", "algorand").put("status", status)
                .put("createdAt", Instant.now().toString());
        return event;
    }

    private ObjectNode deployment(UUID agentId, String status) {
        UUID id = UUID.randomUUID();
        ObjectNode event = JSON.createObjectNode().put("deploymentId", id.toString()).put("agentId", agentId.toString())
                .put("ownerId", owner.toString());
        event.putObject("deployment").put("id", id.toString()).put("agentId", agentId.toString())
                .put("ownerId", owner.toString()).put("version", 1).put("status", status).put("triggerType", "manual")
                .put("deploymentUrl", "succeeded".equals(status) ? "https://oracle.agents.agora.dev" : null)
                .put("errorMessage", "failed".equals(status) ? "image pull failed" : null)
                .put("createdAt", Instant.now().toString());
        return event;
    }

    private ObjectNode runtime(UUID agentId, String oldStatus, String newStatus) {
        return JSON.createObjectNode().put("agentId", agentId.toString()).put("ownerId", owner.toString())
                .put("deploymentId", UUID.randomUUID().toString()).put("oldStatus", oldStatus).put("newStatus", newStatus)
                .put("changedAt", Instant.now().toString());
    }

    /**
     * Sends an event keyed by {@code key}, checked against its schema when the contract has one, with the audience its
     * publisher gives it: public for reviews and ranks, else the users it names (and {@code alsoFor}).
     */
    static String send(String topic, UUID key, String type, ObjectNode body, UUID... alsoFor) {
        if (Path.of("../contracts", topic, type + ".schema.json").toFile().exists()) {
            assertEquals(List.of(), CONTRACTS.violations(topic, type, body.toString()), type + " " + body);
        }
        return TestEvents.sendFor(audienceOf(type, body, alsoFor), topic, key.toString(), type, body.toString());
    }

    private static String audienceOf(String type, ObjectNode body, UUID... alsoFor) {
        if (Set.of("agora.review.submitted.v1", "agora.leaderboard.rank-changed.v1").contains(type)) {
            return TestEvents.PUBLIC_AUDIENCE;
        }
        List<Object> users = new java.util.ArrayList<>(List.of((Object[]) alsoFor));
        for (String field : List.of("userId", "ownerId", "hirerId", "senderId", "recipientId")) {
            if (body.hasNonNull(field)) {
                users.add(body.get(field).asText());
            }
        }
        return TestEvents.usersAudience(users.toArray());
    }

    private static void awaitCount(UUID user, int count) {
        await().atMost(TestDatabase.TIMEOUT).untilAsserted(() -> as(user).when().get(NOTIFICATIONS)
                .then().statusCode(200).body("items", hasSize(count)));
    }

    private static ValidatableResponse awaitTypes(UUID user, String type) {
        await().atMost(TestDatabase.TIMEOUT).untilAsserted(() -> as(user).queryParam("type", type).when()
                .get(NOTIFICATIONS).then().statusCode(200).body("items.size()", org.hamcrest.Matchers.greaterThan(0)));
        return as(user).queryParam("type", type).when().get(NOTIFICATIONS).then().statusCode(200);
    }
}
