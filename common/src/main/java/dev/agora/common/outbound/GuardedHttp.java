package dev.agora.common.outbound;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.UnknownHostException;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.TimeoutException;
import java.util.function.Consumer;

import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;

import io.vertx.core.Future;
import io.vertx.core.MultiMap;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.http.HttpClientResponse;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.RequestOptions;
import io.vertx.core.net.SocketAddress;

/**
 * The platform's one way to call an address it does not control (trigger actions, agents): every destination (and
 * every redirect hop, followed here, not by the client) passes the {@link UrlGuard}; at most
 * {@code agora.outbound.per-host-concurrency} requests per host; one deadline for all hops; response bodies kept up to
 * 64 KiB. The HTTP client is created on first use, so a service that never calls out opens nothing.
 */
@ApplicationScoped
public class GuardedHttp {
    public static final int EXCERPT_BYTES = 64 * 1024;

    private final Vertx vertx;
    private final HttpClient client;
    private final UrlGuard guard;
    private final HostLimiter limiter;
    private final int maxRedirects;

    public GuardedHttp(Vertx vertx, OutboundConfig config) {
        this.vertx = vertx;
        this.client = vertx.createHttpClient(new HttpClientOptions().setForceSni(true)
                .setMaxPoolSize(256).setDecompressionSupported(true));
        this.guard = new UrlGuard(vertx, config.effectiveAllowList());
        this.limiter = new HostLimiter(config.perHostConcurrency());
        this.maxRedirects = config.maxRedirects();
    }

    @PreDestroy
    void close() {
        client.close();
    }

    /** A response: status, headers and the first 64 KiB of the body (as UTF-8 text). */
    public record Reply(int status, MultiMap headers, String body, URI url) {
        public String header(String name) {
            return headers.get(name);
        }
    }

    /** A request that failed before a response: timeout, connection, refused destination, too many redirects. */
    public static final class RequestFailed extends RuntimeException {
        private final boolean retryable;

        public RequestFailed(String message, boolean retryable) {
            super(message, null, false, false);
            this.retryable = retryable;
        }

        public boolean retryable() {
            return retryable;
        }
    }

    /**
     * Sends the request, following redirects (301/302/303 become GET without a body, 307/308 keep both; credentials
     * are dropped when the host changes). Fails with {@link RequestFailed}.
     */
    public Future<Reply> exchange(String method, URI url, Map<String, String> headers, String body, long timeoutMillis) {
        return exchange(method, url, headers, body, timeoutMillis, null);
    }

    /**
     * Like {@link #exchange(String, URI, Map, String, long)}, handing each chunk of a 2xx response's body to
     * {@code onChunk} as it arrives (a stream: server-sent events), on the request's context; the deadline covers the
     * whole stream.
     */
    public Future<Reply> exchange(String method, URI url, Map<String, String> headers, String body, long timeoutMillis,
            Consumer<Buffer> onChunk) {
        long deadline = System.currentTimeMillis() + timeoutMillis;
        return hop(method, url, new LinkedHashMap<>(headers), body, deadline, 0, onChunk).recover(failure ->
                Future.failedFuture(failure instanceof RequestFailed ? failure : classify(failure, timeoutMillis)));
    }

    private Future<Reply> hop(String method, URI url, Map<String, String> headers, String body, long deadline, int hop,
            Consumer<Buffer> onChunk) {
        return guard.resolve(url).compose(address -> limiter.acquire(url.getHost().toLowerCase(Locale.ROOT))
                .compose(release -> send(method, url, address, headers, body, deadline, onChunk)
                        .andThen(done -> release.run())))
                .compose(reply -> {
                    int status = reply.status();
                    String location = reply.header("Location");
                    if (location == null || !(status == 301 || status == 302 || status == 303 || status == 307
                            || status == 308)) {
                        return Future.succeededFuture(reply);
                    }
                    if (hop >= maxRedirects) {
                        return Future.failedFuture(new RequestFailed("more than " + maxRedirects + " redirects", false));
                    }
                    URI next = url.resolve(location);
                    boolean keep = status == 307 || status == 308;
                    Map<String, String> nextHeaders = new LinkedHashMap<>(headers);
                    if (!next.getHost().equalsIgnoreCase(url.getHost())) {
                        nextHeaders.keySet().removeIf(name -> name.equalsIgnoreCase("Authorization")
                                || name.equalsIgnoreCase("Cookie"));
                    }
                    if (!keep) {
                        nextHeaders.keySet().removeIf(name -> name.equalsIgnoreCase("Content-Type"));
                    }
                    return hop(keep ? method : "GET", next, nextHeaders, keep ? body : null, deadline, hop + 1, onChunk);
                });
    }

