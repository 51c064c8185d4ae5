package dev.agora.system;

import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.notNullValue;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import dev.agora.examples.echo.EchoAgent;
import dev.agora.local.Stack;
import dev.agora.local.ServiceSpec;
import dev.agora.local.StackOptions;
import dev.agora.system.Accounts.Account;
import dev.agora.localinfra.FreePorts;
import io.restassured.RestAssured;
import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;
import io.restassured.specification.RequestSpecification;

/**
 * Hired work end to end: a hire through the gateway reaches a real A2A agent (the reference echo agent, in this JVM)
 * through marketplace-service's event, agent-service's dispatcher and its events back, and the task, its thread and the
 * money follow what the agent did.
 */
class TaskExecutionSystemTest {
    private static final Duration EVENTUALLY = Duration.ofSeconds(60);
    /** 2.5 %: the owner gets the budget minus this share */
    private static final int FEE_BPS = 250;
    private static Stack stack;
    private static EchoAgent echo;
    /** Slow streamed work (three steps of two seconds) for the crash of the dispatcher. */
    private static EchoAgent slowEcho;
    private static Accounts accounts;
    private static Deposits deposits;

    @BeforeAll
    static void startTheStackAndTheAgent() throws IOException {
        Path root = Path.of(System.getProperty("agora.root", "..")).toAbsolutePath().normalize();
        Path home = Files.createTempDirectory("agora-runs-");
        echo = EchoAgent.start(0);
        slowEcho = EchoAgent.start(0, new EchoAgent.Options(true, Duration.ofSeconds(2)));
        // the echo agent listens on loopback, which the outbound guard refuses unless allowed
        stack = Stack.start(StackOptions.isolated(home, root).withAllowLoopback(true)
                .withServiceJvmProperties("-Dagora.marketplace.platform-fee-bps=" + FEE_BPS,
                        // an unreachable agent's run is dead-lettered after its retries within seconds
                        "-Dagora.agents.runs.backoff-base=100ms", "-Dagora.agents.runs.backoff-max=500ms",
                        // a killed dispatcher's runs are taken again once their lease lapses
                        "-Dagora.agents.runs.lease=6s"));
        RestAssured.baseURI = stack.gatewayUrl();
        RestAssured.enableLoggingOfRequestAndResponseIfValidationFails();
        accounts = new Accounts(stack);
        deposits = new Deposits(stack);
    }

    @AfterAll
    static void stopEverything() {
        if (stack != null) {
            stack.close();
        }
        if (echo != null) {
            echo.close();
        }
        if (slowEcho != null) {
            slowEcho.close();
        }
    }

    /**
     * kill -9 of the service that dispatches, while the agent is working on the task: the run's lease lapses, the
     * restarted service sends the same message again (the task id is its message id, so the agent answers with the
     * task it already has), and the task completes once, paying once.
     */
    @Test
    void aTaskWhoseDispatcherIsKilledMidWorkCompletesExactlyOnce() {
        Account owner = accounts.register("orson");
        Account hirer = accounts.register("hilde");
        String agentId = listedAgentAt(owner, slowEcho.cardUrl().toString());
        deposits.fund(hirer.token(), agentId, 10_000_000);
        String taskId = hire(hirer, agentId, "Survive", "[slow] a crash", 4_000_000);

        // the agent is at work (dispatched, streaming its steps) when its dispatcher dies
        await().atMost(EVENTUALLY).until(() -> "in_progress".equals(as(hirer).when().get("/api/marketplace/tasks/" + taskId)
                .then().statusCode(200).extract().path("status")));
        stack.kill(ServiceSpec.AGENT_SERVICE);
        stack.restart(ServiceSpec.AGENT_SERVICE);

        JsonPath task = awaitStatus(hirer, taskId, "completed");
        assertEquals("echo: Survive\n\n[slow] a crash", task.getString("result.text"));
        assertEquals(1, slowEcho.tasksCreated(), "the re-sent message is the same A2A task at the agent");
        List<String> kinds = task.getList("execution.steps.kind");
        assertEquals(1, kinds.stream().filter("completed"::equals).count(), "steps " + kinds);
        assertEquals(Map.of("escrow", "4000000", "release", "3900000", "fee", "100000"), payments(task));
        balance(hirer, "6000000", "0");
        balance(owner, "3900000", "0");
    }

