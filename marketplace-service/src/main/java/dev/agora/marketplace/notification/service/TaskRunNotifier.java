package dev.agora.marketplace.notification.service;

import java.util.List;
import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

import dev.agora.common.events.IncomingEvent;
import dev.agora.marketplace.notification.repository.AgentDirectory;
import dev.agora.marketplace.notification.service.NewNotification;
import dev.agora.marketplace.notification.service.NotificationPriority;
import dev.agora.marketplace.notification.service.NotificationService;
import dev.agora.marketplace.task.repository.Task;
import io.smallrye.mutiny.Uni;

/**
 * Notifications of an agent's run of a task ({@code agents.v1} task-run events), in the consumer's transaction, to the
 * recipients the event's audience names: a progress step to both parties ({@code task_progress}, low), the agent's
 * question to the hirer ({@code task_input_required}, high), dispatch giving up to the owner
 * ({@code task_dispatch_failed}, high). A run's result and failure are told by the task's own completion and failure
 * ({@code task_completed} / {@code task_failed}, to both parties: the platform made the move).
 */
@ApplicationScoped
public class TaskRunNotifier {
    static final int MAX_QUOTE = 200;

    private final NotificationService notifications;
    private final AgentDirectory agents;
    private final ObjectMapper mapper;

    public TaskRunNotifier(NotificationService notifications, AgentDirectory agents, ObjectMapper mapper) {
        this.notifications = notifications;
        this.agents = agents;
        this.mapper = mapper;
    }

    public Uni<Void> progressed(IncomingEvent event, Task task, String kind, String text) {
        ObjectNode data = data(task).put("kind", kind);
        return agents.nameOf(task.agentId).chain(agent -> notify(List.of(task.hirerId, task.ownerId),
                recipient -> NewNotification.fromEvent(event, recipient, "task_progress", "Task progress",
                        agent + " on \"" + task.title + "\": " + quote(text, "working"), data,
                        NotificationPriority.LOW)));
    }

    public Uni<Void> inputRequired(IncomingEvent event, Task task, UUID messageId, String question) {
        ObjectNode data = data(task).put("messageId", messageId.toString());
        return agents.nameOf(task.agentId).chain(agent -> notify(List.of(task.hirerId),
                recipient -> NewNotification.fromEvent(event, recipient, "task_input_required", "Your input is needed",
                        agent + " asks about \"" + task.title + "\": " + quote(question, "a question")
                                + " (answer in the task's messages)", data, NotificationPriority.HIGH)));
    }

    public Uni<Void> deadLettered(IncomingEvent event, Task task, String reason, long attempts) {
        ObjectNode data = data(task).put("attempts", attempts);
        return agents.nameOf(task.agentId).chain(agent -> notify(List.of(task.ownerId),
                recipient -> NewNotification.fromEvent(event, recipient, "task_dispatch_failed",
                        "Task could not reach your agent", "Task \"" + task.title + "\" could not be delivered to "
                                + agent + " after " + attempts + (attempts == 1 ? " attempt: " : " attempts: ")
                                + quote(reason, "no reason given") + ". The task is still open: retry it from the agent's tasks.",
                        data, NotificationPriority.HIGH)));
    }

    private ObjectNode data(Task task) {
        return mapper.createObjectNode().put("taskId", task.id.toString()).put("agentId", task.agentId.toString())
                .put("status", task.status);
    }

    private Uni<Void> notify(List<UUID> recipients, java.util.function.Function<UUID, NewNotification> notification) {
        Uni<Void> created = Uni.createFrom().voidItem();
        for (UUID recipient : recipients) {
            // one session: one insert after the other
            created = created.chain(() -> notifications.create(notification.apply(recipient)).replaceWithVoid());
        }
        return created;
    }

    private static String quote(String text, String otherwise) {
        if (text == null || text.isBlank()) {
            return otherwise;
        }
        String line = text.strip().replaceAll("\\s+", " ");
        return line.length() > MAX_QUOTE ? line.substring(0, MAX_QUOTE - 1) + "…" : line;
    }
}
