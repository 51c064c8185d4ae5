package dev.agora.gateway.proxy;

import java.net.ConnectException;
import java.net.URI;
import java.net.UnknownHostException;
import java.time.Instant;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.regex.Pattern;

import jakarta.annotation.PreDestroy;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Singleton;

import org.jboss.logging.Logger;

import dev.agora.gateway.apikey.model.Scopes;
import dev.agora.gateway.usage.UsageAttribution;
import dev.agora.gateway.usage.UsageRecord;
import dev.agora.gateway.usage.UsageRecorder;
import io.netty.channel.ConnectTimeoutException;
import io.vertx.core.MultiMap;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.http.HttpClientRequest;
import io.vertx.core.http.HttpClientResponse;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.core.http.RequestOptions;
import io.vertx.core.http.impl.HttpServerRequestInternal;
import io.vertx.core.net.HostAndPort;
import io.vertx.core.net.SocketAddress;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;

/**
 * The edge proxy: {@code /api/agents/**}, {@code /api/deployments/**}, {@code /api/runtime/**},
 * {@code /api/marketplace/**} and {@code /api/triggers/**} go to their services, bodies streamed both ways.
 * <p>
 * Every proxied request needs a valid bearer token, except public reads ({@code GET /api/marketplace/agents[/**]},
 * {@code GET /api/marketplace/profiles/{user}}, {@code GET /api/agents/domains}, {@code GET /api/agents/{slug}/card},
 * {@code GET /api/marketplace/leaderboards}, {@code GET /api/marketplace/stats/agents/{id}}, and {@code GET /api/marketplace/notifications/stream}, whose one-time
 * ticket marketplace-service checks); a rejected request never reaches the service.
 * {@code /api/runtime/**} is called by deployed agents with their agent token, which only the service behind can check
 * ({@code /api/runtime/tasks/**}, where they pull their hired work, is agent-service's; the rest deployment-service's):
 * the gateway passes it through untouched (rate-limited per token). The original {@code Host} is kept, so
 * absolute URLs the service builds (e.g. {@code Location}) point at the gateway.
 */
@Singleton
public class ReverseProxy {
    private static final Logger LOG = Logger.getLogger(ReverseProxy.class);
    private static final Pattern PUBLIC_READ = Pattern.compile(
            "/api/marketplace/agents(/.*)?|/api/marketplace/profiles/(?!me(/|$))[^/]+|/api/agents/domains"
                    + "|/api/agents/[a-z0-9-]{3,100}/card|/api/marketplace/leaderboards|/api/marketplace/stats/agents/[^/]+"
                    // opened by browsers' EventSource, which cannot send headers: marketplace-service checks the
                    // one-time stream ticket in the query
                    + "|/api/marketplace/notifications/stream");
    /** RFC 9110 7.6.1 connection-specific fields, plus Host (sent as the request's authority) and Expect. */
    private static final Set<String> NOT_FORWARDED = Set.of("connection", "keep-alive", "proxy-connection",
            "proxy-authenticate", "proxy-authorization", "te", "trailer", "transfer-encoding", "upgrade", "host", "expect");
    private static final String X_FORWARDED_FOR = "X-Forwarded-For";
    private static final String X_FORWARDED_PROTO = "X-Forwarded-Proto";
    /** The request-context key Quarkus' Micrometer and OpenTelemetry integrations read the route template from. */
    private static final String URL_PATH_TEMPLATE = "UrlPathTemplate";

    private final HttpClient client;
    private final EdgeAuthenticator authenticator;
    private final EdgeProblems problems;
    private final ProxyConfig config;
    private final List<Route> routes;

    /**
     * One path prefix and the service behind it.
     *
     * @param scope the API key scope family of the route ({@code agents} → {@code agents:read}/{@code agents:write})
     * @param ownCredentials the service checks the caller's credentials itself (agent tokens): no edge check
     */
    record Route(String prefix, String service, String scope, Upstream upstream, CircuitBreaker circuit,
            boolean ownCredentials) {

        Route(String prefix, String service, String scope, Upstream upstream, CircuitBreaker circuit) {
            this(prefix, service, scope, upstream, circuit, false);
        }

        /** What every request of the route is counted under: its usage records, metrics and spans. */
        String template() {
            return prefix + "/**";
        }
    }