    @Test
    void aHiredExternalAgentDoesTheWorkAndIsPaidThenReviewedAndCounted() {
        Account owner = accounts.register("olivia");
        Account hirer = accounts.register("hugo");
        String agentId = listedEchoAgent(owner);
        deposits.fund(hirer.token(), agentId, 10_000_000);

        String taskId = hire(hirer, agentId, "Say it back", "hello from the system test", 4_000_000);

        JsonPath task = awaitStatus(hirer, taskId, "completed");
        assertEquals("echo: Say it back\n\nhello from the system test", task.getString("result.text"));
        assertTrue(task.getString("dispatchedAt") != null, "dispatchedAt");
        List<String> kinds = task.getList("execution.steps.kind");
        assertEquals("dispatched", kinds.get(0), "steps " + kinds);
        assertEquals("completed", kinds.get(kinds.size() - 1), "steps " + kinds);
        assertEquals("a2a", task.getString("execution.steps[0].data.transport"));
        // 4 ALGO held, then 2.5 % to the platform and the rest to the owner
        assertEquals(Map.of("escrow", "4000000", "release", "3900000", "fee", "100000"), payments(task));
        balance(hirer, "6000000", "0");
        balance(owner, "3900000", "0");
        // every request the agent got was valid A2A; the owner sees the run at agent-service, the hirer does not
        assertEquals(List.of(), echo.violations());
        as(owner).when().get("/api/agents/" + agentId + "/runs/" + taskId).then().statusCode(200)
                .body("status", equalTo("completed")).body("transport", equalTo("a2a")).body("attempts", equalTo(1));
        as(hirer).when().get("/api/agents/" + agentId + "/runs/" + taskId).then().statusCode(404);

        // the hirer may review the finished work; the agent's stats count the completed task and the review
        as(hirer).body("{\"taskId\":\"" + taskId + "\",\"rating\":5,\"title\":\"Fast echo\",\"wouldHireAgain\":true}")
                .when().post("/api/marketplace/reviews").then().statusCode(201);
        await().atMost(EVENTUALLY).untilAsserted(() -> given().when().get("/api/marketplace/stats/agents/" + agentId)
                .then().statusCode(200)
                .body("tasksCompleted", equalTo(1)).body("tasksFailed", equalTo(0))
                .body("hireCount", equalTo(1)).body("reviewCount", equalTo(1))
                .body("avgResponseTimeMinutes", notNullValue()));
        await().atMost(EVENTUALLY).untilAsserted(() -> given().when().get("/api/marketplace/agents/" + agentId)
                .then().statusCode(200).body("hireCount", equalTo(1)).body("reviewCount", equalTo(1)));
    }

    @Test
    void theAgentsQuestionReachesTheHirersThreadAndTheAnswerFinishesTheWork() {
        Account owner = accounts.register("oscar");
        Account hirer = accounts.register("hana");
        String agentId = listedEchoAgent(owner);

        String taskId = hire(hirer, agentId, "Greet someone [ask]", "whoever I name", 0);

        Map<String, Object> question = await().atMost(EVENTUALLY).until(() -> thread(hirer, taskId).stream()
                .filter(m -> Boolean.TRUE.equals(m.get("fromAgent"))).findFirst().orElse(null), m -> m != null);
        assertEquals("What name should I greet?", question.get("text"));
        assertEquals(owner.id(), question.get("senderId"));
        assertEquals(hirer.id(), question.get("recipientId"));
        as(hirer).when().get("/api/marketplace/tasks/" + taskId).then().statusCode(200)
                .body("status", equalTo("in_progress")).body("execution.steps.kind", hasItem("input-required"));

        as(hirer).body("{\"taskId\":\"" + taskId + "\",\"text\":\"Ada\"}").when().post("/api/marketplace/messages")
                .then().statusCode(201).body("fromAgent", equalTo(false));

        JsonPath task = awaitStatus(hirer, taskId, "completed");
        assertEquals("hello Ada", task.getString("result.text"));
        // the owner sees the same run at agent-service
        as(owner).when().get("/api/agents/" + agentId + "/runs/" + taskId).then().statusCode(200);
    }

