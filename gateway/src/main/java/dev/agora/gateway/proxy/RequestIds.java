package dev.agora.gateway.proxy;

import java.util.UUID;
import java.util.regex.Pattern;

import jakarta.enterprise.event.Observes;
import jakarta.inject.Singleton;

import io.quarkus.vertx.http.runtime.filters.Filters;
import io.vertx.ext.web.RoutingContext;

/**
 * Gives every request an {@code X-Request-Id}: the caller's when it sent a usable one, else a new UUID.
 * It is echoed on every response (proxied, served here, or an error) and forwarded upstream.
 */
@Singleton
public class RequestIds {
    public static final String HEADER = "X-Request-Id";
    private static final String KEY = "agora.request-id";
    private static final int FILTER_PRIORITY = 1000;
    /** Visible ASCII only, bounded: anything else could not travel safely through logs and headers. */
    private static final Pattern USABLE = Pattern.compile("[\\x21-\\x7E]{1,200}");

    void register(@Observes Filters filters) {
        filters.register(this::assign, FILTER_PRIORITY);
    }

    void assign(RoutingContext rc) {
        String given = rc.request().getHeader(HEADER);
        String id = given != null && USABLE.matcher(given).matches() ? given : UUID.randomUUID().toString();
        rc.put(KEY, id);
        rc.response().putHeader(HEADER, id);
        rc.next();
    }

    public static String of(RoutingContext rc) {
        String id = rc.get(KEY);
        return id == null ? UUID.randomUUID().toString() : id;
    }
}