    private Future<Reply> send(String method, URI url, InetAddress address, Map<String, String> headers, String body,
            long deadline, Consumer<Buffer> onChunk) {
        long remaining = deadline - System.currentTimeMillis();
        if (remaining <= 0) {
            return Future.failedFuture(new RequestFailed("timed out", true));
        }
        boolean https = "https".equalsIgnoreCase(url.getScheme());
        int port = url.getPort() > 0 ? url.getPort() : https ? 443 : 80;
        String path = (url.getRawPath() == null || url.getRawPath().isEmpty() ? "/" : url.getRawPath())
                + (url.getRawQuery() == null ? "" : "?" + url.getRawQuery());
        InetSocketAddress server;
        try {
            server = new InetSocketAddress(InetAddress.getByAddress(url.getHost(), address.getAddress()), port);
        } catch (UnknownHostException e) {
            return Future.failedFuture(e);
        }
        RequestOptions options = new RequestOptions().setMethod(HttpMethod.valueOf(method)).setHost(url.getHost())
                .setPort(port).setSsl(https).setURI(path).setServer(SocketAddress.inetSocketAddress(server))
                .setConnectTimeout(Math.min(remaining, 10_000)).setIdleTimeout(remaining);
        headers.forEach(options::putHeader);
        Promise<Reply> reply = Promise.promise();
        long timer = vertx.setTimer(remaining, id -> reply.tryFail(new RequestFailed("timed out", true)));
        client.request(options).compose(request -> {
            reply.future().onFailure(failure -> request.reset());
            return body == null ? request.send() : request.send(Buffer.buffer(body, StandardCharsets.UTF_8.name()));
        }).compose(response -> read(response, url, onChunk)).onComplete(result -> {
            vertx.cancelTimer(timer);
            if (result.succeeded()) {
                reply.tryComplete(result.result());
            } else {
                reply.tryFail(result.cause());
            }
        });
        return reply.future();
    }

    private static Future<Reply> read(HttpClientResponse response, URI url, Consumer<Buffer> onChunk) {
        Promise<Reply> promise = Promise.promise();
        Buffer excerpt = Buffer.buffer();
        boolean streamed = onChunk != null && response.statusCode() >= 200 && response.statusCode() < 300;
        response.handler(chunk -> {
            if (streamed) {
                onChunk.accept(chunk);
            }
            int room = EXCERPT_BYTES - excerpt.length();
            if (room > 0) {
                excerpt.appendBuffer(chunk.length() <= room ? chunk : chunk.getBuffer(0, room));
            }
        });
        response.exceptionHandler(promise::tryFail);
        response.endHandler(done -> promise.tryComplete(new Reply(response.statusCode(), response.headers(),
                excerpt.toString(StandardCharsets.UTF_8), url)));
        return promise.future();
    }

    private static RequestFailed classify(Throwable failure, long timeoutMillis) {
        if (failure instanceof UrlGuard.RefusedDestination refused) {
            return new RequestFailed("refused: " + refused.getMessage(), false);
        }
        String message = failure.getMessage() == null ? failure.getClass().getSimpleName() : failure.getMessage();
        if (failure instanceof TimeoutException || message.toLowerCase(Locale.ROOT).contains("timeout")
                || message.toLowerCase(Locale.ROOT).contains("timed out")) {
            return new RequestFailed("timed out after " + timeoutMillis + " ms", true);
        }
        return new RequestFailed("connection failed: " + message, true);
    }
}
