package dev.agora.agents.run.http;

import java.net.URI;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

import jakarta.enterprise.context.ApplicationScoped;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import dev.agora.agents.run.events.TaskRunEvents.Step;
import dev.agora.agents.run.events.TaskRunEvents.TaskResult;
import dev.agora.agents.run.service.AgentHttp;
import dev.agora.agents.run.service.AgentReply;
import dev.agora.agents.run.service.AgentTransport;
import dev.agora.agents.run.service.CallbackTokens;
import dev.agora.agents.run.service.EndpointHeaders;
import dev.agora.agents.run.service.FailureCodes;
import dev.agora.agents.run.service.RunCall;
import dev.agora.common.outbound.GuardedHttp;
import io.smallrye.mutiny.Uni;

/**
 * Api agents: one HTTP request to the endpoint ({@code method}, default POST; its headers and authentication; the
 * body from {@code requestTransform}; {@code Idempotency-Key} = the task id). A 200/201 answer is the result, picked
 * out by {@code responseTransform}. A 202 is long-running work: followed by polling the status URL it names
 * ({@code Location}, or {@code statusUrl} in its body), whose answer has a {@code status} (pending, running,
 * completed, failed...) — or, without a status URL, reported by the agent itself through the runtime API.
 * <p>
 * Every request to the agent carries {@code X-Agora-Callback-Url} (the task's
 * {@code /api/runtime/tasks/{taskId}/status} webhook) and {@code X-Agora-Callback-Token} (the task's callback token,
 * {@link CallbackTokens}: the same for every send of the task). The agent may POST there, with
 * {@code Authorization: Bearer <token>}, the same document its status URL answers; {@link #status} reads both, so a
 * report applies as a poll would (and a status URL, if any, is still polled).
 */
@ApplicationScoped
public class HttpTransport implements AgentTransport {
    private static final Set<String> WORKING = Set.of("pending", "queued", "accepted", "submitted", "running",
            "working", "in_progress", "processing");
    private static final Set<String> DONE = Set.of("completed", "succeeded", "success", "done", "finished");
    private static final Set<String> FAILED = Set.of("failed", "error", "errored", "cancelled", "canceled", "rejected");
    /** The statuses a status document may have, for messages. */
    public static final String STATUSES = "running, completed or failed (also pending, queued, accepted, submitted,"
            + " working, in_progress, processing; succeeded, success, done, finished; error, errored, cancelled, canceled,"
            + " rejected)";
    static final String CALLBACK_URL = "X-Agora-Callback-Url";
    static final String CALLBACK_TOKEN = "X-Agora-Callback-Token";

    private final AgentHttp http;
    private final ObjectMapper mapper;
    private final CallbackTokens callbacks;

    public HttpTransport(AgentHttp http, ObjectMapper mapper, CallbackTokens callbacks) {
        this.http = http;
        this.mapper = mapper;
        this.callbacks = callbacks;
    }

    @Override
    public String name() {
        return "http";
    }

    @Override
    public Uni<AgentReply> send(RunCall call) {
        JsonNode endpoint = call.endpoint();
        String method = endpoint.path("method").asText("POST");
        boolean withBody = !method.equals("GET") && !method.equals("DELETE");
        Map<String, String> headers = headers(call);
        headers.putIfAbsent("Accept", "application/json");
        headers.put("Idempotency-Key", call.answer() == null ? call.taskId().toString() : call.taskId() + "/answer");
        headers.put("X-Agora-Task-Id", call.taskId().toString());
        String body = null;
        if (withBody) {
            body = RequestBody.of(call, endpoint.path("requestTransform").asText(null),
                    headers.get(CALLBACK_URL), headers.get(CALLBACK_TOKEN), mapper);
            headers.putIfAbsent("Content-Type", "application/json");
        }
        URI url = URI.create(endpoint.path("url").asText());
        return http.exchange(method, url, headers, body)
                .map(reply -> {
                    AgentReply problem = AgentHttp.ofStatus(reply);
                    if (problem != null) {
                        return problem;
                    }
                    if (reply.status() == 202) {
                        return accepted(call, reply);
                    }
                    return done(call.endpoint(), reply.body());
                })
                .onFailure().recoverWithItem(AgentHttp::noResponse);
    }

    @Override
    public Uni<AgentReply> follow(RunCall call) {
        if (call.remoteStatusUrl() == null) {
            // the agent reports through the runtime API: nothing to ask
            return Uni.createFrom().item(new AgentReply.Working(call.remoteTaskId(), null, null, List.of()));
        }
        Map<String, String> headers = headers(call);
        headers.put("Accept", "application/json");
        return http.exchange("GET", URI.create(call.remoteStatusUrl()), headers, null)
                .map(reply -> {
                    AgentReply problem = AgentHttp.ofStatus(reply);
                    return problem != null ? problem
                            : status(call.endpoint(), call.remoteTaskId(), call.remoteStatusUrl(), parse(reply.body()));
                })
                .onFailure().recoverWithItem(AgentHttp::noResponse);
    }