    record Upstream(SocketAddress address, String host, int port, boolean ssl, String basePath) {
        static Upstream of(String name, URI uri) {
            String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
            if (uri.getHost() == null || !(scheme.equals("http") || scheme.equals("https"))) {
                throw new IllegalStateException(
                        "agora.gateway.routes." + name + " must be an http(s) URL with a host, not " + uri);
            }
            boolean ssl = scheme.equals("https");
            int port = uri.getPort() > 0 ? uri.getPort() : ssl ? 443 : 80;
            String path = uri.getRawPath() == null ? "" : uri.getRawPath().replaceAll("/+$", "");
            return new Upstream(SocketAddress.inetSocketAddress(port, uri.getHost()), uri.getHost(), port, ssl, path);
        }
    }

    private final RateLimiter rateLimiter;
    private final ClientAddress clientAddress;
    private final UsageRecorder usage;

    public ReverseProxy(Vertx vertx, EdgeAuthenticator authenticator, EdgeProblems problems, ProxyConfig config,
            RoutesConfig routes, RateLimiter rateLimiter, ClientAddress clientAddress, UsageRecorder usage) {
        this.usage = usage;
        this.rateLimiter = rateLimiter;
        this.clientAddress = clientAddress;
        this.authenticator = authenticator;
        this.problems = problems;
        this.config = config;
        this.client = vertx.createHttpClient(new HttpClientOptions()
                .setName("agora-gateway-proxy")
                .setConnectTimeout((int) config.connectTimeout().toMillis())
                .setMaxPoolSize(config.maxConnectionsPerUpstream())
                .setKeepAlive(true)
                // bodies pass through as the service encoded them
                .setDecompressionSupported(false));
        Upstream agents = Upstream.of("agents", routes.agents());
        Upstream deployments = Upstream.of("deployments", routes.deployments());
        Upstream marketplace = Upstream.of("marketplace", routes.marketplace());
        Upstream triggers = Upstream.of("triggers", routes.triggers());
        CircuitBreaker agentCircuit = circuit(config);
        CircuitBreaker deploymentCircuit = circuit(config);
        this.routes = List.of(
                new Route("/api/agents", "agent-service", "agents", agents, agentCircuit),
                new Route("/api/deployments", "deployment-service", "deployments", deployments, deploymentCircuit),
                // deployed agents pull their hired work from agent-service, which dispatches all of it
                new Route("/api/runtime/tasks", "agent-service", "agents", agents, agentCircuit, true),
                new Route("/api/runtime", "deployment-service", "deployments", deployments, deploymentCircuit, true),
                new Route("/api/marketplace", "marketplace-service", "marketplace", marketplace, circuit(config)),
                new Route("/api/triggers", "trigger-service", "triggers", triggers, circuit(config)));
    }

    void register(@Observes Router router) {
        for (Route route : routes) {
            router.routeWithRegex(Pattern.quote(route.prefix()) + "(/.*)?")
                    .handler(rc -> handle(rc, route))
                    .failureHandler(this::unexpected);
        }
    }

    @PreDestroy
    void close() {
        client.close();
    }

    private void handle(RoutingContext rc, Route route) {
        HttpServerRequest request = rc.request();
        long started = System.nanoTime();
        Instant arrived = Instant.now();
        rc.addEndHandler(ended -> recordUsage(rc, route, started, arrived));
        nameByRoute(rc, route);
        if (tooLarge(request)) {
            problems.send(rc, 413, "the request body is larger than " + config.maxBodyBytes() + " bytes");
            return;
        }
        boolean hasBody = hasBody(request);
        if (hasBody) {
            // held until the upstream request can take it
            request.pause();
        }
        if (route.ownCredentials()) {
            rc.put(IDENTITY, EdgeAuthenticator.Identity.agentRuntime(request.getHeader(HttpHeaders.AUTHORIZATION)));
            limit(rc, rc.get(IDENTITY), () -> forward(rc, route, hasBody));
            return;
        }
        boolean publicRead = request.method() == HttpMethod.GET && PUBLIC_READ.matcher(rc.normalizedPath()).matches();
        authenticator.check(request, publicRead).onComplete(checked -> {
            if (checked.failed()) {
                LOG.errorf(checked.cause(), "Could not authenticate a request on %s", rc.normalizedPath());
                problems.send(rc, 503, "the credentials could not be checked, try again later");
                return;
            }
            EdgeAuthenticator.Identity identity = checked.result();
            if (identity.verdict() != EdgeAuthenticator.Verdict.ALLOWED) {
                problems.unauthorized(rc, identity.detail());
                return;
            }
            String scope = Scopes.required(route.scope(), request.method().name());
            if (identity.scopes() != null && !identity.scopes().contains(scope)) {
                problems.send(rc, 403, "the API key lacks the scope " + scope);
                return;
            }
            rc.put(IDENTITY, identity);
            limit(rc, identity, () -> forward(rc, route, hasBody));
        });
    }

