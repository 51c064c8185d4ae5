package dev.agora.gateway.proxy;

import java.net.ConnectException;
import java.net.URI;
import java.net.UnknownHostException;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeoutException;
import java.util.regex.Pattern;

import jakarta.annotation.PreDestroy;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Singleton;

import org.jboss.logging.Logger;

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
import io.vertx.core.net.HostAndPort;
import io.vertx.core.net.SocketAddress;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;

/**
 * The edge proxy: {@code /api/agents/**}, {@code /api/deployments/**}, {@code /api/runtime/**},
 * {@code /api/marketplace/**} and {@code /api/triggers/**} go to their services, bodies streamed both ways.
 * <p>
 * Every proxied request needs a valid bearer token, except public catalog reads ({@code GET
 * /api/marketplace/agents[/**]}); a rejected request never reaches the service. The original {@code Host}
 * is kept, so absolute URLs the service builds (e.g. {@code Location}) point at the gateway.
 */
@Singleton
public class ReverseProxy {
    private static final Logger LOG = Logger.getLogger(ReverseProxy.class);
    private static final Pattern PUBLIC_READ = Pattern.compile("/api/marketplace/agents(/.*)?");
    /** RFC 9110 7.6.1 connection-specific fields, plus Host (sent as the request's authority) and Expect. */
    private static final Set<String> NOT_FORWARDED = Set.of("connection", "keep-alive", "proxy-connection",
            "proxy-authenticate", "proxy-authorization", "te", "trailer", "transfer-encoding", "upgrade", "host", "expect");
    private static final String X_FORWARDED_FOR = "X-Forwarded-For";
    private static final String X_FORWARDED_PROTO = "X-Forwarded-Proto";

    private final HttpClient client;
    private final EdgeAuthenticator authenticator;
    private final EdgeProblems problems;
    private final ProxyConfig config;
    private final List<Route> routes;

    /** One path prefix and the service behind it. */
    record Route(String prefix, String service, Upstream upstream) {
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

    public ReverseProxy(Vertx vertx, EdgeAuthenticator authenticator, EdgeProblems problems, ProxyConfig config,
            RoutesConfig routes) {
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
        this.routes = List.of(
                new Route("/api/agents", "agent-service", agents),
                new Route("/api/deployments", "deployment-service", deployments),
                new Route("/api/runtime", "deployment-service", deployments),
                new Route("/api/marketplace", "marketplace-service", marketplace),
                new Route("/api/triggers", "trigger-service", triggers));
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
        boolean hasBody = hasBody(request);
        if (hasBody) {
            // held until the upstream request can take it
            request.pause();
        }
        boolean publicRead = request.method() == HttpMethod.GET && PUBLIC_READ.matcher(rc.normalizedPath()).matches();
        authenticator.check(request.getHeader(HttpHeaders.AUTHORIZATION), publicRead).onComplete(verdict -> {
            if (verdict.failed()) {
                LOG.errorf(verdict.cause(), "Could not check a bearer token on %s", rc.normalizedPath());
                problems.send(rc, 503, "the bearer token could not be checked, try again later");
            } else if (verdict.result() == EdgeAuthenticator.Verdict.MISSING) {
                problems.unauthorized(rc, "a valid bearer token is required");
            } else if (verdict.result() == EdgeAuthenticator.Verdict.INVALID) {
                problems.unauthorized(rc, "the bearer token is invalid or expired");
            } else {
                forward(rc, route, hasBody);
            }
        });
    }

    private void forward(RoutingContext rc, Route route, boolean hasBody) {
        HttpServerRequest request = rc.request();
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
        client.request(options)
                .compose(upstreamRequest -> {
                    HostAndPort authority = request.authority();
                    if (authority != null) {
                        upstreamRequest.authority(authority);
                    }
                    rc.response().closeHandler(closed -> upstreamRequest.reset());
                    if (hasBody && "100-continue".equalsIgnoreCase(request.getHeader(HttpHeaders.EXPECT))) {
                        rc.response().writeContinue();
                    }
                    return hasBody ? upstreamRequest.send(request) : upstreamRequest.send();
                })
                .onComplete(answer -> {
                    if (answer.succeeded()) {
                        relay(rc, answer.result());
                    } else {
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
                    && !name.equals("x-forwarded-proto")) {
                headers.add(header.getKey(), header.getValue());
            }
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

    private void relay(RoutingContext rc, HttpClientResponse answer) {
        HttpServerResponse response = rc.response();
        HttpClientRequest upstreamRequest = answer.request();
        if (response.ended() || response.closed()) {
            upstreamRequest.reset();
            return;
        }
        response.setStatusCode(answer.statusCode());
        if (answer.statusMessage() != null) {
            response.setStatusMessage(answer.statusMessage());
        }
        Set<String> dropped = connectionSpecific(answer.headers());
        for (Map.Entry<String, String> header : answer.headers()) {
            String name = header.getKey().toLowerCase(Locale.ROOT);
            if (!dropped.contains(name) && !name.equals("x-request-id")) {
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
            upstreamRequest.reset();
            if (!response.ended()) {
                response.reset();
            }
        });
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
