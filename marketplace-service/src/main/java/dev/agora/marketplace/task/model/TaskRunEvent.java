package dev.agora.marketplace.task.model;

import java.time.Instant;
import java.util.Set;
import java.util.UUID;

import com.fasterxml.jackson.databind.JsonNode;

import dev.agora.common.events.IncomingEvent;

/**
 * An {@code agents.v1} task-run event: what happened to a task's work at its agent, as agent-service reports it
 * (record key: the agent id; schemas {@code contracts/agents.v1/agora.task-run.*.v1.schema.json}). Every one names the
 * task, its agent, both parties, the dispatch attempt (1 for the first) and when it happened; {@code event} keeps the
 * rest of the body (the type's own fields).
 */
public record TaskRunEvent(UUID taskId, UUID agentId, UUID hirerId, UUID ownerId, int attempt, Instant at,
        IncomingEvent event) {
    public static final String DISPATCHED = "agora.task-run.dispatched.v1";
    public static final String PROGRESSED = "agora.task-run.progressed.v1";
    public static final String INPUT_REQUIRED = "agora.task-run.input-required.v1";
    public static final String COMPLETED = "agora.task-run.completed.v1";
    public static final String FAILED = "agora.task-run.failed.v1";
    public static final String DEAD_LETTERED = "agora.task-run.dead-lettered.v1";
    public static final Set<String> TYPES = Set.of(DISPATCHED, PROGRESSED, INPUT_REQUIRED, COMPLETED, FAILED,
            DEAD_LETTERED);

    /** Reads the fields every task-run event has; one missing or malformed makes it a poison event. */
    public static TaskRunEvent of(IncomingEvent event) {
        long attempt = event.requiredLong("attempt");
        if (attempt < 1 || attempt > Integer.MAX_VALUE) {
            throw event.poison("has an attempt out of range: " + attempt);
        }
        return new TaskRunEvent(event.requiredUuid("taskId"), event.requiredUuid("agentId"),
                event.requiredUuid("hirerId"), event.requiredUuid("ownerId"), (int) attempt,
                event.requiredInstant("at"), event);
    }

    public String type() {
        return event.type();
    }

    public String id() {
        return event.id();
    }

    /** The body's value at {@code field} (a missing one is a missing node). */
    public JsonNode field(String field) {
        return event.data().path(field);
    }

    /** The body's text at {@code path}; missing or blank is a poison event. */
    public String requiredText(String path) {
        return event.requiredText(path);
    }

    public String text(String path) {
        return event.text(path);
    }
}