    /**
     * Quarkus names a request's HTTP metrics ({@code uri} tag) and span after the template it finds in the request's
     * context, as REST endpoints set it; a regex route has none, so each distinct path (every agent id) would make
     * its own meters until Micrometer's cap of 100 URIs, after which proxied requests went uncounted.
     */
    private static void nameByRoute(RoutingContext rc, Route route) {
        ((HttpServerRequestInternal) rc.request()).context().putLocal(URL_PATH_TEMPLATE, route.template());
    }

    private void recordUsage(RoutingContext rc, Route route, long started, Instant arrived) {
        EdgeAuthenticator.Identity identity = rc.get(IDENTITY);
        usage.record(new UsageRecord(RequestIds.of(rc), identity == null ? null : identity.subject(),
                identity == null ? null : identity.principalType(), identity == null ? null : identity.apiKeyId(),
                route.template(), rc.request().method().name(), rc.response().getStatusCode(),
                (System.nanoTime() - started) / 1_000_000, arrived,
                UsageAttribution.agentOf(rc.normalizedPath(), rc.get(UsageAttribution.AGENT_HEADER.toLowerCase(Locale.ROOT))),
                UsageAttribution.costOf(rc.get(UsageAttribution.COST_HEADER.toLowerCase(Locale.ROOT)))));
    }

    /** One bucket per API key, else per user, else per client address; a database failure lets the request pass. */
    private void limit(RoutingContext rc, EdgeAuthenticator.Identity identity, Runnable proceed) {
        if (!rateLimiter.enabled()) {
            proceed.run();
            return;
        }
        String key;
        String plan;
        if (identity.apiKeyId() != null) {
            key = "key:" + identity.apiKeyId();
            plan = identity.plan();
        } else if (identity.subject() != null) {
            key = identity.principalType() != null && identity.principalType().equals(EdgeAuthenticator.AGENT_RUNTIME)
                    ? "runtime:" + identity.subject() : "user:" + identity.subject();
            plan = identity.plan();
        } else {
            key = "ip:" + clientAddress.of(rc.request());
            plan = "anonymous";
        }
        rateLimiter.take(key, plan).onComplete(decided -> {
            if (decided.failed()) {
                LOG.warnf(decided.cause(), "Rate limit of %s could not be checked; letting the request through", key);
                proceed.run();
                return;
            }
            RateLimiter.Decision decision = decided.result();
            HttpServerResponse response = rc.response();
            response.putHeader("RateLimit-Limit", String.valueOf(decision.limit()))
                    .putHeader("RateLimit-Remaining", String.valueOf(decision.remaining()))
                    .putHeader("RateLimit-Reset", String.valueOf(decision.resetSeconds()));
            if (decision.allowed()) {
                proceed.run();
            } else {
                response.putHeader("Retry-After", String.valueOf(decision.retryAfterSeconds()));
                problems.send(rc, 429, "rate limit exceeded, retry after " + decision.retryAfterSeconds() + " seconds");
            }
        });
    }

    private boolean tooLarge(HttpServerRequest request) {
        String length = request.getHeader(HttpHeaders.CONTENT_LENGTH);
        if (length == null) {
            return false;
        }
        try {
            return Long.parseLong(length.strip()) > config.maxBodyBytes();
        } catch (NumberFormatException e) {
            return false;
        }
    }

    private static final String BODY_TOO_LARGE = "agora.bodyTooLarge";

    /** The routing context key of the caller's {@link EdgeAuthenticator.Identity}. */
    public static final String IDENTITY = "agora.identity";

    private static CircuitBreaker circuit(ProxyConfig config) {
        return new CircuitBreaker(config.circuitFailureThreshold(), config.circuitCoolDown());
    }

