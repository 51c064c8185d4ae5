package dev.agora.marketplace;

import static dev.agora.marketplace.Marketplace.BUDGET;
import static dev.agora.marketplace.Marketplace.TASKS;
import static dev.agora.marketplace.Marketplace.as;
import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasSize;
import static org.hamcrest.Matchers.notNullValue;
import static org.hamcrest.Matchers.nullValue;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
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
import io.restassured.path.json.JsonPath;

/**
 * A hired task follows its agent's run, as agent-service reports it on {@code agents.v1} (task-run events with the
 * task's two parties as audience): started when dispatched, a trail of steps, the agent's question in the thread,
 * completed with its result and paid, or failed and refunded, by the platform; each event once, and events for tasks
 * that are unknown or finished are acknowledged and ignored.
 */
@QuarkusTest
@WithTestResource(value = PostgresTestResource.class, scope = TestResourceScope.GLOBAL)
@WithTestResource(value = KafkaTestResource.class, scope = TestResourceScope.GLOBAL)
class TaskRunEventsTest {
    static final String DISPATCHED = "agora.task-run.dispatched.v1";
    static final String PROGRESSED = "agora.task-run.progressed.v1";
    static final String INPUT_REQUIRED = "agora.task-run.input-required.v1";
    static final String COMPLETED = "agora.task-run.completed.v1";
    static final String FAILED = "agora.task-run.failed.v1";
    static final String DEAD_LETTERED = "agora.task-run.dead-lettered.v1";
    static final String NIL = "00000000-0000-0000-0000-000000000000";
    static final String BALANCE = "/api/marketplace/balance";
    static final String NOTIFICATIONS = "/api/marketplace/notifications";
    static final long FEE = BUDGET * 250 / 10_000;
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final EventContracts CONTRACTS = new EventContracts(Path.of("../contracts"));

    private final UUID owner = UUID.randomUUID();
    private final UUID hirer = UUID.randomUUID();
    private final UUID stranger = UUID.randomUUID();

    @Test
    void aDispatchedRunStartsThePendingTaskAsThePlatformAndARedispatchOnlyAddsAStep() {
        TestAgent agent = Marketplace.listedAgent(owner);
        String task = Marketplace.createTask(hirer, agent);
        Instant at = Instant.now().truncatedTo(ChronoUnit.MILLIS);

        TestDatabase.awaitProcessed(run(agent, task, DISPATCHED, 1, at, dispatch("a2a")));

        JsonPath started = get(hirer, task);
        assertEquals("in_progress", started.getString("status"));
        assertEquals(at.toString(), started.getString("dispatchedAt"));
        assertEquals(1, started.getInt("execution.attempts"));
        assertEquals(List.of("dispatched"), started.getList("execution.steps.kind"));
        assertEquals("a2a", started.getString("execution.steps[0].data.transport"));
        List<TopicReader.Received> events = Marketplace.awaitEvents(agent.id.toString(),
                r -> r.value().contains(task) && r.header("ce_type").startsWith("agora.task."),
                List.of("agora.task.created.v1", "agora.task.started.v1"));
        JsonPath startedEvent = new JsonPath(events.get(1).value());
        assertEquals(NIL, startedEvent.getString("actorId"), "the platform started it");
        assertEquals(at.toString(), startedEvent.getString("task.dispatchedAt"));

        // dispatch retried after an error: the task is already in progress
        TestDatabase.awaitProcessed(run(agent, task, DISPATCHED, 2, at.plusSeconds(30), dispatch("http")));
        JsonPath again = get(owner, task);
        assertEquals("in_progress", again.getString("status"));
        assertEquals(started.getString("startedAt"), again.getString("startedAt"), "started once");
        assertEquals(at.toString(), again.getString("dispatchedAt"), "the first dispatch is kept");
        assertEquals(2, again.getInt("execution.attempts"));
        assertEquals(List.of(1, 2), again.getList("execution.steps.attempt"));
        // both parties heard of the start (the platform made it), once
        await().atMost(TestDatabase.TIMEOUT).untilAsserted(() -> assertEquals(2, TestDatabase.queryLong(
                "select count(*) from notifications where type = 'task_started' and data ->> 'taskId' = ?", task)));
    }

