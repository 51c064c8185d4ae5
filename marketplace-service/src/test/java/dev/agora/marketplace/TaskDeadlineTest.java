package dev.agora.marketplace;

import static dev.agora.marketplace.Marketplace.BUDGET;
import static dev.agora.marketplace.Marketplace.TASKS;
import static dev.agora.marketplace.Marketplace.as;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasSize;
import static org.hamcrest.Matchers.nullValue;
import static org.hamcrest.Matchers.startsWith;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

import jakarta.inject.Inject;

import org.junit.jupiter.api.Test;

import dev.agora.marketplace.task.service.TaskDeadlineSweep;
import dev.agora.testsupport.KafkaTestResource;
import dev.agora.testsupport.PostgresTestResource;
import dev.agora.testsupport.TestDatabase;
import dev.agora.testsupport.TopicReader;
import io.quarkus.test.common.TestResourceScope;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.vertx.VertxContextSupport;
import io.restassured.path.json.JsonPath;

/**
 * A task not finished by its due date fails: the sweep records why, refunds the hirer exactly through the same path
 * as a manual failure, publishes the same event and notifies both parties; finished tasks and tasks due later are
 * left alone, and concurrent sweeps (one per replica) fail a task once.
 */
@QuarkusTest
@WithTestResource(value = PostgresTestResource.class, scope = TestResourceScope.GLOBAL)
@WithTestResource(value = KafkaTestResource.class, scope = TestResourceScope.GLOBAL)
class TaskDeadlineTest {
    static final String BALANCE = "/api/marketplace/balance";
    static final String NOTIFICATIONS = "/api/marketplace/notifications";
    static final String NIL = "00000000-0000-0000-0000-000000000000";

    @Inject
    TaskDeadlineSweep sweep;

    private final UUID owner = UUID.randomUUID();
    private final UUID hirer = UUID.randomUUID();

    @Test
    void anOverduePricedTaskFailsWithTheReasonRefundsTheHirerExactlyAndIsPublished() {
        TestAgent agent = Marketplace.listedAgent(owner);
        String task = Marketplace.createTask(hirer, agent);
        as(owner).body("{}").when().post(TASKS + "/" + task + "/start").then().statusCode(200);
        assertBalance(hirer, 0, BUDGET);
        makeOverdue(task);

        sweep();

        as(hirer).when().get(TASKS + "/" + task).then().statusCode(200).body("status", equalTo("failed"))
                .body("failureReason", startsWith("past its due date (")).body("finishedAt", org.hamcrest.Matchers.notNullValue());
        assertBalance(hirer, BUDGET, 0);
        assertBalance(owner, 0, 0);
        assertEquals(1, refunds(task));

        List<TopicReader.Received> events = Marketplace.awaitEvents(agent.id.toString(),
                r -> r.value().contains(task) && r.header("ce_type").startsWith("agora.task"),
                List.of("agora.task.created.v1", "agora.task.started.v1", "agora.task.failed.v1"));
        JsonPath failed = new JsonPath(events.get(2).value());
        assertEquals(NIL, failed.getString("actorId"), "the platform failed it, not a user");
        assertEquals("failed", failed.getString("task.status"));
        assertTrue(failed.getString("task.failureReason").startsWith("past its due date ("),
                failed.getString("task.failureReason"));
        List<TopicReader.Received> money = Marketplace.awaitEvents(agent.id.toString(),
                r -> r.value().contains(task) && r.header("ce_type").startsWith("agora.escrow"),
                List.of("agora.escrow.reserved.v1", "agora.escrow.refunded.v1"));
        assertEquals(Long.toString(BUDGET), new JsonPath(money.get(1).value()).getString("refunded"));

        // nobody made the move, so both parties hear of it
        for (UUID party : List.of(hirer, owner)) {
            await().atMost(TestDatabase.TIMEOUT).untilAsserted(() -> as(party).queryParam("type", "task_failed")
                    .when().get(NOTIFICATIONS).then().statusCode(200).body("items", hasSize(1))
                    .body("items[0].message", org.hamcrest.Matchers.containsString("past its due date")));
        }
    }

