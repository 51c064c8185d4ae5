package dev.agora.marketplace.message.service;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;

import dev.agora.common.events.Audience;
import dev.agora.common.events.Topics;
import dev.agora.common.outbox.OutboxWriter;
import dev.agora.common.outbox.WithOutboxTransaction;
import dev.agora.common.paging.Page;
import dev.agora.common.paging.PageRequest;
import dev.agora.common.problem.FieldError;
import dev.agora.common.problem.ProblemException;
import dev.agora.marketplace.message.events.MessageEvents;
import dev.agora.marketplace.message.repository.Message;
import dev.agora.marketplace.message.repository.MessageRepository;
import dev.agora.marketplace.message.model.MessageView;
import dev.agora.marketplace.message.model.SendMessageRequest;
import dev.agora.marketplace.task.repository.Task;
import dev.agora.marketplace.task.repository.TaskRepository;
import io.quarkus.hibernate.reactive.panache.common.WithSession;
import io.quarkus.hibernate.reactive.panache.common.WithTransaction;
import io.smallrye.mutiny.Uni;

/** One thread per task, between its hirer and the agent's owner; nobody else sees it. */
@ApplicationScoped
public class MessageService {
    public static final int CURSOR_PARTS = 2;
    static final int MAX_TEXT = 5_000;

    private final MessageRepository messages;
    private final TaskRepository tasks;
    private final OutboxWriter outbox;

    public MessageService(MessageRepository messages, TaskRepository tasks, OutboxWriter outbox) {
        this.messages = messages;
        this.tasks = tasks;
        this.outbox = outbox;
    }

    @WithOutboxTransaction
    public Uni<MessageView> send(UUID senderId, SendMessageRequest request) {
        List<FieldError> errors = new ArrayList<>();
        if (request == null || request.taskId() == null) {
            errors.add(new FieldError("taskId", "is required"));
        }
        String text = request == null ? null : request.text();
        if (text == null || text.isBlank()) {
            errors.add(new FieldError("text", "is required"));
        } else if (text.strip().length() > MAX_TEXT) {
            errors.add(new FieldError("text", "must be at most " + MAX_TEXT + " characters"));
        }
        if (!errors.isEmpty()) {
            throw ProblemException.invalid(errors);
        }
        return party(senderId, request.taskId()).chain(task -> {
            Message message = new Message();
            message.id = UUID.randomUUID();
            message.taskId = task.id;
            message.senderId = senderId;
            message.recipientId = senderId.equals(task.hirerId) ? task.ownerId : task.hirerId;
            message.text = text.strip();
            message.createdAt = now();
            return post(task, message);
        });
    }

    /**
     * The agent's question to the hirer, in the task's thread, in the caller's transaction (the consumer's): sent in
     * the name of the agent's owner, marked {@code fromAgent}, with the usual {@code agora.message.sent.v1}.
     * {@code id} is chosen by the caller (derived from the causing event).
     */
    public Uni<MessageView> sendFromAgent(Task task, UUID id, String question) {
        Message message = new Message();
        message.id = id;
        message.taskId = task.id;
        message.senderId = task.ownerId;
        message.recipientId = task.hirerId;
        String text = question.strip();
        message.text = text.length() > MAX_TEXT ? text.substring(0, MAX_TEXT) : text;
        message.fromAgent = true;
        message.createdAt = now();
        return post(task, message);
    }

    private Uni<MessageView> post(Task task, Message message) {
        return messages.persistAndFlush(message).map(MessageView::of)
                .call(view -> outbox.append(Topics.MARKETPLACE, MessageEvents.SENT, task.agentId,
                        new MessageEvents.Sent(view.id(), task.id, task.agentId, view.senderId(), view.recipientId(),
                                view),
                        Audience.users(view.senderId(), view.recipientId())));
    }

    @WithSession
    public Uni<Page<MessageView>> thread(UUID userId, UUID taskId, PageRequest page) {
        Instant afterCreatedAt = page.hasCursor() ? page.instantAt(0) : null;
        UUID afterId = page.hasCursor() ? page.uuidAt(1) : null;
        return party(userId, taskId).chain(task -> messages.thread(task.id, afterCreatedAt, afterId, page.limit() + 1))
                .map(rows -> Page.of(rows, page.limit(), MessageView::of,
                        (Message last) -> PageRequest.encodeCursor(last.createdAt, last.id)));
    }

    /** Marks every message of the thread sent to me read; returns how many were unread. */
    @WithTransaction
    public Uni<Integer> markThreadRead(UUID userId, UUID taskId) {
        return party(userId, taskId).chain(task -> messages.markRead(task.id, userId, now()));
    }

    @WithSession
    public Uni<Long> unreadCount(UUID userId) {
        return messages.unreadCount(userId);
    }

    private Uni<Task> party(UUID userId, UUID taskId) {
        return tasks.findById(taskId).map(task -> {
            if (task == null || !task.involves(userId)) {
                throw ProblemException.notFound("task " + taskId);
            }
            return task;
        });
    }

    private static Instant now() {
        return Instant.now().truncatedTo(ChronoUnit.MICROS);
    }
}