    @Test
    void aCompletedRunCompletesTheTaskAndPaysTheOwnerExactlyOnceUnderRedelivery() {
        TestAgent agent = Marketplace.listedAgent(owner);
        String task = Marketplace.createTask(hirer, agent);
        Instant at = Instant.now().truncatedTo(ChronoUnit.MILLIS);
        TestDatabase.awaitProcessed(run(agent, task, DISPATCHED, 1, at, dispatch("a2a")));
        ObjectNode result = result("The audit found 2 bugs");
        String completed = UUID.randomUUID().toString();

        sendRun(agent, task, completed, COMPLETED, 1, at.plusSeconds(5), JSON.createObjectNode().set("result", result));
        sendRun(agent, task, completed, COMPLETED, 1, at.plusSeconds(5), JSON.createObjectNode().set("result", result));
        // a second report of the result under another id: the task is finished already
        TestDatabase.awaitProcessed(run(agent, task, COMPLETED, 1, at.plusSeconds(6),
                JSON.createObjectNode().set("result", result("another result"))));
        TestDatabase.awaitProcessed(completed);

        JsonPath done = get(hirer, task);
        assertEquals("completed", done.getString("status"));
        assertEquals("The audit found 2 bugs", done.getString("result.text"));
        assertEquals("report.pdf", done.getString("result.files[0].name"));
        assertEquals(7, done.getInt("result.data[0].score"));
        assertEquals(List.of("dispatched", "completed"), done.getList("execution.steps.kind"));
        assertEquals(List.of("escrow", "release", "fee"), done.getList("payments.kind"));
        assertEquals(List.of(Long.toString(BUDGET), Long.toString(BUDGET - FEE), Long.toString(FEE)),
                done.getList("payments.amount"));
        assertEquals(List.of("hirer", "escrow", "escrow"), done.getList("payments.from"));
        assertEquals(List.of("escrow", "owner", "platform"), done.getList("payments.to"));
        assertEquals("microALGO", done.getString("payments[1].asset"));
        assertEquals(1, TestDatabase.processedCount(completed));
        assertEquals(1, TestDatabase.queryLong("select count(*) from ledger_entries where task_id = ? and kind = 'release'",
                UUID.fromString(task)));
        assertBalance(owner, BUDGET - FEE, 0);
        assertBalance(hirer, 0, 0);
        // the list shows the result, not the trail
        as(hirer).when().get(TASKS).then().statusCode(200)
                .body("items.find { it.id == '" + task + "' }.result.text", equalTo("The audit found 2 bugs"))
                .body("items.find { it.id == '" + task + "' }.execution", nullValue());

        List<TopicReader.Received> events = Marketplace.awaitEvents(agent.id.toString(),
                r -> r.value().contains(task) && r.header("ce_type").startsWith("agora.task."),
                List.of("agora.task.created.v1", "agora.task.started.v1", "agora.task.completed.v1"));
        JsonPath completedEvent = new JsonPath(events.get(2).value());
        assertEquals(NIL, completedEvent.getString("actorId"));
        assertEquals("The audit found 2 bugs", completedEvent.getString("task.result.text"));
        Marketplace.awaitEvents(agent.id.toString(),
                r -> r.value().contains(task) && r.header("ce_type").startsWith("agora.escrow"),
                List.of("agora.escrow.reserved.v1", "agora.escrow.released.v1"));
        // the platform completed it: both parties hear of it, once
        for (UUID party : List.of(hirer, owner)) {
            await().atMost(TestDatabase.TIMEOUT).untilAsserted(() -> as(party).queryParam("type", "task_completed")
                    .when().get(NOTIFICATIONS).then().statusCode(200).body("items", hasSize(1)));
        }
    }

    @Test
    void aCompletedRunOfAPendingTaskStartsThenCompletesIt() {
        TestAgent agent = Marketplace.listedAgent(owner);
        String task = Marketplace.createTask(hirer, agent);

        TestDatabase.awaitProcessed(run(agent, task, COMPLETED, 1, Instant.now(),
                JSON.createObjectNode().set("result", result("done at once"))));

        JsonPath done = get(owner, task);
        assertEquals("completed", done.getString("status"));
        assertEquals("done at once", done.getString("result.text"));
        assertEquals(1, done.getInt("execution.attempts"), "the completion's attempt");
        assertTrue(done.getString("startedAt") != null, "started on the way");
        assertBalance(owner, BUDGET - FEE, 0);
        Marketplace.awaitEvents(agent.id.toString(),
                r -> r.value().contains(task) && r.header("ce_type").startsWith("agora.task."),
                List.of("agora.task.created.v1", "agora.task.started.v1", "agora.task.completed.v1"));
    }

