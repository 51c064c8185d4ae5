package dev.agora.gateway.openapi;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;

import jakarta.inject.Singleton;

import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import io.quarkus.vertx.http.HttpServer;

/**
 * One OpenAPI document for the whole platform: the gateway's own ({@code /q/openapi}) merged with every service's,
 * each read from the management interface that serves it ({@link ManagementUrlsConfig}; the gateway's own from its
 * management port), fetched at request time and cached for {@link #CACHED}. Paths need no rewriting (the gateway
 * forwards them as they are). Components with the same name and the same definition are kept once; a name two documents define
 * differently is renamed {@code <service>_<name>} in the later document, references included. A service that
 * cannot be reached is left out and named in {@code x-agora-unavailable}, so the document is always served.
 * The result passes {@code redocly lint} (recommended rules): one server ({@code /}), root security "bearer token or
 * none" (operations that require it declare it), and a {@code METHOD path} summary where an operation has none.
 */
@Singleton
public class MergedOpenApi {
    private static final Logger LOG = Logger.getLogger(MergedOpenApi.class);
    private static final Duration CACHED = Duration.ofSeconds(60);
    private static final Duration FETCH_TIMEOUT = Duration.ofSeconds(3);

    private final ObjectMapper mapper;
    private final Map<String, URI> services = new LinkedHashMap<>();
    private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(FETCH_TIMEOUT).build();
    private final HttpServer server;
    private final String managementHost;
    private final int managementPort;
    private volatile ObjectNode cached;
    private volatile Instant cachedAt = Instant.EPOCH;

    public MergedOpenApi(ObjectMapper mapper, ManagementUrlsConfig managementUrls, HttpServer server,
            @ConfigProperty(name = "quarkus.management.host") String managementHost,
            @ConfigProperty(name = "quarkus.management.port") int managementPort) {
        this.mapper = mapper;
        this.server = server;
        this.managementHost = managementHost;
        this.managementPort = managementPort;
        services.put("agents", managementUrls.agents());
        services.put("deployments", managementUrls.deployments());
        services.put("marketplace", managementUrls.marketplace());
        services.put("triggers", managementUrls.triggers());
    }

    public CompletableFuture<ObjectNode> document() {
        ObjectNode current = cached;
        if (current != null && cachedAt.plus(CACHED).isAfter(Instant.now())) {
            return CompletableFuture.completedFuture(current);
        }
        Map<String, CompletableFuture<JsonNode>> fetches = new LinkedHashMap<>();
        fetches.put("gateway", fetch(ownManagementInterface()));
        services.forEach((name, base) -> fetches.put(name, fetch(base)));
        return CompletableFuture.allOf(fetches.values().toArray(CompletableFuture[]::new)).thenApply(ignored -> {
            ObjectNode merged = merge(fetches);
            cached = merged;
            cachedAt = Instant.now();
            return merged;
        });
    }

    /** Where this gateway's management interface answers: on loopback when it listens on every address. */
    private URI ownManagementInterface() {
        String host = managementHost.equals("0.0.0.0") || managementHost.equals("::") ? "127.0.0.1" : managementHost;
        // Quarkus publishes the port it listens on only when it differs from the configured one (a free test port)
        int port = server.getManagementPort() > 0 ? server.getManagementPort() : managementPort;
        return URI.create("http://" + (host.contains(":") ? "[" + host + "]" : host) + ":" + port);
    }

    private CompletableFuture<JsonNode> fetch(URI base) {
        String root = base.toString().replaceAll("/+$", "");
        HttpRequest request = HttpRequest.newBuilder(URI.create(root + "/q/openapi?format=json"))
                .header("Accept", "application/json").timeout(FETCH_TIMEOUT).GET().build();
        return http.sendAsync(request, HttpResponse.BodyHandlers.ofString()).thenApply(response -> {
            if (response.statusCode() != 200) {
                return null;
            }
            try {
                JsonNode document = mapper.readTree(response.body());
                return document.isObject() && document.has("openapi") ? document : null;
            } catch (Exception e) {
                return null;
            }
        }).exceptionally(failure -> {
            LOG.debugf("No OpenAPI document from %s: %s", root, failure.getMessage());
            return null;
        });
    }

