package dev.agora.marketplace.task.model;

import java.time.Instant;

import com.fasterxml.jackson.databind.JsonNode;

import dev.agora.marketplace.task.repository.TaskStep;
import io.quarkus.runtime.annotations.RegisterForReflection;

/**
 * One step of a task's run. {@code kind}: dispatched, status, thought, output, attempt (a retried dispatch),
 * input-required, completed, failed or dead-lettered (dispatch gave up); {@code text}: what the agent said or what
 * happened; {@code data}: structured detail (the transport of a dispatch, the agent's attached data, a failure code),
 * or null; {@code attempt}: the dispatch attempt it happened in (1 for the first); {@code at}: when.
 */
@RegisterForReflection
public record TaskStepView(String kind, String text, JsonNode data, int attempt, Instant at) {

    public static TaskStepView of(TaskStep step) {
        return new TaskStepView(step.kind, step.text, step.data, step.attempt, step.at);
    }
}
