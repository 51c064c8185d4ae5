package dev.agora.common.outbound;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * Refuses an outbound allow-list that opens the {@link UrlGuard} to addresses that are not public: an IP address or
 * CIDR range of {@code agora.outbound.allowed-hosts} that overlaps loopback, private (RFC 1918, carrier-grade NAT),
 * link-local (with the cloud metadata endpoint), unique-local, unspecified, multicast or reserved ranges; the name
 * {@code localhost} (and {@code *.localhost}); {@code agora.outbound.allow-loopback=true}. Those are for a developer's
 * machine. Other host names are allowed: naming one internal host is how production lets requests reach it.
 */
public final class AllowListGuard {
    /** What {@code agora.outbound.allow-loopback} adds to the allow-list. */
    static final List<String> LOOPBACK = List.of("localhost", "127.0.0.0/8", "::1");

    /** The ranges {@link UrlGuard} refuses unless allow-listed, and what they are. */
    static final Map<String, String> NOT_PUBLIC = notPublic();

    /** A property that opens the guard to addresses that are not public. */
    public record Finding(String property, String entry, String range) {
        @Override
        public String toString() {
            return property + " admits " + range + " (" + entry + ")";
        }
    }

    private final Function<String, Optional<String>> config;

    /** @param config the configured value of a property, empty when it is not set */
    public AllowListGuard(Function<String, Optional<String>> config) {
        this.config = config;
    }

    public List<Finding> findings() {
        List<Finding> findings = new ArrayList<>();
        value(OutboundConfig.ALLOW_LOOPBACK).filter(Boolean::parseBoolean).ifPresent(
                on -> findings.add(new Finding(OutboundConfig.ALLOW_LOOPBACK, on, "loopback")));
        for (String entry : value(OutboundConfig.ALLOWED_HOSTS).map(v -> v.split(",")).orElse(new String[0])) {
            String value = entry.strip();
            if (value.isEmpty()) {
                continue;
            }
            UrlGuard.Cidr cidr = UrlGuard.Cidr.parse(value);
            if (cidr == null) {
                String name = value.toLowerCase(Locale.ROOT);
                if (name.equals("localhost") || name.endsWith(".localhost")) {
                    findings.add(new Finding(OutboundConfig.ALLOWED_HOSTS, value, "loopback"));
                }
                continue;
            }
            List<String> ranges = NOT_PUBLIC.entrySet().stream()
                    .filter(range -> cidr.overlaps(UrlGuard.Cidr.parse(range.getKey())))
                    .map(range -> range.getValue() + " " + range.getKey()).toList();
            if (!ranges.isEmpty()) {
                findings.add(new Finding(OutboundConfig.ALLOWED_HOSTS, value, String.join(", ", ranges)));
            }
        }
        return findings;
    }

    /** Throws, naming every property that admits addresses that are not public, unless none does. */
    public void check() {
        List<Finding> findings = findings();
        if (!findings.isEmpty()) {
            throw new IllegalStateException("Refusing to start with an outbound allow-list that admits addresses that"
                    + " are not public: " + findings.stream().map(Finding::toString).collect(Collectors.joining("; "))
                    + ". Loopback and private ranges are for a developer's machine (the local stack); in production"
                    + " allow-list the host names of the internal services to reach, or nothing.");
        }
    }

    private Optional<String> value(String property) {
        return config.apply(property).filter(value -> !value.isBlank());
    }

    private static Map<String, String> notPublic() {
        Map<String, String> ranges = new LinkedHashMap<>();
        ranges.put("0.0.0.0/8", "this network");
        ranges.put("10.0.0.0/8", "private");
        ranges.put("100.64.0.0/10", "carrier-grade NAT");
        ranges.put("127.0.0.0/8", "loopback");
        ranges.put("169.254.0.0/16", "link-local and cloud metadata");
        ranges.put("172.16.0.0/12", "private");
        ranges.put("192.0.0.0/24", "IETF protocol assignments");
        ranges.put("192.168.0.0/16", "private");
        ranges.put("224.0.0.0/4", "multicast");
        ranges.put("240.0.0.0/4", "reserved");
        ranges.put("::/128", "unspecified");
        ranges.put("::1/128", "loopback");
        ranges.put("fc00::/7", "unique-local");
        ranges.put("fe80::/10", "link-local");
        ranges.put("fec0::/10", "site-local");
        ranges.put("ff00::/8", "multicast");
        return Collections.unmodifiableMap(ranges);
    }
}
