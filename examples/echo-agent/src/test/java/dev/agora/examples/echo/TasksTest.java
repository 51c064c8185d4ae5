package dev.agora.examples.echo;

import static dev.agora.examples.echo.A2aClient.message;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.Duration;

import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;

class TasksTest {
    private EchoAgent agent;
    private A2aClient a2a;

    @BeforeEach
    void start() {
        agent = EchoAgent.start(0, new EchoAgent.Options(true, Duration.ofMillis(300)));
        a2a = new A2aClient(agent);
    }

    @AfterEach
    void stop() {
        agent.close();
    }

    @Test
    void tasksGetAnswersTheTask() {
        JsonNode task = a2a.sendForTask(message("get me"), true);
        JsonNode got = a2a.get(task.path("id").asText()).get("result");
        assertEquals(task.path("id"), got.path("id"));
        assertEquals("completed", got.at("/status/state").asText());
        assertEquals(task.path("artifacts"), got.path("artifacts"));
    }

    @Test
    void tasksGetHonoursHistoryLength() {
        JsonNode task = a2a.sendForTask(message("[ask]"), true);
        JsonNode params = A2aClient.MAPPER.createObjectNode().put("id", task.path("id").asText()).put("historyLength", 1);
        JsonNode got = a2a.call(A2aClient.request("tasks/get", params)).get("result");
        assertEquals(1, got.path("history").size());
        assertEquals("agent", got.at("/history/0/role").asText());
    }

    @Test
    void tasksGetOfAnUnknownIdIsTaskNotFoundError() {
        JsonNode response = a2a.get("no-such-task");
        assertEquals(-32001, response.at("/error/code").asInt(), response::toString);
        A2aClient.assertValid(response.get("error"), "TaskNotFoundError");
    }

    @Test
    void tasksCancelOfASlowTaskCancelsItAndItsWorkStops() throws Exception {
        JsonNode working = a2a.sendForTask(message("[slow] cancel me"), false);
        String id = working.path("id").asText();
        JsonNode canceled = a2a.cancel(id).get("result");
        assertEquals("canceled", canceled.at("/status/state").asText(), canceled::toString);
        // for longer than the three steps would take, it stays canceled and produces nothing
        Awaitility.await().during(Duration.ofMillis(1200)).atMost(Duration.ofSeconds(3)).pollInterval(Duration.ofMillis(100))
                .until(() -> {
                    JsonNode later = a2a.get(id).get("result");
                    return "canceled".equals(later.at("/status/state").asText()) && !later.has("artifacts");
                });
    }

    @Test
    void tasksCancelOfAnInputRequiredTaskCancelsIt() {
        JsonNode asked = a2a.sendForTask(message("[ask]"), true);
        assertEquals("canceled", a2a.cancel(asked.path("id").asText()).at("/result/status/state").asText());
    }

    @Test
    void tasksCancelOfACompletedTaskIsTaskNotCancelableError() {
        JsonNode done = a2a.sendForTask(message("done already"), true);
        JsonNode response = a2a.cancel(done.path("id").asText());
        assertEquals(-32002, response.at("/error/code").asInt(), response::toString);
        A2aClient.assertValid(response.get("error"), "TaskNotCancelableError");
        assertEquals("completed", a2a.get(done.path("id").asText()).at("/result/status/state").asText());
    }

    @Test
    void tasksCancelOfAnUnknownIdIsTaskNotFoundError() {
        assertEquals(-32001, a2a.cancel("no-such-task").at("/error/code").asInt());
    }
}