    @Test
    void aPendingOverdueTaskIsFailedByTheScheduledSweep() {
        TestAgent agent = Marketplace.listedAgent(owner);
        String task = Marketplace.createTask(hirer, agent);
        makeOverdue(task);

        await().atMost(TestDatabase.TIMEOUT).untilAsserted(() -> as(hirer).when().get(TASKS + "/" + task).then()
                .statusCode(200).body("status", equalTo("failed")).body("failureReason", startsWith("past its due date")));
        assertBalance(hirer, BUDGET, 0);
    }

    @Test
    void aTaskDueLaterIsUntouched() {
        TestAgent agent = Marketplace.listedAgent(owner);
        String task = Marketplace.createTask(hirer, agent);
        TestDatabase.execute("update tasks set due_date = now() + interval '1 hour' where id = ?", UUID.fromString(task));

        sweep();

        as(hirer).when().get(TASKS + "/" + task).then().statusCode(200).body("status", equalTo("pending"))
                .body("failureReason", nullValue());
        assertBalance(hirer, 0, BUDGET);
        assertEquals(0, refunds(task));
    }

    @Test
    void aTaskCompletedBeforeTheSweepIsUntouched() {
        TestAgent agent = Marketplace.listedAgent(owner);
        String task = Marketplace.completedTask(hirer, agent);
        makeOverdue(task);

        sweep();

        as(hirer).when().get(TASKS + "/" + task).then().statusCode(200).body("status", equalTo("completed"))
                .body("failureReason", nullValue());
        // 2.5 % platform fee in tests: the owner keeps the rest, the hirer gets nothing back
        assertBalance(owner, BUDGET - BUDGET * 250 / 10_000, 0);
        assertBalance(hirer, 0, 0);
        assertEquals(0, refunds(task));
    }

    @Test
    void twoConcurrentSweepsFailATaskOnceAndRefundItOnce() throws Exception {
        TestAgent agent = Marketplace.listedAgent(owner);
        String task = Marketplace.createTask(hirer, agent);
        makeOverdue(task);

        ExecutorService pool = Executors.newFixedThreadPool(2);
        try {
            CompletableFuture<Integer> first = CompletableFuture.supplyAsync(this::sweep, pool);
            CompletableFuture<Integer> second = CompletableFuture.supplyAsync(this::sweep, pool);
            // the scheduled sweep may have taken it first: then neither did
            assertTrue(first.get() + second.get() <= 1, first.get() + " + " + second.get());
        } finally {
            pool.shutdownNow();
        }

        as(hirer).when().get(TASKS + "/" + task).then().statusCode(200).body("status", equalTo("failed"));
        assertBalance(hirer, BUDGET, 0);
        assertEquals(1, refunds(task));
        assertEquals(1, TestDatabase.queryLong("select count(*) from transactions where task_id = ?"
                + " and transaction_type = 'refund'", UUID.fromString(task)));
        Marketplace.awaitEvents(agent.id.toString(),
                r -> r.value().contains(task) && r.header("ce_type").startsWith("agora.task"),
                List.of("agora.task.created.v1", "agora.task.failed.v1"));
        // one failure event: one notification per party
        await().atMost(TestDatabase.TIMEOUT).untilAsserted(() -> as(hirer).queryParam("type", "task_failed")
                .when().get(NOTIFICATIONS).then().statusCode(200).body("items", hasSize(1)));
        assertEquals(2, TestDatabase.queryLong("select count(*) from notifications where type = 'task_failed'"
                + " and data ->> 'taskId' = ?", task));
    }

    // --- steps

    private int sweep() {
        try {
            return VertxContextSupport.subscribeAndAwait(() -> sweep.sweep());
        } catch (Throwable e) {
            throw new IllegalStateException(e);
        }
    }

    /** Tasks are created due in the future only: this one's due date passed a minute ago. */
    private static void makeOverdue(String task) {
        TestDatabase.execute("update tasks set due_date = now() - interval '1 minute' where id = ?", UUID.fromString(task));
    }

    private static long refunds(String task) {
        return TestDatabase.queryLong("select count(*) from ledger_entries where task_id = ? and kind = 'refund'",
                UUID.fromString(task));
    }

    private static void assertBalance(UUID user, long available, long inEscrow) {
        as(user).when().get(BALANCE).then().statusCode(200)
                .body("available", equalTo(Long.toString(available))).body("inEscrow", equalTo(Long.toString(inEscrow)));
    }
}
