package dev.agora.k8s;

import static org.junit.jupiter.api.Assertions.fail;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.constructor.SafeConstructor;

/**
 * An overlay as `kubectl kustomize deploy/k8s/overlays/<name>` renders it (offline), parsed; rendered once per
 * overlay and JVM. The kubectl binary is taken from -Dagora.kubectl, then $KUBECTL, then the PATH.
 */
final class Rendered {

    /** A rendered overlay, or the message of why it could not be rendered (so kubectl runs once per overlay). */
    private static final Map<String, Object> CACHE = new ConcurrentHashMap<>();

    final String overlay;
    final List<Map<String, Object>> resources;

    private Rendered(String overlay, List<Map<String, Object>> resources) {
        this.overlay = overlay;
        this.resources = resources;
    }

    static Rendered overlay(String name) {
        Object result = CACHE.computeIfAbsent(name, n -> {
            try {
                return new Rendered(n, parse(kustomize(Agora.k8s().resolve("overlays").resolve(n))));
            } catch (AssertionError | RuntimeException e) {
                return e.getMessage();
            }
        });
        return result instanceof Rendered r ? r : fail(String.valueOf(result));
    }

    static String kubectl() {
        String configured = System.getProperty("agora.kubectl");
        if (configured == null || configured.isBlank()) {
            configured = System.getenv("KUBECTL");
        }
        return configured == null || configured.isBlank() ? "kubectl" : configured;
    }

    static String kustomize(Path dir) {
        String kubectl = kubectl();
        Process process;
        try {
            process = new ProcessBuilder(kubectl, "kustomize", dir.toString()).start();
        } catch (IOException e) {
            return fail("kubectl is needed to render the Kustomize overlays and was not found (tried `" + kubectl
                    + "`): install kubectl >= 1.27 (it bundles Kustomize 5 and renders offline), or point "
                    + "-Dagora.kubectl / $KUBECTL at it. Cause: " + e.getMessage());
        }
        try {
            process.getOutputStream().close();
            CompletableFuture<String> out = CompletableFuture.supplyAsync(() -> read(process.getInputStream()));
            CompletableFuture<String> err = CompletableFuture.supplyAsync(() -> read(process.getErrorStream()));
            if (!process.waitFor(120, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                return fail("`" + kubectl + " kustomize " + dir + "` did not finish within 120 s");
            }
            String stdout = out.get(10, TimeUnit.SECONDS);
            String stderr = err.get(10, TimeUnit.SECONDS);
            if (process.exitValue() != 0) {
                return fail("`" + kubectl + " kustomize " + dir + "` failed (exit " + process.exitValue() + "):\n"
                        + stderr);
            }
            return stdout;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        } catch (Exception e) {
            throw new IllegalStateException("rendering " + dir + " failed", e);
        }
    }

    private static String read(InputStream in) {
        try (in) {
            ByteArrayOutputStream bytes = new ByteArrayOutputStream();
            in.transferTo(bytes);
            return bytes.toString(StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @SuppressWarnings("unchecked")
    static List<Map<String, Object>> parse(String yaml) {
        org.yaml.snakeyaml.Yaml parser = new org.yaml.snakeyaml.Yaml(new SafeConstructor(new LoaderOptions()));
        List<Map<String, Object>> docs = new ArrayList<>();
        for (Object doc : parser.loadAll(yaml)) {
            if (doc instanceof Map<?, ?> map) {
                docs.add((Map<String, Object>) map);
            }
        }
        return List.copyOf(docs);
    }

    List<Map<String, Object>> ofKind(String kind) {
        return resources.stream().filter(r -> kind.equals(Yaml.kind(r))).toList();
    }

    Optional<Map<String, Object>> find(String kind, String name) {
        return ofKind(kind).stream().filter(r -> name.equals(Yaml.name(r))).findFirst();
    }

    Map<String, Object> get(String kind, String name) {
        return find(kind, name).orElseGet(() -> fail(overlay + ": no " + kind + " named " + name + " is rendered"));
    }

    /** The single resource of a kind (Kafka, Cluster), failing if there is none or more than one. */
    Map<String, Object> only(String kind) {
        List<Map<String, Object>> all = ofKind(kind);
        if (all.size() != 1) {
            fail(overlay + ": expected exactly one " + kind + ", found " + all.size());
        }
        return all.get(0);
    }

    /** Agora's namespace: the one the service Deployments are in. */
    String namespace() {
        return Yaml.str(get("Deployment", Agora.GATEWAY), "metadata", "namespace");
    }

    // --- the service workloads

    Map<String, Object> deployment(String service) {
        return get("Deployment", service);
    }

    Map<String, Object> podTemplate(String service) {
        return Yaml.map(deployment(service), "spec", "template");
    }

    Map<String, Object> podLabels(String service) {
        return Yaml.map(podTemplate(service), "metadata", "labels");
    }

    Map<String, Object> podSpec(String service) {
        return Yaml.map(podTemplate(service), "spec");
    }

    /** The service's container: the one named after it, or the only one. */
    Map<String, Object> container(String service) {
        List<Map<String, Object>> containers = Yaml.maps(podSpec(service), "containers");
        return containers.stream().filter(c -> service.equals(Yaml.str(c, "name"))).findFirst()
                .orElseGet(() -> containers.size() == 1 ? containers.get(0)
                        : fail(overlay + "/" + service + ": no container named " + service));
    }

    /** The container port named http, which the probes and the Service use. */
    int httpPort(String service) {
        return Yaml.maps(container(service), "ports").stream().filter(p -> "http".equals(Yaml.str(p, "name")))
                .map(p -> Yaml.integer(p, "containerPort")).findFirst()
                .orElseGet(() -> fail(overlay + "/" + service + ": no container port named http"));
    }

    /** The container port named management: health, metrics and OpenAPI (the probes and Prometheus use it). */
    int managementPort(String service) {
        return Yaml.maps(container(service), "ports").stream().filter(p -> "management".equals(Yaml.str(p, "name")))
                .map(p -> Yaml.integer(p, "containerPort")).findFirst()
                .orElseGet(() -> fail(overlay + "/" + service + ": no container port named management"));
    }

    /** A probe's or Service's port (a number or a container port name) as a number, or null if unknown. */
    Integer resolvePort(String service, Object port) {
        if (port instanceof Number n) {
            return n.intValue();
        }
        if (port instanceof String name) {
            if (name.matches("\\d+")) {
                return Integer.valueOf(name);
            }
            return Yaml.maps(container(service), "ports").stream().filter(p -> name.equals(Yaml.str(p, "name")))
                    .map(p -> Yaml.integer(p, "containerPort")).findFirst().orElse(null);
        }
        return null;
    }

    /** The Deployment (service workload) whose pods a selector selects, if any. */
    List<String> servicesSelectedBy(Map<String, Object> selector) {
        return Agora.SERVICES.stream().filter(s -> Selectors.matches(selector, podLabels(s))).toList();
    }

    Env env(String service) {
        return Env.of(this, service);
    }
}
