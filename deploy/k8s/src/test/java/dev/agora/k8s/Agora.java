package dev.agora.k8s;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import org.junit.jupiter.params.provider.Arguments;

/** The repository as the manifests must match it: the services, the overlays, the topics the code uses. */
final class Agora {

    /** The five service modules; each module's directory name is its quarkus.application.name. */
    static final List<String> SERVICES = List.of("gateway", "agent-service", "deployment-service",
            "marketplace-service", "trigger-service");
    static final List<String> OVERLAYS = List.of("dev", "prod");
    static final String GATEWAY = "gateway";

    /** What every service needs from the environment in prod (the issue and common's microprofile-config). */
    static final List<String> ENV_EVERY_SERVICE = List.of("QUARKUS_HTTP_PORT", "QUARKUS_MANAGEMENT_PORT", "AGORA_DB_HOST",
            "AGORA_DB_PORT", "AGORA_DB_NAME", "AGORA_DB_USER", "AGORA_DB_PASSWORD", "KAFKA_BOOTSTRAP_SERVERS",
            "AGORA_JWT_PUBLIC_KEY_LOCATION");
    /** The gateway's extras: its signing key, the proxy's upstreams and their management interfaces. */
    static final List<String> ENV_GATEWAY = List.of("AGORA_JWT_PRIVATE_KEY_LOCATION", "AGORA_GATEWAY_ROUTES_AGENTS",
            "AGORA_GATEWAY_ROUTES_DEPLOYMENTS", "AGORA_GATEWAY_ROUTES_MARKETPLACE", "AGORA_GATEWAY_ROUTES_TRIGGERS",
            "AGORA_GATEWAY_MANAGEMENT_URLS_AGENTS", "AGORA_GATEWAY_MANAGEMENT_URLS_DEPLOYMENTS",
            "AGORA_GATEWAY_MANAGEMENT_URLS_MARKETPLACE", "AGORA_GATEWAY_MANAGEMENT_URLS_TRIGGERS");

    private Agora() {
    }

    static Path root() {
        String configured = System.getProperty("agora.root");
        Path start = configured != null ? Path.of(configured) : Path.of("").toAbsolutePath();
        for (Path p = start.toAbsolutePath().normalize(); p != null; p = p.getParent()) {
            if (Files.isDirectory(p.resolve("deploy/k8s/base")) && Files.isRegularFile(p.resolve("pom.xml"))) {
                return p;
            }
        }
        throw new IllegalStateException("cannot find the repository root (with deploy/k8s/base) from " + start);
    }

    static Path k8s() {
        return root().resolve("deploy/k8s");
    }

    static Stream<Arguments> overlays() {
        return OVERLAYS.stream().map(Arguments::of);
    }

    static Stream<Arguments> overlaysAndServices() {
        return OVERLAYS.stream().flatMap(o -> SERVICES.stream().map(s -> Arguments.of(o, s)));
    }

    static Stream<Arguments> prodServices() {
        return SERVICES.stream().map(s -> Arguments.of("prod", s));
    }

    /**
     * Optional features that an empty value turns off (deploy/k8s/README.md, "Optional settings"): the previous JWT
     * key during a rotation, an external OIDC issuer, proxies whose X-Forwarded-For the gateway believes, the hosts
     * outbound calls may reach despite the SSRF guard, a platform-wide Telegram bot token.
     */
    static final Set<String> OFF_WHEN_EMPTY = Set.of("AGORA_JWT_PREVIOUS_PUBLIC_KEY_LOCATION", "AGORA_EXTERNAL_IDP_ISSUER",
            "AGORA_EXTERNAL_IDP_AUDIENCE", "AGORA_EXTERNAL_IDP_JWKS", "AGORA_EXTERNAL_IDP_ROLE_MAPPING",
            "AGORA_GATEWAY_TRUSTED_PROXIES", "AGORA_OUTBOUND_ALLOWED_HOSTS", "AGORA_TELEGRAM_BOT_TOKEN");

    static List<String> requiredEnv(String service) {
        List<String> names = new ArrayList<>(ENV_EVERY_SERVICE);
        if (service.equals(GATEWAY)) {
            names.addAll(ENV_GATEWAY);
        }
        // plus whatever the configuration reads from the environment without a default (e.g. ${FOO:}), except the
        // switches that are off when empty
        for (String name : ServiceConfig.of(service).envWithoutDefault()) {
            if (!names.contains(name) && !OFF_WHEN_EMPTY.contains(name)) {
                names.add(name);
            }
        }
        return names;
    }

    /**
     * The topics the code uses: the TOPICS list of the local stack (which creates them for ./run.sh and the
     * system tests), read from its source so that the two cannot drift apart, plus every topic a service's
     * configuration names (mp.messaging ... .topic), with the .dlq suffix taken off.
     */
    static Set<String> topicsUsedByTheCode() {
        Path stack = root().resolve("deploy/local/src/main/java/dev/agora/local/Stack.java");
        String source;
        try {
            source = Files.readString(stack);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the topic list from " + stack, e);
        }
        Matcher list = Pattern.compile("TOPICS\\s*=\\s*List\\.of\\(([^)]*)\\)").matcher(source);
        if (!list.find()) {
            throw new IllegalStateException("no `TOPICS = List.of(...)` in " + stack);
        }
        Set<String> topics = new LinkedHashSet<>();
        Matcher quoted = Pattern.compile("\"([^\"]+)\"").matcher(list.group(1));
        while (quoted.find()) {
            topics.add(quoted.group(1));
        }
        if (topics.isEmpty()) {
            throw new IllegalStateException("TOPICS in " + stack + " is empty");
        }
        for (String service : SERVICES) {
            for (String topic : ServiceConfig.of(service).configuredTopics()) {
                topics.add(topic.endsWith(".dlq") ? topic.substring(0, topic.length() - 4) : topic);
            }
        }
        return topics;
    }
}
