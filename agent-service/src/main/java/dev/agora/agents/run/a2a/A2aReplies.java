package dev.agora.agents.run.a2a;

import java.util.ArrayList;
import java.util.List;

import com.fasterxml.jackson.databind.JsonNode;

import dev.agora.agents.run.events.TaskRunEvents.ResultFile;
import dev.agora.agents.run.events.TaskRunEvents.Step;
import dev.agora.agents.run.events.TaskRunEvents.TaskResult;
import dev.agora.agents.run.service.AgentReply;
import dev.agora.agents.run.service.FailureCodes;

/**
 * Reads A2A (v0.3) JSON-RPC answers into {@link AgentReply}s: a Task by its state, a Message as the finished work,
 * artifacts as the result (text parts joined, data parts in order, files by URI), a JSON-RPC error by its code.
 */
final class A2aReplies {
    static final int TASK_NOT_FOUND = -32001;
    static final int TASK_NOT_CANCELABLE = -32002;
    static final int INTERNAL_ERROR = -32603;

    private A2aReplies() {
    }

    /** The JSON-RPC envelope checked: its {@code result}, or the reply its {@code error} (or its absence) means. */
    static JsonNode resultOf(JsonNode response) {
        if (!response.isObject() || !"2.0".equals(response.path("jsonrpc").asText(null))) {
            throw new ReplyException(AgentReply.malformed("not a JSON-RPC 2.0 response"));
        }
        JsonNode error = response.get("error");
        if (error != null && !error.isNull()) {
            int code = error.path("code").asInt(0);
            String message = error.path("message").asText("");
            String said = "the agent answered error " + code + (message.isBlank() ? "" : ": " + clip(message, 300));
            if (code == INTERNAL_ERROR) {
                throw new ReplyException(new AgentReply.Unreachable(said));
            }
            throw new ReplyException(new AgentReply.Refused(FailureCodes.AGENT_FAILED, said), code);
        }
        JsonNode result = response.get("result");
        if (result == null || !result.isObject()) {
            throw new ReplyException(AgentReply.malformed("a JSON-RPC response without a result object"));
        }
        return result;
    }

    /** A {@code message/send} or {@code tasks/get} result: a Task, or (send only) a Message that is the answer. */
    static AgentReply of(JsonNode result) {
        return switch (result.path("kind").asText("")) {
            case "task" -> ofTask(result);
            case "message" -> new AgentReply.Done(null, resultOf(List.of(), result.path("parts")), List.of());
            default -> AgentReply.malformed("a result that is neither a task nor a message");
        };
    }

    private static AgentReply ofTask(JsonNode task) {
        String id = task.path("id").asText(null);
        String state = task.path("status").path("state").asText(null);
        if (id == null || id.isBlank() || state == null) {
            return AgentReply.malformed("a task without an id or a status state");
        }
        String contextId = task.path("contextId").asText(null);
        String said = textOf(task.path("status").path("message").path("parts"));
        List<Step> steps = said == null ? List.of() : List.of(Step.of("status", clip(said, 5000)));
        return switch (state) {
            case "submitted", "working" -> new AgentReply.Working(id, contextId, null, steps);
            case "input-required", "auth-required" -> new AgentReply.NeedsInput(id, contextId,
                    said == null ? "The agent needs more information to go on." : clip(said, 5000), state, List.of());
            case "completed" -> new AgentReply.Done(id, resultOf(artifactParts(task), task.path("status").path("message")
                    .path("parts")), List.of());
            case "failed" -> new AgentReply.Refused(FailureCodes.AGENT_FAILED, reason("the agent failed the task", said));
            case "rejected" -> new AgentReply.Refused(FailureCodes.REJECTED, reason("the agent rejected the task", said));
            case "canceled" -> new AgentReply.Refused(FailureCodes.CANCELED_BY_AGENT,
                    reason("the agent canceled the task", said));
            default -> AgentReply.malformed("an unknown task state '" + clip(state, 50) + "'");
        };
    }

    private static List<JsonNode> artifactParts(JsonNode task) {
        List<JsonNode> parts = new ArrayList<>();
        task.path("artifacts").forEach(artifact -> artifact.path("parts").forEach(parts::add));
        return parts;
    }

    /** The result from the artifacts' parts, or from the final status message when there are no artifacts. */
    private static TaskResult resultOf(List<JsonNode> artifactParts, JsonNode messageParts) {
        List<JsonNode> parts = new ArrayList<>(artifactParts);
        if (parts.isEmpty()) {
            messageParts.forEach(parts::add);
        }
        List<String> texts = new ArrayList<>();
        List<JsonNode> data = new ArrayList<>();
        List<ResultFile> files = new ArrayList<>();
        for (JsonNode part : parts) {
            switch (part.path("kind").asText("")) {
                case "text" -> texts.add(part.path("text").asText(""));
                case "data" -> data.add(part.path("data"));
                case "file" -> {
                    JsonNode file = part.path("file");
                    if (file.path("uri").isTextual()) {
                        files.add(new ResultFile(file.path("uri").asText(), file.path("name").asText(null),
                                file.path("mimeType").asText(null)));
                    } else {
                        texts.add("[file " + file.path("name").asText("without a name") + ": inline bytes are not kept]");
                    }
                }
                default -> {
                }
            }
        }
        return new TaskResult(texts.isEmpty() ? null : String.join("\n", texts), data, files);
    }

    static String textOf(JsonNode parts) {
        List<String> texts = new ArrayList<>();
        parts.forEach(part -> {
            if ("text".equals(part.path("kind").asText()) && !part.path("text").asText("").isBlank()) {
                texts.add(part.path("text").asText());
            }
        });
        return texts.isEmpty() ? null : String.join("\n", texts);
    }

    private static String reason(String what, String said) {
        return clip(said == null ? what : what + ": " + said, 1000);
    }

    static String clip(String text, int max) {
        return text.length() <= max ? text : text.substring(0, max - 1) + "…";
    }

    /** A reply decided before the end of a call (an error answer, an unreachable agent). */
    static final class ReplyException extends RuntimeException {
        final transient AgentReply reply;
        final int rpcCode;

        ReplyException(AgentReply reply) {
            this(reply, 0);
        }

        ReplyException(AgentReply reply, int rpcCode) {
            super(null, null, false, false);
            this.reply = reply;
            this.rpcCode = rpcCode;
        }
    }
}
