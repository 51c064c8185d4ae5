package dev.agora.agents.run.a2a;

import java.util.LinkedHashMap;
import java.util.Map;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import dev.agora.agents.run.a2a.A2aReplies.ReplyException;
import dev.agora.agents.run.events.TaskRunEvents.Step;
import dev.agora.agents.run.service.AgentReply;
import dev.agora.agents.run.service.ProgressSink;
import dev.agora.common.outbound.ServerSentEvents;

/**
 * A {@code message/stream} answer read event by event: the Task, then status and artifact updates (artifacts
 * assembled by id, appended chunks joined), or a single Message. Working status messages are reported as they come;
 * when the stream ends, the task as it then stands is the reply (still working: it is followed with
 * {@code tasks/get}).
 */
final class A2aStream {
    private final ObjectMapper mapper;
    private final ProgressSink progress;
    private final Map<String, ObjectNode> artifacts = new LinkedHashMap<>();
    private ObjectNode task;
    private AgentReply decided;

    A2aStream(ObjectMapper mapper, ProgressSink progress) {
        this.mapper = mapper;
        this.progress = progress;
    }

    void onEvent(ServerSentEvents.Event event) {
        if (decided != null) {
            return;
        }
        JsonNode result;
        try {
            result = A2aReplies.resultOf(mapper.readTree(event.data()));
        } catch (JsonProcessingException e) {
            decided = AgentReply.malformed("a stream event that is not JSON");
            return;
        } catch (ReplyException e) {
            decided = e.reply;
            return;
        }
        switch (result.path("kind").asText("")) {
            case "task" -> {
                task = (ObjectNode) result.deepCopy();
                task.path("artifacts").forEach(this::addArtifact);
                progress.report(task.path("id").asText(null), task.path("contextId").asText(null), null);
            }
            case "status-update" -> status(result);
            case "artifact-update" -> artifact(result);
            case "message" -> decided = A2aReplies.of(result);
            default -> decided = AgentReply.malformed("a stream event that is no A2A result");
        }
    }

    private void status(JsonNode update) {
        ObjectNode current = current(update);
        current.set("status", update.path("status").deepCopy());
        String state = update.path("status").path("state").asText("");
        String said = A2aReplies.textOf(update.path("status").path("message").path("parts"));
        if (("working".equals(state) || "submitted".equals(state)) && said != null) {
            progress.report(current.path("id").asText(null), current.path("contextId").asText(null),
                    Step.of("status", A2aReplies.clip(said, 5000)));
        }
    }

    private void artifact(JsonNode update) {
        current(update);
        JsonNode artifact = update.path("artifact");
        ObjectNode known = artifacts.get(artifact.path("artifactId").asText(""));
        if (known != null && update.path("append").asBoolean(false)) {
            ((ArrayNode) known.withArray("parts")).addAll((ArrayNode) artifact.path("parts").deepCopy());
        } else {
            addArtifact(artifact);
        }
    }

    private void addArtifact(JsonNode artifact) {
        if (artifact.isObject()) {
            artifacts.put(artifact.path("artifactId").asText(String.valueOf(artifacts.size())), (ObjectNode) artifact.deepCopy());
        }
    }

    /** The task an update is about (made from the update when the stream did not start with the Task). */
    private ObjectNode current(JsonNode update) {
        if (task == null) {
            task = mapper.createObjectNode().put("kind", "task").put("id", update.path("taskId").asText(null))
                    .put("contextId", update.path("contextId").asText(null));
        }
        return task;
    }

    /** What the stream came to, once it ended. */
    AgentReply reply() {
        if (decided != null) {
            return decided;
        }
        if (task == null) {
            return AgentReply.malformed("a stream without a task or a message");
        }
        ArrayNode all = task.putArray("artifacts");
        artifacts.values().forEach(all::add);
        return A2aReplies.of(task);
    }
}
