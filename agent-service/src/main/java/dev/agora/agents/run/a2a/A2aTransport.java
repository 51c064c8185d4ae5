package dev.agora.agents.run.a2a;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

import dev.agora.agents.run.a2a.A2aReplies.ReplyException;
import dev.agora.agents.run.service.AgentHttp;
import dev.agora.agents.run.service.AgentReply;
import dev.agora.agents.run.service.AgentTransport;
import dev.agora.agents.run.service.CallbackTokens;
import dev.agora.agents.run.service.EndpointHeaders;
import dev.agora.agents.run.service.RunCall;
import dev.agora.agents.run.service.RunConfig;
import dev.agora.common.cache.BoundedCache;
import dev.agora.common.outbound.ServerSentEvents;
import io.smallrye.mutiny.Uni;

/**
 * External agents, over A2A v0.3 (JSON-RPC 2.0 over HTTP). The endpoint's {@code url} is the agent card's: the card
 * names the JSON-RPC URL (a URL that does not serve a card is taken as the JSON-RPC URL itself). The task is sent
 * with {@code message/send} in non-blocking mode (or {@code message/stream} when the card says the agent streams:
 * its updates are reported as they come), its {@code messageId} the Agora task id (a re-send after a crash is the
 * same message to the agent), then followed with {@code tasks/get} every {@code follow-interval}; the hirer's answer
 * to an input-required task is the next message of the same A2A task; cancelling sends {@code tasks/cancel}.
 * <p>
 * When the card says {@code capabilities.pushNotifications}, every message carries
 * {@code configuration.pushNotificationConfig} {@code {url, token}}: the task's
 * {@code /api/runtime/tasks/{taskId}/a2a-notifications} URL and its callback token ({@link CallbackTokens}, the same
 * for every send of the task). A notification (token checked) makes the run due at once and the next
 * {@code tasks/get} reads the new state; meanwhile such a task is asked only every {@code push-follow-interval}.
 */
@ApplicationScoped
public class A2aTransport implements AgentTransport {
    private static final int CARDS_KEPT = 10_000;

    private final AgentHttp http;
    private final ObjectMapper mapper;
    private final CallbackTokens callbacks;
    private final Duration cardTtl;
    /** What recent cards said, per card URL and the headers it was read with. */
    private final BoundedCache<String, Target> cards = new BoundedCache<>(CARDS_KEPT);

    public A2aTransport(AgentHttp http, ObjectMapper mapper, CallbackTokens callbacks, RunConfig config) {
        this.http = http;
        this.mapper = mapper;
        this.callbacks = callbacks;
        this.cardTtl = config.cardTtl();
    }

    @Override
    public String name() {
        return "a2a";
    }

    @Override
    public Uni<AgentReply> send(RunCall call) {
        return target(call).chain(target -> (target.streaming() && call.answer() == null ? stream(call, target)
                : rpc(call, target.url(), "message/send", sendParams(call, target)).map(A2aReplies::of))
                .map(reply -> reply instanceof AgentReply.Working working
                        ? new AgentReply.Working(working.remoteTaskId(), working.contextId(), target.url().toString(),
                                working.steps(), target.pushNotifications())
                        : reply))
                .onFailure(ReplyException.class).recoverWithItem(failure -> ((ReplyException) failure).reply);
    }

    /** {@code message/stream}: the agent's updates reported as they come, the task as it stands at the end. */
    private Uni<AgentReply> stream(RunCall call, Target target) {
        A2aStream stream = new A2aStream(mapper, call.progress());
        Map<String, String> headers = headers(call, true);
        headers.put("Accept", "text/event-stream");
        return http.stream("POST", target.url(), headers, request("message/stream", sendParams(call, target)),
                new ServerSentEvents(stream::onEvent))
                .onFailure().transform(failure -> new ReplyException(AgentHttp.noResponse(failure)))
                .map(reply -> {
                    AgentReply problem = AgentHttp.ofStatus(reply);
                    if (problem != null) {
                        throw new ReplyException(problem);
                    }
                    String type = reply.header("Content-Type");
                    if (type != null && type.startsWith("application/json")) {
                        // an error answered before the stream began
                        JsonNode response = parse(reply.body());
                        return A2aReplies.of(A2aReplies.resultOf(response == null ? mapper.createObjectNode() : response));
                    }
                    return stream.reply();
                });
    }

    @Override
    public Uni<AgentReply> follow(RunCall call) {
        ObjectNode params = mapper.createObjectNode().put("id", call.remoteTaskId()).put("historyLength", 0);
        return target(call).chain(target -> rpc(call, target.url(), "tasks/get", params).map(A2aReplies::of))
                .onFailure(ReplyException.class).recoverWithItem(failure -> ((ReplyException) failure).reply);
    }

    @Override
    public Uni<AgentReply> cancel(RunCall call) {
        if (call.remoteTaskId() == null) {
            return Uni.createFrom().item(new AgentReply.Cancelled());
        }
        ObjectNode params = mapper.createObjectNode().put("id", call.remoteTaskId());
        return target(call).chain(target -> rpc(call, target.url(), "tasks/cancel", params))
                .map(result -> (AgentReply) new AgentReply.Cancelled())
                .onFailure(ReplyException.class).recoverWithItem(failure -> {
                    ReplyException refused = (ReplyException) failure;
                    // a task the agent finished or forgot has nothing left to cancel
                    return refused.rpcCode == A2aReplies.TASK_NOT_CANCELABLE || refused.rpcCode == A2aReplies.TASK_NOT_FOUND
                            || refused.reply instanceof AgentReply.Refused ? new AgentReply.Cancelled() : refused.reply;
                });
    }