    @Test
    void aFailedRunOfAPendingTaskFailsItWithTheReasonAndRefundsTheHirer() {
        TestAgent agent = Marketplace.listedAgent(owner);
        String task = Marketplace.createTask(hirer, agent);
        assertBalance(hirer, 0, BUDGET);

        TestDatabase.awaitProcessed(run(agent, task, FAILED, 1, Instant.now(), failure("The agent rejected the task", "rejected")));

        JsonPath failed = get(hirer, task);
        assertEquals("failed", failed.getString("status"));
        assertEquals("The agent rejected the task", failed.getString("failureReason"));
        assertEquals(null, failed.getString("startedAt"), "never started");
        assertEquals(List.of("failed"), failed.getList("execution.steps.kind"));
        assertEquals("rejected", failed.getString("execution.steps[0].data.code"));
        assertEquals(List.of("escrow", "refund"), failed.getList("payments.kind"));
        assertEquals(List.of("escrow", "hirer"), failed.getList("payments.to"));
        assertBalance(hirer, BUDGET, 0);
        assertBalance(owner, 0, 0);
        List<TopicReader.Received> events = Marketplace.awaitEvents(agent.id.toString(),
                r -> r.value().contains(task) && r.header("ce_type").startsWith("agora.task."),
                List.of("agora.task.created.v1", "agora.task.failed.v1"));
        assertEquals(NIL, new JsonPath(events.get(1).value()).getString("actorId"));
        for (UUID party : List.of(hirer, owner)) {
            await().atMost(TestDatabase.TIMEOUT).untilAsserted(() -> as(party).queryParam("type", "task_failed")
                    .when().get(NOTIFICATIONS).then().statusCode(200).body("items", hasSize(1))
                    .body("items[0].message", org.hamcrest.Matchers.containsString("The agent rejected the task")));
        }
    }

    @Test
    void aFailedRunOfATaskInProgressFailsItAndRefundsTheHirer() {
        TestAgent agent = Marketplace.listedAgent(owner);
        String task = Marketplace.createTask(hirer, agent);
        Instant at = Instant.now();
        TestDatabase.awaitProcessed(run(agent, task, DISPATCHED, 1, at, dispatch("llm")));

        TestDatabase.awaitProcessed(run(agent, task, FAILED, 2, at.plusSeconds(60), failure("Silent for 10 minutes", "timeout")));

        JsonPath failed = get(owner, task);
        assertEquals("failed", failed.getString("status"));
        assertEquals("Silent for 10 minutes", failed.getString("failureReason"));
        assertEquals(List.of("dispatched", "failed"), failed.getList("execution.steps.kind"));
        assertEquals(2, failed.getInt("execution.attempts"));
        assertBalance(hirer, BUDGET, 0);
        assertEquals(1, TestDatabase.queryLong("select count(*) from ledger_entries where task_id = ? and kind = 'refund'",
                UUID.fromString(task)));
    }

