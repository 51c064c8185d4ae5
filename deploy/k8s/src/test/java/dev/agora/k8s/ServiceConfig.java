package dev.agora.k8s;

import java.io.IOException;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A service's configuration as it runs in prod: common's META-INF/microprofile-config.properties overridden by the
 * service's application.properties, with %prod keys applied and other profiles left out. The manifests are
 * checked against it (image coordinates, database name, health paths, topics, environment without defaults).
 */
final class ServiceConfig {

    private static final Pattern PLACEHOLDER = Pattern.compile("\\$\\{([^}:]+)(?::([^}]*))?}");
    private static final Pattern ENV_NAME = Pattern.compile("[A-Z][A-Z0-9_]*");
    private static final Map<String, ServiceConfig> CACHE = new ConcurrentHashMap<>();

    final String module;
    private final Map<String, String> values;

    private ServiceConfig(String module, Map<String, String> values) {
        this.module = module;
        this.values = values;
    }

    static ServiceConfig of(String module) {
        return CACHE.computeIfAbsent(module, m -> {
            Path root = Agora.root();
            Map<String, String> merged = new LinkedHashMap<>();
            load(root.resolve("common/src/main/resources/META-INF/microprofile-config.properties"), merged);
            load(root.resolve(m).resolve("src/main/resources/application.properties"), merged);
            return new ServiceConfig(m, merged);
        });
    }

    private static void load(Path file, Map<String, String> into) {
        Properties props = new Properties();
        try (Reader reader = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            props.load(reader);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + file, e);
        }
        Map<String, String> prod = new LinkedHashMap<>();
        for (String key : props.stringPropertyNames()) {
            String value = props.getProperty(key);
            if (key.startsWith("%prod.")) {
                prod.put(key.substring("%prod.".length()), value);
            } else if (!key.startsWith("%")) {
                into.put(key, value);
            }
        }
        into.putAll(prod);
    }

    /** The raw value, placeholders unresolved, or null. */
    String raw(String key) {
        return values.get(key);
    }

    /**
     * The value when the environment sets nothing: ${ENV:default} gives the default, ${other.property} is resolved
     * against this configuration.
     */
    String resolved(String key) {
        String raw = values.get(key);
        return raw == null ? null : resolve(raw, 0);
    }

    String resolved(String key, String fallback) {
        String value = resolved(key);
        return value == null ? fallback : value;
    }

    private String resolve(String raw, int depth) {
        if (depth > 10) {
            throw new IllegalStateException(module + ": placeholder loop in " + raw);
        }
        Matcher m = PLACEHOLDER.matcher(raw);
        StringBuilder out = new StringBuilder();
        while (m.find()) {
            String name = m.group(1);
            String replacement;
            if (values.containsKey(name)) {
                replacement = resolve(values.get(name), depth + 1);
            } else {
                replacement = m.group(2) == null ? "" : resolve(m.group(2), depth + 1);
            }
            m.appendReplacement(out, Matcher.quoteReplacement(replacement));
        }
        m.appendTail(out);
        return out.toString();
    }

    /** Environment variables the prod configuration reads without a default (${FOO} or ${FOO:}). */
    Set<String> envWithoutDefault() {
        Set<String> names = new LinkedHashSet<>();
        for (String raw : values.values()) {
            Matcher m = PLACEHOLDER.matcher(raw);
            while (m.find()) {
                String name = m.group(1);
                boolean noDefault = m.group(2) == null || m.group(2).isBlank();
                if (noDefault && ENV_NAME.matcher(name).matches() && !values.containsKey(name)) {
                    names.add(name);
                }
            }
        }
        return names;
    }

    /** Topics named by the messaging configuration (…topic and …dead-letter-queue.topic). */
    Set<String> configuredTopics() {
        Set<String> topics = new LinkedHashSet<>();
        values.forEach((key, value) -> {
            if (key.startsWith("mp.messaging.") && key.endsWith(".topic")) {
                for (String t : resolve(value, 0).split(",")) {
                    if (!t.isBlank()) {
                        topics.add(t.trim());
                    }
                }
            }
        });
        return topics;
    }

    String applicationName() {
        return resolved("quarkus.application.name", module);
    }

    /** <registry>/<group>/<name>, as quarkus-container-image names the image. */
    String imageRepository() {
        String registry = resolved("quarkus.container-image.registry", "");
        String group = resolved("quarkus.container-image.group", "");
        String name = resolved("quarkus.container-image.name", applicationName());
        StringBuilder image = new StringBuilder();
        if (!registry.isBlank()) {
            image.append(registry).append('/');
        }
        if (!group.isBlank()) {
            image.append(group).append('/');
        }
        return image.append(name).toString();
    }

    String imageTag() {
        return resolved("quarkus.container-image.tag");
    }

    String databaseName() {
        return resolved("agora.db.name");
    }

    /** Whether health, metrics and OpenAPI are served on the management interface (a port of their own). */
    boolean managementInterface() {
        return "true".equals(resolved("quarkus.management.enabled", "false"));
    }

    /**
     * The SmallRye Health endpoint for "started", "live" or "ready", following Quarkus' path rules: under the
     * management interface's root path when it is enabled, under the non-application root path otherwise.
     */
    String healthPath(String which) {
        String nonApplication;
        if (managementInterface()) {
            nonApplication = withSlashes(resolved("quarkus.management.root-path", "/q"));
        } else {
            String root = withSlashes(resolved("quarkus.http.root-path", "/"));
            nonApplication = under(root, resolved("quarkus.http.non-application-root-path", "q"));
        }
        String health = under(nonApplication, resolved("quarkus.smallrye-health.root-path", "health"));
        String defaultLeaf = switch (which) {
            case "started" -> "started";
            case "live" -> "live";
            case "ready" -> "ready";
            default -> throw new IllegalArgumentException(which);
        };
        String key = switch (which) {
            case "started" -> "quarkus.smallrye-health.startup-path";
            case "live" -> "quarkus.smallrye-health.liveness-path";
            default -> "quarkus.smallrye-health.readiness-path";
        };
        String path = under(health, resolved(key, defaultLeaf));
        return path.length() > 1 && path.endsWith("/") ? path.substring(0, path.length() - 1) : path;
    }

    private static String under(String base, String path) {
        if (path.startsWith("/")) {
            return withSlashes(path);
        }
        return withSlashes(base + path);
    }

    private static String withSlashes(String path) {
        String p = path.startsWith("/") ? path : "/" + path;
        return p.endsWith("/") ? p : p + "/";
    }
}