    @Test
    void anAgentThatRejectsTheWorkFailsTheTaskWithItsReasonAndTheHirerGetsTheBudgetBack() {
        Account owner = accounts.register("orla");
        Account hirer = accounts.register("hal");
        String agentId = listedEchoAgent(owner);
        deposits.fund(hirer.token(), agentId, 3_000_000);

        String taskId = hire(hirer, agentId, "Do my taxes [reject]", "all of them", 2_500_000);

        JsonPath task = awaitStatus(hirer, taskId, "failed");
        assertEquals("the agent rejected the task: I only echo; I reject this task.", task.getString("failureReason"));
        assertEquals(Map.of("escrow", "2500000", "refund", "2500000"), payments(task));
        balance(hirer, "3000000", "0");
        balance(owner, "0", "0");
        await().atMost(EVENTUALLY).untilAsserted(() -> given().when().get("/api/marketplace/stats/agents/" + agentId)
                .then().statusCode(200).body("tasksFailed", equalTo(1)).body("tasksCompleted", equalTo(0)));
    }

    @Test
    void whatASlowAgentReportsOnTheWayShowsInTheTrailBeforeItsAnswer() {
        Account owner = accounts.register("opal");
        Account hirer = accounts.register("hank");
        String agentId = listedEchoAgent(owner);

        String taskId = hire(hirer, agentId, "Count to three [slow]", "slowly", 0);

        JsonPath task = awaitStatus(hirer, taskId, "completed");
        assertTrue(task.getString("firstProgressAt") != null, () -> "firstProgressAt: " + task.prettify());
        List<String> texts = task.getList("execution.steps.findAll { it.kind == 'status' }.text");
        assertTrue(texts.containsAll(List.of("step 1/3", "step 2/3", "step 3/3")), "progress steps " + texts);
        assertEquals("echo: Count to three [slow]\n\nslowly", task.getString("result.text"));
    }

    @Test
    void anUnreachableAgentsRunIsDeadLetteredThenItsOwnerSendsItAgainOnceTheAgentIsBack() {
        Account owner = accounts.register("otto");
        Account hirer = accounts.register("hedy");
        // nothing listens there
        String agentId = listedAgentAt(owner, "http://127.0.0.1:" + FreePorts.next() + "/.well-known/agent-card.json");

        String taskId = hire(hirer, agentId, "Say it back", "once you are up", 0);

        await().atMost(EVENTUALLY).untilAsserted(() -> as(owner).when().get("/api/agents/" + agentId + "/runs/" + taskId)
                .then().statusCode(200).body("status", equalTo("dead_lettered")).body("attempts", equalTo(5)));
        // the task stays open, its trail says why, and the owner is told
        await().atMost(EVENTUALLY).untilAsserted(() -> as(hirer).when().get("/api/marketplace/tasks/" + taskId)
                .then().statusCode(200).body("status", equalTo("pending"))
                .body("execution.steps.kind", hasItem("dead-lettered")));
        await().atMost(EVENTUALLY).untilAsserted(() -> as(owner).when().get("/api/marketplace/notifications")
                .then().statusCode(200).body("items.type", hasItem("task_dispatch_failed")));
        // only the owner may send it again
        as(hirer).when().post("/api/agents/" + agentId + "/runs/" + taskId + "/retry").then().statusCode(404);

        // the agent is reachable at its card now: the retried run reaches it and the task completes
        as(owner).body("{\"endpoint\":{\"url\":\"" + echo.cardUrl() + "\"}}").when().patch("/api/agents/" + agentId)
                .then().statusCode(200);
        as(owner).when().post("/api/agents/" + agentId + "/runs/" + taskId + "/retry").then().statusCode(200)
                .body("status", equalTo("queued")).body("attempts", equalTo(0));
        JsonPath task = awaitStatus(hirer, taskId, "completed");
        assertEquals("echo: Say it back\n\nonce you are up", task.getString("result.text"));
        // a finished run is not sent again
        as(owner).when().post("/api/agents/" + agentId + "/runs/" + taskId + "/retry").then().statusCode(409);
    }

