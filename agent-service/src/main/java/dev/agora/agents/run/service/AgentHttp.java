package dev.agora.agents.run.service;

import java.net.URI;
import java.util.Map;
import java.util.function.Consumer;

import jakarta.enterprise.context.ApplicationScoped;

import dev.agora.common.outbound.GuardedHttp;
import io.smallrye.mutiny.Uni;
import io.vertx.core.buffer.Buffer;

/**
 * Calls to agents, through the platform's guarded client (SSRF guard, per-host limits, one deadline): what an HTTP
 * status or a failed request means for the run.
 */
@ApplicationScoped
public class AgentHttp {
    private final GuardedHttp http;
    private final RunConfig config;

    public AgentHttp(GuardedHttp http, RunConfig config) {
        this.http = http;
        this.config = config;
    }

    /** The response, or a failed Uni with {@link GuardedHttp.RequestFailed} when none came. */
    public Uni<GuardedHttp.Reply> exchange(String method, URI url, Map<String, String> headers, String body) {
        return Uni.createFrom().completionStage(() -> http.exchange(method, url, headers, body,
                config.callTimeout().toMillis()).toCompletionStage());
    }

    /** Like {@link #exchange}, a 2xx body handed to {@code onChunk} as it streams in, within the stream deadline. */
    public Uni<GuardedHttp.Reply> stream(String method, URI url, Map<String, String> headers, String body,
            Consumer<Buffer> onChunk) {
        return Uni.createFrom().completionStage(() -> http.exchange(method, url, headers, body,
                config.streamTimeout().toMillis(), onChunk).toCompletionStage());
    }

    /** A request that got no response: retried when that may pass (timeout, connection), refused otherwise. */
    public static AgentReply noResponse(Throwable failure) {
        if (failure instanceof GuardedHttp.RequestFailed failed && !failed.retryable()) {
            return new AgentReply.Refused(FailureCodes.NOT_DISPATCHABLE, "the agent cannot be called: " + failed.getMessage());
        }
        String message = failure.getMessage() == null ? failure.getClass().getSimpleName() : failure.getMessage();
        return new AgentReply.Unreachable("the agent did not answer: " + message);
    }

    /** What a non-2xx status means: null for a success, a retry for 408/425/429/5xx, a refusal for the rest. */
    public static AgentReply ofStatus(GuardedHttp.Reply reply) {
        int status = reply.status();
        if (status >= 200 && status < 300) {
            return null;
        }
        if (status == 408 || status == 425 || status == 429 || status >= 500) {
            return new AgentReply.Unreachable("the agent answered HTTP " + status, retryAfterMillis(reply.header("Retry-After")));
        }
        return new AgentReply.Refused(FailureCodes.NOT_DISPATCHABLE, "the agent answered HTTP " + status);
    }

    private static Long retryAfterMillis(String header) {
        if (header == null) {
            return null;
        }
        try {
            long seconds = Long.parseLong(header.trim());
            return seconds < 0 ? null : Math.min(seconds, 3600) * 1000;
        } catch (NumberFormatException e) {
            return null;
        }
    }
}
