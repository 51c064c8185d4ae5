package dev.agora.marketplace.stats.service;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.time.Duration;
import java.time.Instant;
import java.util.UUID;

import org.junit.jupiter.api.Test;

import dev.agora.marketplace.stats.repository.TaskFact;

/** An agent's response time to a task, from the times its task snapshot carries. */
class ResponseTimeTest {
    private static final Instant CREATED = Instant.parse("2026-12-07T10:00:00Z");

    @Test
    void dispatchedWorkRunsFromTheDispatchToTheFirstProgress() {
        TaskFact task = task("in_progress", CREATED.plusSeconds(60), CREATED.plusSeconds(60), CREATED.plusSeconds(300), null);
        assertEquals(Duration.ofSeconds(240), FactRules.responseTime(task));
        assertEquals(240L, FactRules.of(task).counters().get(StatsCounter.RESPONSE_SECONDS_SUM));
    }

    @Test
    void dispatchedWorkWithoutProgressRunsToItsCompletion() {
        TaskFact task = task("completed", CREATED.plusSeconds(60), CREATED.plusSeconds(60), null, CREATED.plusSeconds(660));
        assertEquals(Duration.ofSeconds(600), FactRules.responseTime(task));
    }

    @Test
    void dispatchedWorkNotYetAnsweredOrFailedWithoutProgressHasNone() {
        assertNull(FactRules.responseTime(task("in_progress", CREATED.plusSeconds(60), CREATED.plusSeconds(60), null, null)));
        assertNull(FactRules.responseTime(task("failed", CREATED.plusSeconds(60), CREATED.plusSeconds(60), null, CREATED.plusSeconds(90))));
    }

    @Test
    void workDoneByHandRunsFromTheHireToTheStart() {
        assertEquals(Duration.ofSeconds(120), FactRules.responseTime(task("completed", CREATED.plusSeconds(120), null, null,
                CREATED.plusSeconds(900))));
        assertNull(FactRules.responseTime(task("pending", null, null, null, null)));
    }

    private static TaskFact task(String status, Instant startedAt, Instant dispatchedAt, Instant firstProgressAt,
            Instant finishedAt) {
        TaskFact task = new TaskFact();
        task.taskId = UUID.randomUUID();
        task.agentId = UUID.randomUUID();
        task.status = status;
        task.createdAt = CREATED;
        task.startedAt = startedAt;
        task.dispatchedAt = dispatchedAt;
        task.firstProgressAt = firstProgressAt;
        task.finishedAt = finishedAt;
        task.updatedAt = finishedAt != null ? finishedAt : CREATED;
        return task;
    }
}
