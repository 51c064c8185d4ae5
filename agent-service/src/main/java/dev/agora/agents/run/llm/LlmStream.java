package dev.agora.agents.run.llm;

import java.util.List;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import dev.agora.agents.run.events.TaskRunEvents.Step;
import dev.agora.agents.run.service.AgentReply;
import dev.agora.agents.run.service.FailureCodes;
import dev.agora.agents.run.service.ProgressSink;
import dev.agora.common.outbound.ServerSentEvents;

/**
 * A model's streamed answer, read event by event: OpenAI-compatible chunks ({@code choices[0].delta.content}, ending
 * with {@code [DONE]}) or Anthropic's events ({@code content_block_delta} text deltas, {@code message_stop}). The
 * text so far is reported in pieces; an {@code error} event fails the task with the provider's message.
 */
final class LlmStream {
    private static final int REPORT_CHARS = 400;
    private static final long REPORT_MILLIS = 500;

    private final ObjectMapper mapper;
    private final ProgressSink progress;
    private final boolean anthropic;
    private final StringBuilder text = new StringBuilder();
    private int reported;
    private long lastReport = System.currentTimeMillis();
    private boolean finished;
    private AgentReply failed;

    private LlmStream(ObjectMapper mapper, ProgressSink progress, boolean anthropic) {
        this.mapper = mapper;
        this.progress = progress;
        this.anthropic = anthropic;
    }

    static LlmStream openAi(ObjectMapper mapper, ProgressSink progress) {
        return new LlmStream(mapper, progress, false);
    }

    static LlmStream anthropic(ObjectMapper mapper, ProgressSink progress) {
        return new LlmStream(mapper, progress, true);
    }

    void onEvent(ServerSentEvents.Event event) {
        if (failed != null || finished) {
            return;
        }
        if (!anthropic && "[DONE]".equals(event.data().strip())) {
            finished = true;
            return;
        }
        JsonNode data;
        try {
            data = mapper.readTree(event.data());
        } catch (JsonProcessingException e) {
            failed = AgentReply.malformed("a model stream event that is not JSON");
            return;
        }
        if (data.has("error") || "error".equals(data.path("type").asText())) {
            String said = "the model provider failed: " + data.path("error").path("message").asText("an error without a message");
            String kind = data.path("error").path("type").asText("");
            failed = kind.equals("overloaded_error") || kind.equals("rate_limit_error") || kind.equals("api_error")
                    ? new AgentReply.Unreachable(said) : new AgentReply.Refused(FailureCodes.AGENT_FAILED, said);
            return;
        }
        if (anthropic) {
            switch (data.path("type").asText("")) {
                case "content_block_delta" -> append(data.path("delta").path("text").asText(""));
                case "message_stop" -> finished = true;
                default -> {
                }
            }
        } else {
            append(data.path("choices").path(0).path("delta").path("content").asText(""));
        }
    }

    private void append(String delta) {
        text.append(delta);
        long now = System.currentTimeMillis();
        if (text.length() - reported >= REPORT_CHARS || (text.length() > reported && now - lastReport >= REPORT_MILLIS)) {
            String piece = text.substring(reported, Math.min(text.length(), reported + 5000));
            reported += piece.length();
            lastReport = now;
            progress.report(null, null, Step.of("output", piece));
        }
    }

    /** What the stream came to once it ended: the whole text, unless it failed or was cut off. */
    AgentReply reply() {
        if (failed != null) {
            return failed;
        }
        if (!finished) {
            return new AgentReply.Unreachable("the model's stream ended before the answer did");
        }
        return new AgentReply.Done(null, LlmTransport.textResult(text.toString()), List.of());
    }

    /** A whole (not streamed) answer. */
    AgentReply ofWholeAnswer(JsonNode answer) {
        if (answer == null) {
            return AgentReply.malformed("the model's answer is not JSON");
        }
        String whole;
        if (anthropic) {
            StringBuilder joined = new StringBuilder();
            answer.path("content").forEach(block -> joined.append(block.path("text").asText("")));
            whole = joined.toString();
        } else {
            whole = answer.path("choices").path(0).path("message").path("content").asText(null);
        }
        return whole == null ? AgentReply.malformed("the model's answer has no text")
                : new AgentReply.Done(null, LlmTransport.textResult(whole), List.of());
    }
}