    @Override
    public Uni<AgentReply> cancel(RunCall call) {
        if (call.remoteStatusUrl() == null) {
            return Uni.createFrom().item(new AgentReply.Cancelled());
        }
        Map<String, String> headers = headers(call);
        return http.exchange("DELETE", URI.create(call.remoteStatusUrl()), headers, null)
                .map(reply -> {
                    AgentReply problem = AgentHttp.ofStatus(reply);
                    return problem instanceof AgentReply.Unreachable ? problem : (AgentReply) new AgentReply.Cancelled();
                })
                .onFailure().recoverWithItem(AgentHttp::noResponse);
    }

    private AgentReply accepted(RunCall call, GuardedHttp.Reply reply) {
        JsonNode body = parse(reply.body());
        String statusUrl = reply.header("Location");
        if (statusUrl == null && body != null) {
            statusUrl = body.path("statusUrl").asText(body.path("status_url").asText(null));
        }
        String resolved = null;
        if (statusUrl != null) {
            try {
                resolved = reply.url().resolve(statusUrl).toString();
            } catch (IllegalArgumentException e) {
                return AgentReply.malformed("the status URL is not a URL");
            }
        }
        String remoteId = body == null ? null : body.path("id").asText(body.path("jobId").asText(null));
        return new AgentReply.Working(remoteId, null, resolved, List.of());
    }

    /** The endpoint's headers and the task's callback headers. */
    private Map<String, String> headers(RunCall call) {
        Map<String, String> headers = new LinkedHashMap<>(EndpointHeaders.of(call.endpoint()));
        headers.put(CALLBACK_URL, callbacks.statusUrl(call.taskId()).toString());
        headers.put(CALLBACK_TOKEN, callbacks.token(call.taskId()));
        return headers;
    }

    /** Whether {@code body} is a status document with a status this transport knows (see {@link #STATUSES}). */
    public static boolean knowsStatus(JsonNode body) {
        if (body == null || !body.path("status").isTextual()) {
            return false;
        }
        String status = body.path("status").asText().toLowerCase(Locale.ROOT);
        return WORKING.contains(status) || DONE.contains(status) || FAILED.contains(status);
    }

    /**
     * A status document (the status URL's answer, or a report to the task's status webhook) of the agent whose
     * (stored or opened) {@code endpoint} is given: still working (its {@code message} as a step), done (its
     * {@code result} or {@code output}, picked by {@code responseTransform}), or failed (its {@code error}).
     */
    public AgentReply status(JsonNode endpoint, String remoteTaskId, String statusUrl, JsonNode body) {
        if (body == null || !body.path("status").isTextual()) {
            return AgentReply.malformed("a status answer without a status");
        }
        String status = body.path("status").asText().toLowerCase(Locale.ROOT);
        String message = body.path("message").asText(body.path("progress").asText(null));
        if (WORKING.contains(status)) {
            return new AgentReply.Working(remoteTaskId, null, statusUrl,
                    message == null || message.isBlank() ? List.of() : List.of(Step.of("status", clip(message))));
        }
        if (DONE.contains(status)) {
            JsonNode result = body.has("result") ? body.get("result") : body.path("output");
            return done(endpoint, result.isMissingNode() ? body.toString() : result.isTextual() ? result.asText()
                    : result.toString());
        }
        if (FAILED.contains(status)) {
            String error = body.path("error").isTextual() ? body.path("error").asText() : message;
            return new AgentReply.Refused(FailureCodes.AGENT_FAILED,
                    clip("the agent failed the task" + (error == null || error.isBlank() ? "" : ": " + error)));
        }
        return AgentReply.malformed("an unknown status '" + clip(status) + "'");
    }

    /** The answer as the task's result: the transform's pick, else {@code result}/{@code output}, else all of it. */
    private AgentReply done(JsonNode endpoint, String text) {
        String transform = endpoint.path("responseTransform").asText(null);
        JsonNode body = parse(text);
        JsonNode picked;
        if (transform != null && !transform.isBlank()) {
            ResponsePath path = ResponsePath.parse(transform);
            if (path == null) {
                return AgentReply.malformed("the agent's responseTransform '" + clip(transform) + "' is not a path");
            }
            if (body == null) {
                return AgentReply.malformed("not JSON, so responseTransform cannot apply");
            }
            picked = path.apply(body);
            if (picked.isMissingNode()) {
                return AgentReply.malformed("responseTransform " + clip(transform) + " finds nothing in the answer");
            }
        } else if (body == null) {
            return new AgentReply.Done(null, new TaskResult(text == null || text.isBlank() ? null : text, List.of(),
                    List.of()), List.of());
        } else {
            picked = body.has("result") ? body.get("result") : body.has("output") ? body.get("output") : body;
        }
        TaskResult result = picked.isValueNode()
                ? new TaskResult(picked.isNull() ? null : picked.asText(), List.of(), List.of())
                : new TaskResult(null, List.of(picked), List.of());
        return new AgentReply.Done(null, result, List.of());
    }

    private JsonNode parse(String body) {
        try {
            return body == null || body.isBlank() ? null : mapper.readTree(body);
        } catch (JsonProcessingException e) {
            return null;
        }
    }

    private static String clip(String text) {
        return text.length() <= 900 ? text : text.substring(0, 899) + "…";
    }
}
