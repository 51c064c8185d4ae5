package dev.agora.marketplace.task.consumers;

import jakarta.enterprise.context.ApplicationScoped;

import dev.agora.common.events.IncomingEvent;
import dev.agora.marketplace.task.model.TaskRunEvent;
import dev.agora.marketplace.task.service.TaskRunService;
import io.smallrye.mutiny.Uni;

/**
 * The task side of {@code agents.v1}: each task-run event ({@link TaskRunEvent#TYPES}) moves its task, in the
 * transaction of the consumer that records the event as processed. Called by the topic's one consumer
 * ({@code AgentEventsConsumer}).
 */
@ApplicationScoped
public class TaskRunHandler {
    private final TaskRunService runs;

    public TaskRunHandler(TaskRunService runs) {
        this.runs = runs;
    }

    public boolean handles(String type) {
        return TaskRunEvent.TYPES.contains(type);
    }

    public Uni<Void> apply(IncomingEvent event) {
        // a malformed body fails the Uni (a poison event), never the caller's thread
        return Uni.createFrom().deferred(() -> runs.apply(TaskRunEvent.of(event)));
    }
}
