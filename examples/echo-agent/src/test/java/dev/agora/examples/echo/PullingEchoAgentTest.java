package dev.agora.examples.echo;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.ServerSocket;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.UUID;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import dev.agora.examples.echo.FakeRuntimeApi.Call;

/** The runtime-pull mode against a scripted fake of Agora's runtime task API. */
class PullingEchoAgentTest {
    private static final String TOKEN = "agt_test-token";
    private static final Duration TIMEOUT = Duration.ofSeconds(10);
    /** Short steps and back-offs; claims wait 1 s (the fake holds an unscripted claim 200 ms, then answers 204). */
    private static final PullingEchoAgent.Options FAST = new PullingEchoAgent.Options(1, Duration.ofMillis(20),
            Duration.ofMillis(200), Duration.ofMillis(400));

    private FakeRuntimeApi api;
    private PullingEchoAgent agent;

    @BeforeEach
    void startApi() throws Exception {
        api = FakeRuntimeApi.start();
    }

    @AfterEach
    void stop() {
        if (agent != null) {
            agent.close();
        }
        api.close();
    }

    private PullingEchoAgent pull() {
        agent = PullingEchoAgent.start(api.gateway(), TOKEN, FAST);
        return agent;
    }

    private static String taskId() {
        return UUID.randomUUID().toString();
    }

    @Test
    void aClaimedTaskGetsAThoughtThenTheEchoUnderTheClaimsLeaseWithTheBearerToken() {
        String task = taskId();
        String lease = api.task(task, "Greet", "Say it back", null);
        pull();

        await().atMost(TIMEOUT).until(() -> api.has(task, "result"));
        assertEquals(List.of("progress:thought:echoing", "result"), api.trail(task));
        for (Call call : api.callsFor(task)) {
            assertEquals(lease, call.lease(), call.action() + " names the claim's lease");
        }
        Call result = api.last(task, "result");
        assertEquals("echo: Greet\n\nSay it back", result.body().path("text").asText());
        assertEquals("Greet\n\nSay it back".length(), result.body().path("data").get(0).path("length").asInt());
        for (Call call : api.calls()) {
            assertEquals("Bearer " + TOKEN, call.authorization(), call.action());
        }
        assertEquals("wait=1", api.claimCalls().get(0).query());
        await().atMost(TIMEOUT).until(() -> agent.tasksFinished() == 1);
        assertEquals(0, agent.tasksDropped());
    }

    @Test
    void theDefaultClaimWaitsTwentyFiveSeconds() {
        agent = PullingEchoAgent.start(api.gateway(), TOKEN);
        await().atMost(TIMEOUT).until(() -> !api.claimCalls().isEmpty());
        assertEquals("wait=25", api.claimCalls().get(0).query());
    }

    @Test
    void askSendsTheQuestionAndALaterClaimWithTheAnswerSaysHello() {
        String task = taskId();
        String firstLease = api.task(task, "Greeting", "[ask] greet someone", null);
        pull();

        await().atMost(TIMEOUT).until(() -> api.has(task, "input-required"));
        Call question = api.last(task, "input-required");
        assertEquals("What name should I greet?", question.body().path("question").asText());
        assertEquals(firstLease, question.lease());
        assertFalse(api.has(task, "result"));

        String secondLease = api.task(task, "Greeting", "[ask] greet someone", "Ada");
        await().atMost(TIMEOUT).until(() -> api.has(task, "result"));
        assertEquals(List.of("progress:thought:echoing", "input-required", "progress:thought:echoing", "result"),
                api.trail(task));
        Call result = api.last(task, "result");
        assertEquals("hello Ada", result.body().path("text").asText());
        assertEquals(secondLease, result.lease());
    }

    @Test
    void failFailsTheTaskOnPurpose() {
        String task = taskId();
        String lease = api.task(task, "Doomed", "please [fail]", null);
        pull();

        await().atMost(TIMEOUT).until(() -> api.has(task, "fail"));
        assertEquals(List.of("progress:thought:echoing", "fail"), api.trail(task));
        Call fail = api.last(task, "fail");
        assertEquals("echo failed on purpose", fail.body().path("reason").asText());
        assertEquals(lease, fail.lease());
    }

    @Test
    void slowWorkHeartbeatsAndReportsEachStepBeforeTheResult() {
        String task = taskId();
        api.task(task, "Slowly", "[slow] take your time", null);
        pull();

        await().atMost(TIMEOUT).until(() -> api.has(task, "result"));
        assertEquals(List.of("progress:thought:echoing",
                "heartbeat", "progress:status:step 1/3",
                "heartbeat", "progress:status:step 2/3",
                "heartbeat", "progress:status:step 3/3",
                "result"), api.trail(task));
        assertEquals("echo: Slowly\n\n[slow] take your time", api.last(task, "result").body().path("text").asText());
    }

    @Test
    void aConflictOnTheHeartbeatDropsTheTaskWithoutAResultAndPullingGoesOn() {
        String lost = taskId();
        api.reportAnswers(lost, "heartbeat", 409);
        api.task(lost, "Cancelled meanwhile", "[slow] long job", null);
        String next = taskId();
        api.task(next, "Next", "after that", null);
        pull();

        // one worker: once the next task has its result, the lost one is over
        await().atMost(TIMEOUT).until(() -> api.has(next, "result"));
        assertEquals(List.of("progress:thought:echoing", "heartbeat"), api.trail(lost));
        assertEquals(1, agent.tasksDropped());
        await().atMost(TIMEOUT).until(() -> agent.tasksFinished() == 1);
    }