    private ObjectNode sendParams(RunCall call, Target target) {
        ObjectNode message = mapper.createObjectNode().put("kind", "message").put("role", "user");
        boolean answer = call.answer() != null;
        message.put("messageId", answer
                ? UUID.nameUUIDFromBytes((call.taskId() + "/answer/" + call.answer()).getBytes(StandardCharsets.UTF_8)).toString()
                : call.taskId().toString());
        message.putArray("parts").addObject().put("kind", "text").put("text", answer ? call.answer() : call.prompt());
        if (call.remoteTaskId() != null) {
            message.put("taskId", call.remoteTaskId());
        }
        if (call.remoteContextId() != null) {
            message.put("contextId", call.remoteContextId());
        }
        ObjectNode params = mapper.createObjectNode();
        params.set("message", message);
        ObjectNode configuration = params.putObject("configuration").put("blocking", false);
        configuration.putArray("acceptedOutputModes").add("text/plain").add("application/json");
        if (target.pushNotifications()) {
            configuration.putObject("pushNotificationConfig")
                    .put("url", callbacks.a2aNotificationUrl(call.taskId()).toString())
                    .put("token", callbacks.token(call.taskId()));
        }
        ObjectNode metadata = params.putObject("metadata").put("agoraTaskId", call.taskId().toString());
        if (call.taskType() != null) {
            metadata.put("taskType", call.taskType());
        }
        return params;
    }

    /** Where JSON-RPC calls go, whether the agent streams and whether it sends push notifications. */
    private record Target(URI url, boolean streaming, boolean pushNotifications) {
    }

    /**
     * Known from an earlier call (then followed without streaming), else what the card says (read at most once per
     * {@code card-ttl}).
     */
    private Uni<Target> target(RunCall call) {
        if (call.remoteStatusUrl() != null) {
            return Uni.createFrom().item(new Target(URI.create(call.remoteStatusUrl()), false, call.pushNotifications()));
        }
        URI cardUrl = URI.create(call.endpoint().path("url").asText());
        Map<String, String> headers = headers(call, false);
        String key = cardUrl + "#" + headers.hashCode();
        Target known = cards.get(key);
        if (known != null) {
            return Uni.createFrom().item(known);
        }
        return readCard(cardUrl, headers)
                .invoke(target -> cards.put(key, target, System.currentTimeMillis() + cardTtl.toMillis()));
    }

    /** The card's target; a URL that serves no card is taken as the JSON-RPC URL itself. */
    private Uni<Target> readCard(URI cardUrl, Map<String, String> headers) {
        return http.exchange("GET", cardUrl, headers, null)
                .onFailure().transform(failure -> new ReplyException(AgentHttp.noResponse(failure)))
                .map(reply -> {
                    AgentReply problem = AgentHttp.ofStatus(reply);
                    if (problem instanceof AgentReply.Unreachable) {
                        throw new ReplyException(problem);
                    }
                    JsonNode card = problem == null ? parse(reply.body()) : null;
                    if (card != null && card.path("url").isTextual() && card.has("name")) {
                        try {
                            JsonNode capabilities = card.path("capabilities");
                            return new Target(cardUrl.resolve(card.path("url").asText()),
                                    capabilities.path("streaming").asBoolean(false),
                                    capabilities.path("pushNotifications").asBoolean(false));
                        } catch (IllegalArgumentException e) {
                            throw new ReplyException(AgentReply.malformed("the card's url is not a URL"));
                        }
                    }
                    return new Target(cardUrl, false, false);
                });
    }

    private String request(String method, ObjectNode params) {
        ObjectNode request = mapper.createObjectNode().put("jsonrpc", "2.0").put("id", UUID.randomUUID().toString())
                .put("method", method);
        request.set("params", params);
        return request.toString();
    }

    private Uni<JsonNode> rpc(RunCall call, URI url, String method, ObjectNode params) {
        return http.exchange("POST", url, headers(call, true), request(method, params))
                .onFailure().transform(failure -> new ReplyException(AgentHttp.noResponse(failure)))
                .map(reply -> {
                    AgentReply problem = AgentHttp.ofStatus(reply);
                    if (problem != null) {
                        throw new ReplyException(problem);
                    }
                    JsonNode response = parse(reply.body());
                    if (response == null) {
                        throw new ReplyException(AgentReply.malformed("not JSON"));
                    }
                    return A2aReplies.resultOf(response);
                });
    }

    private static Map<String, String> headers(RunCall call, boolean json) {
        Map<String, String> headers = new LinkedHashMap<>(EndpointHeaders.of(call.endpoint()));
        headers.put("Accept", "application/json");
        if (json) {
            headers.put("Content-Type", "application/json");
        }
        return headers;
    }

    private JsonNode parse(String body) {
        try {
            return body == null || body.isBlank() ? null : mapper.readTree(body);
        } catch (JsonProcessingException e) {
            return null;
        }
    }
}
