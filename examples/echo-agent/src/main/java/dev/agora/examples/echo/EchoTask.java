package dev.agora.examples.echo;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.Future;
import java.util.function.BiConsumer;
import java.util.function.BooleanSupplier;
import java.util.function.Consumer;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * One A2A task and its lifecycle. Every change happens under the task's lock and is handed, as an A2A
 * {@code TaskStatusUpdateEvent} or {@code TaskArtifactUpdateEvent}, to the streams following the task.
 */
final class EchoTask {
    static final Set<String> TERMINAL = Set.of("completed", "canceled", "failed", "rejected", "unknown");
    /** States where the agent waits for the client: a stream ends there too ({@code final: true}). */
    static final Set<String> INTERRUPTED = Set.of("input-required", "auth-required");

    private static final JsonNodeFactory JSON = JsonNodeFactory.instance;

    final String id;
    final String contextId;
    private String state = "submitted";
    private ObjectNode statusMessage;
    private String timestamp = Instant.now().toString();
    private final List<ObjectNode> history = new ArrayList<>();
    private final List<ObjectNode> artifacts = new ArrayList<>();
    private final List<Consumer<ObjectNode>> followers = new ArrayList<>();
    private Future<?> work;
    private ObjectNode pushConfig;
    private BiConsumer<ObjectNode, ObjectNode> pushSender;

    EchoTask(String id, String contextId) {
        this.id = id;
        this.contextId = contextId;
    }

    /** Adds a client message to the history, with this task's ids filled in. */
    synchronized void addUserMessage(ObjectNode message) {
        ObjectNode copy = message.deepCopy();
        copy.put("taskId", id);
        copy.put("contextId", contextId);
        history.add(copy);
    }

    synchronized String state() {
        return state;
    }

    /** Terminal, or waiting for the client: a blocking send answers, a stream ends. */
    synchronized boolean settled() {
        return isSettled(state);
    }

    static boolean isSettled(String state) {
        return TERMINAL.contains(state) || INTERRUPTED.contains(state);
    }

    /** The A2A {@code Task}; {@code historyLength} null = the whole history, 0 = none. */
    synchronized ObjectNode snapshot(Integer historyLength) {
        ObjectNode task = JSON.objectNode();
        task.put("kind", "task");
        task.put("id", id);
        task.put("contextId", contextId);
        task.set("status", status());
        if (!artifacts.isEmpty()) {
            ArrayNode list = task.putArray("artifacts");
            artifacts.forEach(a -> list.add(a.deepCopy()));
        }
        int from = historyLength == null ? 0 : Math.max(0, history.size() - Math.max(0, historyLength));
        if (from < history.size()) {
            ArrayNode list = task.putArray("history");
            history.subList(from, history.size()).forEach(m -> list.add(m.deepCopy()));
        }
        return task;
    }

    /**
     * The task as it is now and, unless it is already settled, {@code follower} receives every later event
     * until (and including) the one with {@code final: true}. Atomic: no event is missed or seen twice.
     */
    synchronized ObjectNode follow(Consumer<ObjectNode> follower, Integer historyLength) {
        if (!settled()) {
            followers.add(follower);
        }
        return snapshot(historyLength);
    }

    synchronized void unfollow(Consumer<ObjectNode> follower) {
        followers.remove(follower);
    }

    /** A {@code TaskStatusUpdateEvent} with the current status. */
    synchronized ObjectNode statusEvent() {
        ObjectNode event = JSON.objectNode();
        event.put("kind", "status-update");
        event.put("taskId", id);
        event.put("contextId", contextId);
        event.set("status", status());
        event.put("final", settled());
        return event;
    }

    /**
     * Moves to {@code newState} with an optional agent message, unless the task is already terminal
     * (a canceled task stays canceled). Returns whether it moved.
     */
    synchronized boolean update(String newState, String agentText) {
        if (TERMINAL.contains(state)) {
            return false;
        }
        state = newState;
        timestamp = Instant.now().toString();
        statusMessage = agentText == null ? null : agentMessage(agentText);
        if (statusMessage != null && !"working".equals(newState)) {
            history.add(statusMessage.deepCopy());
        }
        publish(statusEvent());
        if (settled()) {
            followers.clear();
            notifyAll();
            if (pushConfig != null) {
                pushSender.accept(pushConfig.deepCopy(), snapshot(null));
            }
        }
        return true;
    }

    /**
     * From now on, each time the task settles (terminal, or waiting for input) {@code sender} gets the push
     * notification config and the Task; a later config replaces this one.
     */
    synchronized void pushTo(ObjectNode config, BiConsumer<ObjectNode, ObjectNode> sender) {
        pushConfig = config.deepCopy();
        pushSender = sender;
    }

    /** Adds an artifact (unless the task is already terminal) and tells the followers. */
    synchronized boolean addArtifact(ObjectNode artifact) {
        if (TERMINAL.contains(state)) {
            return false;
        }
        artifacts.add(artifact);
        ObjectNode event = JSON.objectNode();
        event.put("kind", "artifact-update");
        event.put("taskId", id);
        event.put("contextId", contextId);
        event.set("artifact", artifact.deepCopy());
        event.put("append", false);
        event.put("lastChunk", true);
        publish(event);
        return true;
    }

    /** Takes the client's answer to an {@code input-required} question: true when the task was waiting for one. */
    synchronized boolean acceptAnswer(ObjectNode message) {
        if (!"input-required".equals(state)) {
            return false;
        }
        addUserMessage(message);
        state = "working";
        statusMessage = null;
        timestamp = Instant.now().toString();
        return true;
    }

    /** Cancels a task that is not terminal yet (its pending work stops); false when it is terminal. */
    synchronized boolean cancel() {
        if (TERMINAL.contains(state)) {
            return false;
        }
        if (work != null) {
            work.cancel(false);
        }
        return update("canceled", "canceled on request");
    }

    /** Remembers the scheduled next step, so that a cancel stops it. */
    synchronized void scheduled(Future<?> next) {
        work = next;
    }

    /** Waits until the task is settled (or {@code stop} says so, checked every 100 ms) or {@code maxMillis} passed. */
    synchronized void awaitSettled(long maxMillis, BooleanSupplier stop) throws InterruptedException {
        long deadline = System.currentTimeMillis() + maxMillis;
        while (!settled() && !stop.getAsBoolean()) {
            long left = deadline - System.currentTimeMillis();
            if (left <= 0) {
                return;
            }
            wait(Math.min(left, 100));
        }
    }

    private void publish(ObjectNode event) {
        for (Consumer<ObjectNode> follower : List.copyOf(followers)) {
            follower.accept(event.deepCopy());
        }
    }

    private ObjectNode status() {
        ObjectNode status = JSON.objectNode();
        status.put("state", state);
        if (statusMessage != null) {
            status.set("message", statusMessage.deepCopy());
        }
        status.put("timestamp", timestamp);
        return status;
    }

    private ObjectNode agentMessage(String text) {
        ObjectNode message = JSON.objectNode();
        message.put("kind", "message");
        message.put("role", "agent");
        message.put("messageId", UUID.randomUUID().toString());
        message.put("taskId", id);
        message.put("contextId", contextId);
        message.putArray("parts").addObject().put("kind", "text").put("text", text);
        return message;
    }
}
