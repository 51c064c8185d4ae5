package dev.agora.system;

import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import dev.agora.examples.echo.EchoAgent;
import dev.agora.local.ServiceSpec;
import dev.agora.local.Stack;
import dev.agora.local.StackOptions;
import io.restassured.RestAssured;
import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;
import io.restassured.specification.RequestSpecification;

/**
 * kill -9 of the service that dispatches hired work, while an A2A agent is working on a task: the task is neither
 * lost nor done twice. The run's lease lapses, the restarted service sends the same message again (the task id is
 * its message id, so the agent answers with the task it already has), and the task completes once, paying once.
 */
class TaskDispatchCrashSystemTest {
    private static final Duration EVENTUALLY = Duration.ofSeconds(120);
    private static Stack stack;
    private static EchoAgent echo;

    @BeforeAll
    static void startTheSuite() throws IOException {
        // slow work: three steps of two seconds, streamed
        echo = EchoAgent.start(0, new EchoAgent.Options(true, Duration.ofSeconds(2)));
        Path root = Path.of(System.getProperty("agora.root", "..")).toAbsolutePath().normalize();
        Path home = Files.createTempDirectory("agora-crash-");
        stack = Stack.start(StackOptions.isolated(home, root).withServiceJvmProperties(
                // the echo agent listens on loopback, which the SSRF guard refuses unless allow-listed
                "-Dagora.outbound.allowed-hosts=127.0.0.1",
                // a killed dispatcher's runs are taken again once their lease lapses
                "-Dagora.agents.runs.lease=6s"));
        RestAssured.baseURI = stack.gatewayUrl();
        RestAssured.enableLoggingOfRequestAndResponseIfValidationFails();
    }

    @AfterAll
    static void stopTheSuite() {
        if (stack != null) {
            stack.close();
        }
        if (echo != null) {
            echo.close();
        }
    }

    private static RequestSpecification as(Accounts.Account account) {
        return given().auth().oauth2(account.token()).contentType(ContentType.JSON);
    }

    @Test
    void aTaskWhoseDispatcherIsKilledMidWorkCompletesExactlyOnce() {
        Accounts accounts = new Accounts(stack);
        Accounts.Account owner = accounts.register("oscar");
        Accounts.Account hirer = accounts.register("hana");
        String agentId = as(owner).body("""
                {"name":"Crash echo","subdomain":"crash-%s","type":"external","context":"Echoes slowly",
                 "endpoint":{"url":"%s"}}""".formatted(Long.toHexString(System.nanoTime()), echo.cardUrl()))
                .when().post("/api/agents").then().statusCode(201).extract().path("id");
        as(owner).body("{\"status\":\"active\"}").when().put("/api/agents/" + agentId + "/status").then().statusCode(200);
        as(owner).body("{\"changes\":\"first\"}").when().post("/api/agents/" + agentId + "/publish").then().statusCode(200);
        await().atMost(EVENTUALLY).untilAsserted(() -> given().when().get("/api/marketplace/agents/" + agentId)
                .then().statusCode(200));
        new Deposits(stack).fund(hirer.token(), agentId, 5_000);

        String task = as(hirer).body("{\"agentId\":\"" + agentId + "\",\"title\":\"Survive\",\"description\":"
                + "\"[slow] a crash\",\"budget\":3000,\"paymentType\":\"fixed\"}").when().post("/api/marketplace/tasks")
                .then().statusCode(201).extract().path("id");
        // the agent is at work (dispatched, streaming its steps) when its dispatcher dies
        await().atMost(EVENTUALLY).until(() -> "in_progress".equals(status(hirer, task)));
        stack.kill(ServiceSpec.AGENT_SERVICE);
        stack.restart(ServiceSpec.AGENT_SERVICE);

        await().atMost(EVENTUALLY).until(() -> "completed".equals(status(hirer, task)));
        JsonPath done = as(hirer).when().get("/api/marketplace/tasks/" + task).then().statusCode(200).extract().jsonPath();
        assertEquals("echo: Survive\n\n[slow] a crash", done.getString("result.text"));
        assertEquals(1, echo.tasksCreated(), "the re-sent message is the same A2A task at the agent");
        List<Map<String, Object>> steps = done.getList("execution.steps");
        assertEquals(1, steps.stream().filter(step -> "completed".equals(step.get("kind"))).count(), steps.toString());
        List<String> kinds = done.getList("payments.kind");
        assertEquals(1, kinds.stream().filter("release"::equals).count(), kinds.toString());
        as(owner).when().get("/api/marketplace/balance").then().statusCode(200).body("available", equalTo("3000"));
        as(hirer).when().get("/api/marketplace/balance").then().statusCode(200)
                .body("available", equalTo("2000")).body("inEscrow", equalTo("0"));
    }

    private static String status(Accounts.Account hirer, String task) {
        return as(hirer).when().get("/api/marketplace/tasks/" + task).then().statusCode(200).extract().path("status");
    }
}