    private ObjectNode merge(Map<String, CompletableFuture<JsonNode>> fetches) {
        ObjectNode merged = mapper.createObjectNode();
        merged.put("openapi", "3.1.0");
        ObjectNode info = merged.putObject("info");
        info.put("title", "Agora API");
        info.put("version", "0.1.0");
        info.put("description", "Every Agora API behind the gateway, in one document.");
        ObjectNode paths = merged.putObject("paths");
        ObjectNode components = mapper.createObjectNode();
        Map<String, JsonNode> tags = new LinkedHashMap<>();
        List<String> unavailable = new ArrayList<>();
        for (Map.Entry<String, CompletableFuture<JsonNode>> fetched : fetches.entrySet()) {
            JsonNode document = fetched.getValue().join();
            if (document == null) {
                unavailable.add(fetched.getKey());
                continue;
            }
            document = renameConflicts(fetched.getKey(), document, components);
            document.path("paths").fields().forEachRemaining(path -> paths.set(path.getKey(), path.getValue()));
            document.path("components").fields().forEachRemaining(section -> {
                ObjectNode target = components.has(section.getKey()) ? (ObjectNode) components.get(section.getKey())
                        : components.putObject(section.getKey());
                section.getValue().fields().forEachRemaining(component -> target.set(component.getKey(), component.getValue()));
            });
            for (JsonNode tag : document.path("tags")) {
                tags.putIfAbsent(tag.path("name").asText(), tag);
            }
        }
        describeEveryOperation(paths);
        if (!components.isEmpty()) {
            merged.set("components", components);
        }
        // one server: the gateway itself; authentication is optional at the root (public reads), operations that
        // need it say so themselves
        merged.putArray("servers").addObject().put("url", "/").put("description", "the Agora gateway");
        ArrayNode security = merged.putArray("security");
        components.path("securitySchemes").fieldNames().forEachRemaining(scheme -> security.addObject().putArray(scheme));
        security.addObject();
        if (!tags.isEmpty()) {
            ArrayNode tagList = merged.putArray("tags");
            tags.values().forEach(tagList::add);
        }
        if (!unavailable.isEmpty()) {
            ArrayNode missing = merged.putArray("x-agora-unavailable");
            unavailable.forEach(missing::add);
        }
        return merged;
    }

    /** An operation without a summary gets {@code METHOD path}: every operation is listed by something readable. */
    private static void describeEveryOperation(ObjectNode paths) {
        paths.fields().forEachRemaining(path -> path.getValue().fields().forEachRemaining(operation -> {
            if (operation.getValue() instanceof ObjectNode details && !details.hasNonNull("summary")
                    && List.of("get", "put", "post", "delete", "options", "head", "patch", "trace").contains(operation.getKey())) {
                details.put("summary", operation.getKey().toUpperCase(java.util.Locale.ROOT) + " " + path.getKey());
            }
        }));
    }

    /** Renames this document's components whose names are already taken by a different definition. */
    private JsonNode renameConflicts(String service, JsonNode document, ObjectNode components) {
        String text = document.toString();
        boolean renamed = false;
        Iterator<Map.Entry<String, JsonNode>> sections = document.path("components").fields();
        while (sections.hasNext()) {
            Map.Entry<String, JsonNode> section = sections.next();
            JsonNode existing = components.path(section.getKey());
            Iterator<Map.Entry<String, JsonNode>> items = section.getValue().fields();
            while (items.hasNext()) {
                Map.Entry<String, JsonNode> item = items.next();
                if (existing.has(item.getKey()) && !existing.get(item.getKey()).equals(item.getValue())) {
                    String prefix = "#/components/" + section.getKey() + "/";
                    text = text.replace("\"" + prefix + item.getKey() + "\"", "\"" + prefix + service + "_" + item.getKey() + "\"");
                    renamed = true;
                }
            }
        }
        if (!renamed) {
            return document;
        }
        try {
            ObjectNode copy = (ObjectNode) mapper.readTree(text);
            ObjectNode copyComponents = (ObjectNode) copy.path("components");
            copyComponents.fields().forEachRemaining(section -> {
                ObjectNode items = (ObjectNode) section.getValue();
                JsonNode existing = components.path(section.getKey());
                List<String> names = new ArrayList<>();
                items.fieldNames().forEachRemaining(names::add);
                for (String name : names) {
                    if (existing.has(name) && !existing.get(name).equals(items.get(name))) {
                        items.set(service + "_" + name, items.remove(name));
                    }
                }
            });
            return copy;
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }
}