    /** An external agent reached at the echo agent's card, active and published, once it is in the catalog. */
    private static String listedEchoAgent(Account owner) {
        return listedAgentAt(owner, echo.cardUrl().toString());
    }

    /** An external agent whose endpoint is {@code cardUrl}, active and published, once it is in the catalog. */
    private static String listedAgentAt(Account owner, String cardUrl) {
        String subdomain = "echo-" + UUID.randomUUID().toString().substring(0, 12);
        String agentId = as(owner).body("{\"name\":\"Echo agent\",\"type\":\"external\",\"subdomain\":\"" + subdomain
                + "\",\"description\":\"Echoes what it is sent\",\"category\":\"Development\",\"tags\":[\"a2a\"],"
                + "\"priceMicroalgo\":0,\"endpoint\":{\"url\":\"" + cardUrl + "\"}}")
                .when().post("/api/agents").then().statusCode(201).extract().path("id");
        as(owner).body("{\"status\":\"active\"}").when().put("/api/agents/" + agentId + "/status").then().statusCode(200);
        as(owner).body("{\"changes\":\"first\"}").when().post("/api/agents/" + agentId + "/publish").then().statusCode(200);
        await().atMost(EVENTUALLY).untilAsserted(() -> given().when().get("/api/marketplace/agents/" + agentId)
                .then().statusCode(200));
        return agentId;
    }

    private static String hire(Account hirer, String agentId, String title, String description, long budget) {
        return as(hirer).body("{\"agentId\":\"" + agentId + "\",\"title\":\"" + title + "\",\"description\":\""
                + description + "\",\"budget\":" + budget + ",\"paymentType\":\"fixed\"}")
                .when().post("/api/marketplace/tasks").then().statusCode(201).body("status", equalTo("pending"))
                .extract().path("id");
    }

    /** The task once it is finished, as its hirer sees it; it must have finished in {@code status}. */
    private static JsonPath awaitStatus(Account hirer, String taskId, String status) {
        JsonPath task = await().atMost(EVENTUALLY).until(() -> as(hirer).when().get("/api/marketplace/tasks/" + taskId)
                .then().statusCode(200).extract().jsonPath(),
                t -> List.of("completed", "failed", "cancelled").contains(t.getString("status")));
        assertEquals(status, task.getString("status"), () -> "task " + task.prettify());
        return task;
    }

    /** The task's ledger movements: kind → amount (each kind once). */
    private static Map<String, String> payments(JsonPath task) {
        Map<String, String> byKind = new java.util.HashMap<>();
        for (Map<String, Object> payment : task.<Map<String, Object>>getList("payments")) {
            assertEquals(null, byKind.put((String) payment.get("kind"), (String) payment.get("amount")),
                    () -> "one movement of each kind: " + task.prettify());
        }
        return byKind;
    }

    @SuppressWarnings("unchecked")
    private static List<Map<String, Object>> thread(Account party, String taskId) {
        return (List<Map<String, Object>>) (List<?>) as(party).when().get("/api/marketplace/messages/threads/" + taskId)
                .then().statusCode(200).extract().jsonPath().getList("items", Map.class);
    }

    private static void balance(Account account, String available, String inEscrow) {
        as(account).when().get("/api/marketplace/balance").then().statusCode(200)
                .body("available", equalTo(available)).body("inEscrow", equalTo(inEscrow));
    }

    private static RequestSpecification as(Account account) {
        return given().auth().oauth2(account.token()).contentType(ContentType.JSON);
    }
}