    @Test
    void theAgentsQuestionBecomesAMessageToTheHirerMarkedFromTheAgent() {
        TestAgent agent = Marketplace.listedAgent(owner);
        String task = Marketplace.createTask(hirer, agent);
        Instant at = Instant.now();
        TestDatabase.awaitProcessed(run(agent, task, DISPATCHED, 1, at, dispatch("a2a")));

        TestDatabase.awaitProcessed(run(agent, task, INPUT_REQUIRED, 1, at.plusSeconds(2), JSON.createObjectNode()
                .put("question", "Which network is the contract on?").put("reason", "input-required")));

        JsonPath thread = as(hirer).when().get("/api/marketplace/messages/threads/" + task).then().statusCode(200)
                .body("items", hasSize(1)).extract().jsonPath();
        assertEquals("Which network is the contract on?", thread.getString("items[0].text"));
        assertEquals(true, thread.getBoolean("items[0].fromAgent"));
        assertEquals(owner.toString(), thread.getString("items[0].senderId"));
        assertEquals(hirer.toString(), thread.getString("items[0].recipientId"));
        JsonPath task1 = get(hirer, task);
        assertEquals("in_progress", task1.getString("status"), "the task waits for the answer");
        assertEquals(List.of("dispatched", "input-required"), task1.getList("execution.steps.kind"));
        assertEquals(thread.getString("items[0].id"), task1.getString("execution.steps[1].data.messageId"));
        // a message the owner writes is not the agent's
        as(owner).body("{\"taskId\":\"" + task + "\",\"text\":\"I will answer too\"}").when()
                .post("/api/marketplace/messages").then().statusCode(201).body("fromAgent", equalTo(false));

        await().atMost(TestDatabase.TIMEOUT).untilAsserted(() -> as(hirer).queryParam("type", "task_input_required")
                .when().get(NOTIFICATIONS).then().statusCode(200).body("items", hasSize(1))
                .body("items[0].priority", equalTo("high"))
                .body("items[0].message", org.hamcrest.Matchers.containsString("Which network is the contract on?"))
                .body("items[0].data.messageId", equalTo(thread.getString("items[0].id"))));
        assertEquals(0, TestDatabase.queryLong("select count(*) from notifications where user_id = ?"
                + " and type = 'task_input_required'", owner));
        List<TopicReader.Received> sent = Marketplace.awaitEvents(agent.id.toString(),
                r -> r.value().contains(task) && r.header("ce_type").equals("agora.message.sent.v1")
                        && r.value().contains("Which network"),
                List.of("agora.message.sent.v1"));
        assertEquals(true, new JsonPath(sent.get(0).value()).getBoolean("message.fromAgent"));
    }

    @Test
    void progressStepsShowInOrderAndTheFirstSetsFirstProgressAtOnce() {
        TestAgent agent = Marketplace.listedAgent(owner);
        String task = Marketplace.createTask(hirer, agent);
        Instant at = Instant.now().truncatedTo(ChronoUnit.MILLIS);
        run(agent, task, DISPATCHED, 1, at, dispatch("a2a"));
        run(agent, task, PROGRESSED, 1, at.plusSeconds(1), progress("status", "Reading the contract", null));
        run(agent, task, PROGRESSED, 1, at.plusSeconds(2), progress("thought", "The owner check looks wrong", null));
        String last = run(agent, task, PROGRESSED, 1, at.plusSeconds(3),
                progress("output", "Finding 1", JSON.createObjectNode().put("severity", "high")));
        TestDatabase.awaitProcessed(last);

        JsonPath working = get(owner, task);
        assertEquals(List.of("dispatched", "status", "thought", "output"), working.getList("execution.steps.kind"));
        assertEquals(List.of("Dispatched to the agent (a2a)", "Reading the contract", "The owner check looks wrong",
                "Finding 1"), working.getList("execution.steps.text"));
        assertEquals("high", working.getString("execution.steps[3].data.severity"));
        assertEquals(at.plusSeconds(1).toString(), working.getString("firstProgressAt"));
        assertEquals(at.plusSeconds(3).toString(), working.getString("execution.steps[3].at"));
        // both parties follow the progress on their notifications
        for (UUID party : List.of(hirer, owner)) {
            await().atMost(TestDatabase.TIMEOUT).untilAsserted(() -> as(party).queryParam("type", "task_progress")
                    .when().get(NOTIFICATIONS).then().statusCode(200).body("items", hasSize(3)));
        }
    }

