package dev.agora.common.outbound;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/**
 * {@code agora.outbound.*}: every HTTP request the platform sends to an address a user, an agent owner or an outside
 * party chose (trigger actions, calls to agents) goes through {@link GuardedHttp} and its {@link UrlGuard}.
 */
@ConfigMapping(prefix = "agora.outbound")
public interface OutboundConfig {
    String ALLOWED_HOSTS = "agora.outbound.allowed-hosts";
    String ALLOW_LOOPBACK = "agora.outbound.allow-loopback";

    /**
     * Hosts, IP addresses or CIDR ranges outgoing requests may reach although they are not public. In the prod profile
     * the list may not admit loopback, private, link-local or other non-public ranges ({@link AllowListGuard}).
     */
    Optional<List<String>> allowedHosts();

    /**
     * Loopback ({@code localhost}, 127.0.0.0/8, ::1) is reachable: an agent or a webhook on a developer's own machine.
     * Refused in the prod profile.
     */
    @WithDefault("false")
    boolean allowLoopback();

    /** Redirects followed per request, each hop checked again. */
    @WithDefault("5")
    int maxRedirects();

    /** Concurrent requests per destination host (per replica); the rest queue. */
    @WithDefault("8")
    int perHostConcurrency();

    /** The allow-list the guard applies: {@link #allowedHosts()}, plus loopback when {@link #allowLoopback()}. */
    default List<String> effectiveAllowList() {
        List<String> list = new ArrayList<>(allowedHosts().orElse(List.of()));
        if (allowLoopback()) {
            list.addAll(AllowListGuard.LOOPBACK);
        }
        return list;
    }
}
