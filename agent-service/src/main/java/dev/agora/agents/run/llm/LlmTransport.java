package dev.agora.agents.run.llm;

import java.net.URI;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import jakarta.enterprise.context.ApplicationScoped;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

import dev.agora.agents.run.events.TaskRunEvents.TaskResult;
import dev.agora.agents.run.service.AgentHttp;
import dev.agora.agents.run.service.AgentReply;
import dev.agora.agents.run.service.AgentTransport;
import dev.agora.agents.run.service.FailureCodes;
import dev.agora.agents.run.service.RunCall;
import dev.agora.common.outbound.ServerSentEvents;
import io.smallrye.mutiny.Uni;

/**
 * Context agents: the task sent to the model named in the agent's {@code llmConfig}, with the agent's context as the
 * system prompt, its parameters (temperature, maxTokens, topP), and its key ({@code apiKey}, opened only for the
 * call). {@code anthropic} speaks Anthropic's Messages API; {@code openai}, {@code google} and {@code ollama} speak
 * the OpenAI-compatible chat-completions API, at {@code baseUrl} or the provider's usual one. The answer is streamed:
 * its text is reported as it comes (every 400 characters or half second), and the whole text is the result. A model
 * call has no idempotency key: a call repeated after a crash asks the model again.
 */
@ApplicationScoped
public class LlmTransport implements AgentTransport {
    private static final Map<String, String> BASE_URLS = Map.of(
            "openai", "https://api.openai.com/v1",
            "google", "https://generativelanguage.googleapis.com/v1beta/openai",
            "ollama", "http://localhost:11434/v1",
            "anthropic", "https://api.anthropic.com");
    static final String ANTHROPIC_VERSION = "2023-06-01";
    private static final int DEFAULT_MAX_TOKENS = 1024;

    private final AgentHttp http;
    private final ObjectMapper mapper;

    public LlmTransport(AgentHttp http, ObjectMapper mapper) {
        this.http = http;
        this.mapper = mapper;
    }

    @Override
    public String name() {
        return "llm";
    }

    @Override
    public Uni<AgentReply> send(RunCall call) {
        JsonNode llm = call.llmConfig();
        String provider = llm.path("provider").asText("openai");
        boolean anthropic = provider.equals("anthropic");
        String base = llm.path("baseUrl").asText(BASE_URLS.getOrDefault(provider, BASE_URLS.get("openai")));
        URI url;
        try {
            url = URI.create(base.endsWith("/") ? base : base + "/").resolve(anthropic ? "v1/messages" : "chat/completions");
        } catch (IllegalArgumentException e) {
            return Uni.createFrom().item(new AgentReply.Refused(FailureCodes.NOT_DISPATCHABLE,
                    "the agent's llmConfig.baseUrl is not a URL"));
        }
        Map<String, String> headers = new LinkedHashMap<>();
        headers.put("Content-Type", "application/json");
        headers.put("Accept", "text/event-stream");
        headers.put("X-Agora-Task-Id", call.taskId().toString());
        String key = llm.path("apiKey").asText(null);
        if (anthropic) {
            headers.put("anthropic-version", ANTHROPIC_VERSION);
            if (key != null) {
                headers.put("x-api-key", key);
            }
        } else if (key != null) {
            headers.put("Authorization", "Bearer " + key);
        }
        LlmStream stream = anthropic ? LlmStream.anthropic(mapper, call.progress()) : LlmStream.openAi(mapper, call.progress());
        return http.stream("POST", url, headers, (anthropic ? anthropicBody(call) : chatBody(call)).toString(),
                new ServerSentEvents(stream::onEvent))
                .map(reply -> {
                    AgentReply problem = AgentHttp.ofStatus(reply);
                    if (problem != null) {
                        return problem instanceof AgentReply.Refused
                                ? new AgentReply.Refused(FailureCodes.NOT_DISPATCHABLE, "the model provider answered HTTP "
                                        + reply.status() + errorOf(reply.body()))
                                : problem;
                    }
                    String type = reply.header("Content-Type");
                    if (type != null && type.startsWith("application/json")) {
                        // a provider that ignored stream: true answered the whole message at once
                        return stream.ofWholeAnswer(parse(reply.body()));
                    }
                    return stream.reply();
                })
                .onFailure().recoverWithItem(AgentHttp::noResponse);
    }

    /** A model call is one request: there is nothing to follow. */
    @Override
    public Uni<AgentReply> follow(RunCall call) {
        return send(call);
    }

    @Override
    public Uni<AgentReply> cancel(RunCall call) {
        return Uni.createFrom().item(new AgentReply.Cancelled());
    }

    private ObjectNode chatBody(RunCall call) {
        JsonNode llm = call.llmConfig();
        ObjectNode body = mapper.createObjectNode().put("model", llm.path("model").asText()).put("stream", true);
        var messages = body.putArray("messages");
        if (call.systemPrompt() != null && !call.systemPrompt().isBlank()) {
            messages.addObject().put("role", "system").put("content", call.systemPrompt());
        }
        messages.addObject().put("role", "user").put("content", call.prompt());
        JsonNode parameters = llm.path("parameters");
        copy(parameters, "temperature", body, "temperature");
        copy(parameters, "topP", body, "top_p");
        copy(parameters, "maxTokens", body, "max_tokens");
        return body;
    }

    private ObjectNode anthropicBody(RunCall call) {
        JsonNode llm = call.llmConfig();
        JsonNode parameters = llm.path("parameters");
        ObjectNode body = mapper.createObjectNode().put("model", llm.path("model").asText()).put("stream", true)
                .put("max_tokens", parameters.path("maxTokens").canConvertToInt() ? parameters.path("maxTokens").intValue()
                        : DEFAULT_MAX_TOKENS);
        if (call.systemPrompt() != null && !call.systemPrompt().isBlank()) {
            body.put("system", call.systemPrompt());
        }
        body.putArray("messages").addObject().put("role", "user").put("content", call.prompt());
        copy(parameters, "temperature", body, "temperature");
        copy(parameters, "topP", body, "top_p");
        return body;
    }

    private static void copy(JsonNode from, String field, ObjectNode to, String as) {
        if (from.path(field).isNumber()) {
            to.set(as, from.get(field));
        }
    }

    private String errorOf(String body) {
        JsonNode error = parse(body);
        String message = error == null ? null : error.path("error").path("message").asText(null);
        return message == null ? "" : ": " + (message.length() > 300 ? message.substring(0, 300) : message);
    }

    private JsonNode parse(String body) {
        try {
            return body == null || body.isBlank() ? null : mapper.readTree(body);
        } catch (JsonProcessingException e) {
            return null;
        }
    }

    static TaskResult textResult(String text) {
        return new TaskResult(text, List.of(), List.of());
    }
}