    @Test
    void aWholeRunArrivingInOnePollWithAnAgentUpdateEndsCompletedWithEveryStep() {
        TestAgent agent = Marketplace.listedAgent(owner);
        String task = Marketplace.createTask(hirer, agent);
        Instant at = Instant.now().truncatedTo(ChronoUnit.MILLIS);
        List<TopicReader.Outgoing> records = new java.util.ArrayList<>();
        records.add(outgoing(agent, task, DISPATCHED, at, dispatch("a2a")));
        records.add(outgoing(agent, task, PROGRESSED, at.plusSeconds(1), progress("status", "On it", null)));
        records.add(outgoing(agent, task, INPUT_REQUIRED, at.plusSeconds(2), JSON.createObjectNode()
                .put("question", "Mainnet?").put("reason", "input-required")));
        agent.holdingEventsIn(records).rename("Price oracle v2");
        records.add(outgoing(agent, task, PROGRESSED, at.plusSeconds(3), progress("output", "Half done", null)));
        records.add(outgoing(agent, task, COMPLETED, at.plusSeconds(4), JSON.createObjectNode().set("result", result("all"))));
        TopicReader.sendAll(TestEvents.bootstrapServers(), TestAgent.TOPIC, records);

        records.forEach(r -> TestDatabase.awaitProcessed(r.headers().get("ce_id")));
        JsonPath done = get(hirer, task);
        assertEquals("completed", done.getString("status"));
        assertEquals(List.of("dispatched", "status", "input-required", "output", "completed"),
                done.getList("execution.steps.kind"));
        assertEquals(at.plusSeconds(1).toString(), done.getString("firstProgressAt"));
        assertEquals("all", done.getString("result.text"));
        assertBalance(owner, BUDGET - FEE, 0);
        as(hirer).when().get("/api/marketplace/messages/threads/" + task).then().statusCode(200)
                .body("items.text", contains("Mainnet?"));
        given().when().get("/api/marketplace/agents/" + agent.id).then().statusCode(200)
                .body("name", equalTo("Price oracle v2"));
    }

    @Test
    void aDeadLetteredRunNotifiesTheOwnerAndLeavesTheTaskOpen() {
        TestAgent agent = Marketplace.listedAgent(owner);
        String task = Marketplace.createTask(hirer, agent);

        TestDatabase.awaitProcessed(run(agent, task, DEAD_LETTERED, 5, Instant.now(), JSON.createObjectNode()
                .put("reason", "HTTP 503 from the agent").put("attempts", 5)));

        JsonPath open = get(hirer, task);
        assertEquals("pending", open.getString("status"));
        assertEquals(List.of("dead-lettered"), open.getList("execution.steps.kind"));
        assertEquals(5, open.getInt("execution.steps[0].data.attempts"));
        assertBalance(hirer, 0, BUDGET);
        await().atMost(TestDatabase.TIMEOUT).untilAsserted(() -> as(owner).queryParam("type", "task_dispatch_failed")
                .when().get(NOTIFICATIONS).then().statusCode(200).body("items", hasSize(1))
                .body("items[0].priority", equalTo("high"))
                .body("items[0].message", org.hamcrest.Matchers.containsString("HTTP 503 from the agent")));
        assertEquals(0, TestDatabase.queryLong("select count(*) from notifications where user_id = ?"
                + " and type = 'task_dispatch_failed'", hirer));
    }

    @Test
    void anEventForACancelledTaskChangesNothing() {
        TestAgent agent = Marketplace.listedAgent(owner);
        String task = Marketplace.createTask(hirer, agent);
        as(hirer).body("{}").when().post(TASKS + "/" + task + "/cancel").then().statusCode(200);

        String dispatched = run(agent, task, DISPATCHED, 1, Instant.now(), dispatch("a2a"));
        String completed = run(agent, task, COMPLETED, 1, Instant.now(), JSON.createObjectNode().set("result", result("late")));
        TestDatabase.awaitProcessed(dispatched);
        TestDatabase.awaitProcessed(completed);

        JsonPath cancelled = get(hirer, task);
        assertEquals("cancelled", cancelled.getString("status"));
        assertEquals(null, cancelled.getString("result"));
        assertEquals(null, cancelled.getString("dispatchedAt"));
        assertEquals(List.of(), cancelled.getList("execution.steps"));
        assertEquals(0, cancelled.getInt("execution.attempts"));
        assertEquals(List.of("escrow", "refund"), cancelled.getList("payments.kind"));
        assertBalance(hirer, BUDGET, 0);
        assertBalance(owner, 0, 0);
    }