    private void forward(RoutingContext rc, Route route, boolean hasBody) {
        HttpServerRequest request = rc.request();
        if (!route.circuit().allows()) {
            problems.send(rc, 503, route.service() + " is unavailable (circuit open), try again later");
            return;
        }
        Upstream upstream = route.upstream();
        String query = request.query();
        RequestOptions options = new RequestOptions()
                .setServer(upstream.address())
                .setHost(upstream.host())
                .setPort(upstream.port())
                .setSsl(upstream.ssl())
                .setMethod(request.method())
                .setURI(upstream.basePath() + rc.normalizedPath() + (query == null ? "" : "?" + query))
                .setConnectTimeout(config.connectTimeout().toMillis())
                .setIdleTimeout(config.timeout().toMillis())
                .setHeaders(upstreamHeaders(rc));
        AtomicBoolean answered = new AtomicBoolean();
        client.request(options)
                .compose(upstreamRequest -> {
                    HostAndPort authority = request.authority();
                    if (authority != null) {
                        upstreamRequest.authority(authority);
                    }
                    rc.response().closeHandler(closed -> giveUp(upstreamRequest, answered));
                    if (hasBody && "100-continue".equalsIgnoreCase(request.getHeader(HttpHeaders.EXPECT))) {
                        rc.response().writeContinue();
                    }
                    if (!hasBody) {
                        return upstreamRequest.send();
                    }
                    if (request.headers().contains(HttpHeaders.CONTENT_LENGTH)) {
                        return upstreamRequest.send(request);
                    }
                    // chunked: the size is only known while it streams
                    return upstreamRequest.send(new BodyLimit(request, config.maxBodyBytes(), () -> {
                        rc.put(BODY_TOO_LARGE, true);
                        upstreamRequest.reset();
                        rc.response().putHeader(HttpHeaders.CONNECTION, "close");
                        problems.send(rc, 413, "the request body is larger than " + config.maxBodyBytes() + " bytes");
                    }));
                })
                .onComplete(answer -> {
                    if (rc.get(BODY_TOO_LARGE) != null) {
                        return;
                    }
                    if (answer.succeeded()) {
                        route.circuit().succeeded();
                        relay(rc, answer.result(), answered);
                    } else if (rc.response().closed()) {
                        // the caller hung up and the exchange was reset on its behalf (clients closing their
                        // connections at once must not open the service's circuit for everyone else)
                        route.circuit().abandoned();
                    } else {
                        route.circuit().failed();
                        fail(rc, route, answer.cause());
                    }
                });
    }

    private MultiMap upstreamHeaders(RoutingContext rc) {
        HttpServerRequest request = rc.request();
        Set<String> dropped = connectionSpecific(request.headers());
        MultiMap headers = MultiMap.caseInsensitiveMultiMap();
        for (Map.Entry<String, String> header : request.headers()) {
            String name = header.getKey().toLowerCase(Locale.ROOT);
            if (!dropped.contains(name) && !name.equals("x-request-id") && !name.equals("x-forwarded-for")
                    && !name.equals("x-forwarded-proto") && !name.equals("x-api-key")) {
                headers.add(header.getKey(), header.getValue());
            }
        }
        EdgeAuthenticator.Identity identity = rc.get(IDENTITY);
        if (identity != null && identity.forwardedAuthorization() != null) {
            // services only ever verify JWTs: an API key travels no further than the edge
            headers.set(HttpHeaders.AUTHORIZATION, identity.forwardedAuthorization());
        }
        headers.set(RequestIds.HEADER, RequestIds.of(rc));
        String client = request.remoteAddress() == null ? null : request.remoteAddress().hostAddress();
        String forwardedFor = request.getHeader(X_FORWARDED_FOR);
        if (client != null) {
            headers.set(X_FORWARDED_FOR, forwardedFor == null || forwardedFor.isBlank() ? client : forwardedFor + ", " + client);
        } else if (forwardedFor != null) {
            headers.set(X_FORWARDED_FOR, forwardedFor);
        }
        String proto = request.getHeader(X_FORWARDED_PROTO);
        headers.set(X_FORWARDED_PROTO, proto == null || proto.isBlank() ? request.scheme() : proto);
        return headers;
    }