    @Test
    void aConflictOnAStepDropsTheTaskToo() {
        String lost = taskId();
        api.reportAnswers(lost, "progress", 409);
        api.task(lost, "Lapsed", "too late", null);
        String next = taskId();
        api.task(next, "Next", "after that", null);
        pull();

        await().atMost(TIMEOUT).until(() -> api.has(next, "result"));
        assertEquals(List.of("progress:thought:echoing"), api.trail(lost));
        assertEquals(1, agent.tasksDropped());
    }

    @Test
    void emptyClaimsAreClaimedAgain() {
        api.claimAnswers(204);
        api.claimAnswers(204);
        api.claimAnswers(204);
        String task = taskId();
        api.task(task, "Eventually", "here it is", null);
        pull();

        await().atMost(TIMEOUT).until(() -> api.has(task, "result"));
        assertTrue(api.claimCalls().size() >= 4, "claimed after each 204: " + api.claimCalls().size());
        assertEquals(0, agent.failedCalls(), "a 204 is no failure: no back-off");
    }

    @Test
    void unavailableBacksOffDoublingUpToTheCapAndRecovers() {
        api.claimAnswers(503);
        api.claimAnswers(503);
        api.claimAnswers(503);
        String task = taskId();
        api.task(task, "After the outage", "back again", null);
        api.reportAnswers(task, "result", 503);
        pull();

        await().atMost(TIMEOUT).until(() -> agent.tasksFinished() == 1);
        List<Call> claims = api.claimCalls();
        assertTrue(claims.size() >= 4);
        // 200 ms, 400 ms, then capped at 400 ms
        assertAtLeast(200, claims.get(0), claims.get(1));
        assertAtLeast(400, claims.get(1), claims.get(2));
        assertAtLeast(400, claims.get(2), claims.get(3));
        // the result answered 503 once: sent again, the same, after the first back-off
        List<Call> results = api.callsFor(task).stream().filter(call -> "result".equals(call.action())).toList();
        assertEquals(2, results.size());
        assertEquals(results.get(0).body(), results.get(1).body());
        assertAtLeast(200, results.get(0), results.get(1));
        assertEquals(4, agent.failedCalls());
    }

    @Test
    void connectionErrorsBackOffUntilTheGatewayIsUp() throws Exception {
        api.close();
        int port;
        try (ServerSocket socket = new ServerSocket(0)) {
            port = socket.getLocalPort();
        }
        agent = PullingEchoAgent.start(URI.create("http://127.0.0.1:" + port), TOKEN, FAST);
        await().atMost(TIMEOUT).until(() -> agent.failedCalls() >= 2);
        assertTrue(agent.isRunning());

        api = FakeRuntimeApi.start(port);
        String task = taskId();
        api.task(task, "Up", "again", null);
        await().atMost(TIMEOUT).until(() -> api.has(task, "result"));
    }

    @Test
    void closeStopsTheLoopDuringALongPoll() {
        pull();
        await().atMost(TIMEOUT).until(() -> !api.claimCalls().isEmpty());
        agent.close();
        assertFalse(agent.isRunning(), "the worker ended when close returned");
        int claims = api.claimCalls().size();
        String task = taskId();
        api.task(task, "Too late", "nobody home", null);
        assertEquals(claims, api.claimCalls().size());
        assertFalse(api.has(task, "progress"));
    }

    @Test
    void closeStopsTheLoopDuringABackOff() {
        api.claimAnswers(503);
        agent = PullingEchoAgent.start(api.gateway(), TOKEN, new PullingEchoAgent.Options(1, Duration.ofMillis(20),
                Duration.ofSeconds(30), Duration.ofSeconds(30)));
        await().atMost(TIMEOUT).until(() -> agent.failedCalls() == 1);
        long started = System.nanoTime();
        agent.close();
        assertFalse(agent.isRunning());
        assertTrue(Duration.ofNanos(System.nanoTime() - started).toSeconds() < 5, "did not wait out the 30 s back-off");
    }

    @Test
    void theBackOffDoublesFromOneSecondUpToThirtySeconds() {
        PullingEchoAgent.Options defaults = PullingEchoAgent.Options.defaults();
        assertEquals(List.of(1L, 2L, 4L, 8L, 16L, 30L, 30L, 30L), java.util.stream.IntStream.rangeClosed(1, 8)
                .mapToObj(failures -> PullingEchoAgent.backoff(failures, defaults).toSeconds()).toList());
        assertEquals(Duration.ofSeconds(30), PullingEchoAgent.backoff(1000, defaults));
    }

    @Test
    void refusesWhatCannotWork() {
        assertThrows(IllegalArgumentException.class, () -> PullingEchoAgent.start(URI.create("ftp://x"), TOKEN));
        assertThrows(IllegalArgumentException.class, () -> PullingEchoAgent.start(api.gateway(), " "));
        assertThrows(IllegalArgumentException.class, () -> new PullingEchoAgent.Options(31, Duration.ZERO,
                Duration.ofSeconds(1), Duration.ofSeconds(30)));
        assertNull(agent);
    }

    private static void assertAtLeast(long millis, Call earlier, Call later) {
        long gap = Duration.ofNanos(later.atNanos() - earlier.atNanos()).toMillis();
        assertTrue(gap >= millis - 20, "waited " + gap + " ms, expected at least " + millis + " ms");
    }
}