    @Test
    void anEventForAnUnknownTaskIsAcknowledgedAndIgnored() {
        TestAgent agent = Marketplace.listedAgent(owner);
        String unknown = UUID.randomUUID().toString();

        String event = run(agent, unknown, COMPLETED, 1, Instant.now(), JSON.createObjectNode().set("result", result("?")));

        // recorded as processed (so not dead-lettered, which would roll the record back) and nothing else
        TestDatabase.awaitProcessed(event);
        assertEquals(0, TestDatabase.queryLong("select count(*) from task_steps where task_id = ?", UUID.fromString(unknown)));
        // consumption goes on
        String task = Marketplace.createTask(hirer, agent);
        TestDatabase.awaitProcessed(run(agent, task, DISPATCHED, 1, Instant.now(), dispatch("a2a")));
        assertEquals("in_progress", get(hirer, task).getString("status"));
    }

    @Test
    void onlyTheTwoPartiesSeeTheRunAndTheMoney() {
        TestAgent agent = Marketplace.listedAgent(owner);
        String task = Marketplace.createTask(hirer, agent);
        TestDatabase.awaitProcessed(run(agent, task, DISPATCHED, 1, Instant.now(), dispatch("runtime")));

        as(stranger).when().get(TASKS + "/" + task).then().statusCode(404);
        given().when().get(TASKS + "/" + task).then().statusCode(401);
        for (UUID party : List.of(hirer, owner)) {
            as(party).when().get(TASKS + "/" + task).then().statusCode(200)
                    .body("execution.dispatchedAt", notNullValue())
                    .body("execution.steps.kind", contains("dispatched"))
                    .body("payments.kind", contains("escrow"))
                    .body("payments[0].amount", equalTo(Long.toString(BUDGET)))
                    .body("result", nullValue());
        }
    }

    @Test
    void anAgentsResponseTimeRunsFromTheDispatchToItsFirstProgressOrElseToTheCompletion() {
        TestAgent agent = Marketplace.listedAgent(owner);
        Instant now = Instant.now().truncatedTo(ChronoUnit.MILLIS);
        // dispatched 40 minutes ago, first progress 10 minutes later, then a second one 20 minutes after that
        String first = Marketplace.createTask(hirer, agent);
        run(agent, first, DISPATCHED, 1, now.minus(Duration.ofMinutes(40)), dispatch("a2a"));
        run(agent, first, PROGRESSED, 1, now.minus(Duration.ofMinutes(30)), progress("status", "working", null));
        run(agent, first, PROGRESSED, 1, now.minus(Duration.ofMinutes(10)), progress("output", "more", null));
        TestDatabase.awaitProcessed(run(agent, first, COMPLETED, 1, now, JSON.createObjectNode().set("result", result("a"))));
        // dispatched 30 minutes ago, completed now without any progress
        String second = Marketplace.createTask(hirer, agent);
        run(agent, second, DISPATCHED, 1, now.minus(Duration.ofMinutes(30)), dispatch("http"));
        TestDatabase.awaitProcessed(run(agent, second, COMPLETED, 1, now, JSON.createObjectNode().set("result", result("b"))));
        // a failed run without progress has no response time
        String third = Marketplace.createTask(hirer, agent);
        run(agent, third, DISPATCHED, 1, now.minus(Duration.ofMinutes(50)), dispatch("http"));
        TestDatabase.awaitProcessed(run(agent, third, FAILED, 1, now, failure("bad answer", "malformed-response")));

        // (10 + 30) / 2 = 20 minutes; success rate from the automatic outcomes: 2 of 3
        String stats = "/api/marketplace/stats/agents/" + agent.id;
        await().atMost(Duration.ofSeconds(60)).untilAsserted(() -> given().when().get(stats).then().statusCode(200)
                .body("tasksCompleted", equalTo(2)).body("tasksFailed", equalTo(1))
                .body("avgResponseTimeMinutes", equalTo(20)));
        given().when().get(stats).then().body("successRate", equalTo(0.6667f));

        // the rebuild, written independently, computes the same
        as(UUID.randomUUID(), "admin").when().post("/api/marketplace/admin/projections/rebuild").then().statusCode(200);
        given().when().get(stats).then().statusCode(200).body("avgResponseTimeMinutes", equalTo(20))
                .body("tasksCompleted", equalTo(2)).body("tasksFailed", equalTo(1));
    }