    private void relay(RoutingContext rc, HttpClientResponse answer, AtomicBoolean answered) {
        HttpServerResponse response = rc.response();
        HttpClientRequest upstreamRequest = answer.request();
        answer.end().onComplete(ended -> answered.set(true));
        if (response.ended() || response.closed()) {
            giveUp(upstreamRequest, answered);
            return;
        }
        response.setStatusCode(answer.statusCode());
        if (answer.statusMessage() != null) {
            response.setStatusMessage(answer.statusMessage());
        }
        Set<String> dropped = connectionSpecific(answer.headers());
        for (Map.Entry<String, String> header : answer.headers()) {
            String name = header.getKey().toLowerCase(Locale.ROOT);
            if (UsageAttribution.isAttributionHeader(name)) {
                rc.put(name, header.getValue());
            } else if (!dropped.contains(name) && !name.equals("x-request-id")) {
                response.headers().add(header.getKey(), header.getValue());
            }
        }
        int status = answer.statusCode();
        boolean bodiless = rc.request().method() == HttpMethod.HEAD || status == 204 || status == 304 || status < 200;
        if (!bodiless && !answer.headers().contains(HttpHeaders.CONTENT_LENGTH)) {
            response.setChunked(true);
        }
        answer.pipe().endOnFailure(false).to(response).onFailure(broken -> {
            // one side went away mid-body: the other cannot be completed either
            LOG.debugf(broken, "Proxied response on %s broken off", rc.normalizedPath());
            giveUp(upstreamRequest, answered);
            if (!response.ended()) {
                response.reset();
            }
        });
    }

    /**
     * Abandons an exchange the caller no longer waits for. Once the service's answer is complete its connection is
     * back in the pool, perhaps already carrying another request: resetting the finished exchange would close it
     * (and fail that request with a 502), so a finished exchange is left alone. An HTTP/2 caller's stream closes
     * after every exchange, so this is the common case, not a corner.
     */
    private static void giveUp(HttpClientRequest upstreamRequest, AtomicBoolean answered) {
        if (!answered.get()) {
            upstreamRequest.reset();
        }
    }

    /** A bug on this side still answers with a problem, never an error page. */
    private void unexpected(RoutingContext rc) {
        LOG.errorf(rc.failure(), "Proxying %s %s failed", rc.request().method(), rc.normalizedPath());
        if (rc.response().headWritten()) {
            rc.response().reset();
        } else {
            problems.send(rc, rc.statusCode() >= 400 ? rc.statusCode() : 500, "the request could not be proxied");
        }
    }

    private void fail(RoutingContext rc, Route route, Throwable cause) {
        HttpServerResponse response = rc.response();
        if (response.closed() || response.ended()) {
            return;
        }
        if (response.headWritten()) {
            response.reset();
            return;
        }
        if (cause instanceof TimeoutException || cause instanceof ConnectTimeoutException) {
            LOG.warnf("%s did not answer %s %s in time: %s", route.service(), rc.request().method(), rc.normalizedPath(),
                    cause.getMessage());
            problems.send(rc, 504, route.service() + " did not answer in time");
        } else if (cause instanceof ConnectException || cause instanceof UnknownHostException) {
            LOG.warnf("%s is unreachable: %s", route.service(), cause.getMessage());
            problems.send(rc, 503, route.service() + " is unavailable, try again later");
        } else {
            LOG.warnf(cause, "%s failed on %s %s", route.service(), rc.request().method(), rc.normalizedPath());
            problems.send(rc, 502, route.service() + " did not answer properly");
        }
    }

    private static boolean hasBody(HttpServerRequest request) {
        if (request.headers().contains(HttpHeaders.TRANSFER_ENCODING)) {
            return true;
        }
        String length = request.getHeader(HttpHeaders.CONTENT_LENGTH);
        return length != null && !length.strip().equals("0");
    }

    /** The fixed hop-by-hop set plus whatever the Connection header names (RFC 9110 7.6.1). */
    private static Set<String> connectionSpecific(MultiMap headers) {
        List<String> connection = headers.getAll(HttpHeaders.CONNECTION);
        if (connection.isEmpty()) {
            return NOT_FORWARDED;
        }
        Set<String> names = new HashSet<>(NOT_FORWARDED);
        for (String value : connection) {
            for (String token : value.split(",")) {
                names.add(token.strip().toLowerCase(Locale.ROOT));
            }
        }
        return names;
    }
}
