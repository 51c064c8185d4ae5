package dev.agora.gateway.proxy;

import java.util.List;
import java.util.Set;

import jakarta.inject.Singleton;

import org.eclipse.microprofile.config.inject.ConfigProperty;

import io.vertx.core.http.HttpServerRequest;

/**
 * The address of the client behind a request, for login throttling, sessions and rate limits. The peer's
 * address, unless the peer is one of {@code agora.gateway.trusted-proxies} (the load balancer in front of the
 * gateway): then the right-most {@code X-Forwarded-For} entry that is not a trusted proxy itself.
 */
@Singleton
public class ClientAddress {
    private final Set<String> trustedProxies;

    public ClientAddress(@ConfigProperty(name = "agora.gateway.trusted-proxies") java.util.Optional<List<String>> trusted) {
        this.trustedProxies = Set.copyOf(trusted.orElse(List.of()));
    }

    public String of(HttpServerRequest request) {
        String peer = request.remoteAddress() == null ? null : request.remoteAddress().hostAddress();
        if (peer == null || !trustedProxies.contains(peer)) {
            return peer;
        }
        String forwardedFor = request.getHeader("X-Forwarded-For");
        if (forwardedFor == null || forwardedFor.isBlank()) {
            return peer;
        }
        String[] hops = forwardedFor.split(",");
        for (int i = hops.length - 1; i >= 0; i--) {
            String hop = hops[i].strip();
            if (!hop.isEmpty() && !trustedProxies.contains(hop)) {
                return hop.length() > 64 ? hop.substring(0, 64) : hop;
            }
        }
        return peer;
    }
}