    @Test
    void poisonTaskRunEventsAreDeadLettered() {
        TestAgent agent = Marketplace.listedAgent(owner);
        String task = Marketplace.createTask(hirer, agent);
        String noTask = UUID.randomUUID().toString();
        String body = JSON.createObjectNode().put("agentId", agent.id.toString()).put("attempt", 1)
                .put("at", Instant.now().toString()).toString();
        TopicReader.send(TestEvents.bootstrapServers(), TestAgent.TOPIC, agent.id.toString(), body,
                TopicReader.cloudEvent(noTask, DISPATCHED, agent.id.toString(), audience(agent)));
        String valid = run(agent, task, DISPATCHED, 1, Instant.now(), dispatch("a2a"));

        TestDatabase.awaitProcessed(valid);
        try (TopicReader dlq = TopicReader.of("agents.v1.dlq")) {
            List<TopicReader.Received> dead = dlq.awaitCount(r -> noTask.equals(r.header("ce_id")), 1, Duration.ofSeconds(30));
            assertEquals(1, dead.size());
            assertTrue(dead.get(0).header("dead-letter-reason").contains("taskId"), dead.get(0).header("dead-letter-reason"));
        }
        assertEquals("in_progress", get(hirer, task).getString("status"));
    }

    // --- steps

    /** Sends a task-run event for the task, as agent-service does (key: the agent; audience: both parties). */
    private String run(TestAgent agent, String task, String type, int attempt, Instant at, ObjectNode fields) {
        String id = UUID.randomUUID().toString();
        sendRun(agent, task, id, type, attempt, at, fields);
        return id;
    }

    private void sendRun(TestAgent agent, String task, String eventId, String type, int attempt, Instant at,
            ObjectNode fields) {
        ObjectNode body = body(agent, task, attempt, at, fields);
        assertEquals(List.of(), CONTRACTS.violations(TestAgent.TOPIC, type, body.toString()), type + " " + body);
        TopicReader.send(TestEvents.bootstrapServers(), TestAgent.TOPIC, agent.id.toString(), body.toString(),
                TopicReader.cloudEvent(eventId, type, agent.id.toString(), audience(agent)));
    }

    private TopicReader.Outgoing outgoing(TestAgent agent, String task, String type, Instant at, ObjectNode fields) {
        ObjectNode body = body(agent, task, 1, at, fields);
        assertEquals(List.of(), CONTRACTS.violations(TestAgent.TOPIC, type, body.toString()), type + " " + body);
        return new TopicReader.Outgoing(agent.id.toString(), body.toString(),
                TopicReader.cloudEvent(UUID.randomUUID().toString(), type, agent.id.toString(), audience(agent)));
    }

    private ObjectNode body(TestAgent agent, String task, int attempt, Instant at, ObjectNode fields) {
        ObjectNode body = JSON.createObjectNode().put("taskId", task).put("agentId", agent.id.toString())
                .put("hirerId", hirer.toString()).put("ownerId", owner.toString()).put("attempt", attempt)
                .put("at", at.toString());
        body.setAll(fields);
        return body;
    }

    private String audience(TestAgent agent) {
        return TestEvents.usersAudience(hirer, owner);
    }

    private static ObjectNode dispatch(String transport) {
        return JSON.createObjectNode().put("transport", transport).put("remoteTaskId", "remote-1");
    }

    private static ObjectNode progress(String kind, String text, ObjectNode data) {
        ObjectNode step = JSON.createObjectNode().put("kind", kind).put("text", text);
        if (data != null) {
            step.set("data", data);
        }
        return JSON.createObjectNode().set("step", step);
    }

    private static ObjectNode failure(String reason, String code) {
        return JSON.createObjectNode().put("reason", reason).put("code", code);
    }

    private static ObjectNode result(String text) {
        ObjectNode result = JSON.createObjectNode().put("text", text);
        result.putArray("data").addObject().put("score", 7);
        result.putArray("files").addObject().put("uri", "https://files.example/report.pdf").put("name", "report.pdf")
                .put("mimeType", "application/pdf");
        return result;
    }

    private static JsonPath get(UUID user, String task) {
        return as(user).when().get(TASKS + "/" + task).then().statusCode(200).extract().jsonPath();
    }

    private static void assertBalance(UUID user, long available, long inEscrow) {
        as(user).when().get(BALANCE).then().statusCode(200)
                .body("available", equalTo(Long.toString(available))).body("inEscrow", equalTo(Long.toString(inEscrow)));
    }
}
