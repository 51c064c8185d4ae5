package dev.agora.k8s;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The gateway's Ingress: TLS for every host, certificate from cert-manager, the gateway's API paths to its http port
 * and nothing else (never the management endpoints under /q).
 */
class IngressTest {

    @ParameterizedTest(name = "{0}: mailed links open the Ingress host over https, and the mail relay's login is a Secret")
    @MethodSource("dev.agora.k8s.Agora#overlays")
    void mailedLinksOpenTheIngressHostAndTheRelayLoginIsASecret(String overlay) {
        Rendered r = Rendered.overlay(overlay);
        String host = Yaml.str(Yaml.maps(r.ofKind("Ingress").get(0), "spec", "rules").get(0), "host");
        Env gateway = r.env(Agora.GATEWAY);
        assertEquals("https://" + host, gateway.value("AGORA_FRONTEND_URL"), overlay + ": where mailed links open");
        for (String name : List.of("AGORA_SMTP_HOST", "AGORA_SMTP_USERNAME", "AGORA_SMTP_PASSWORD")) {
            Env.Source source = gateway.source(name).orElseThrow(() -> new AssertionError(overlay + ": " + name + " unset"));
            assertEquals("agora-smtp", source.secret(), overlay + ": " + name);
        }
    }

    @ParameterizedTest(name = "{0}: agents call back about their tasks, and read their cards' provider, at the Ingress host")
    @MethodSource("dev.agora.k8s.Agora#overlays")
    void agentsCallBackAtTheIngressHost(String overlay) {
        Rendered r = Rendered.overlay(overlay);
        String host = Yaml.str(Yaml.maps(r.ofKind("Ingress").get(0), "spec", "rules").get(0), "host");
        assertEquals("https://" + host, r.env("agent-service").value("AGORA_PUBLIC_URL"), overlay);
    }

    @ParameterizedTest(name = "{0}: the gateway Ingress serves its host over TLS with a cert-manager certificate")
    @MethodSource("dev.agora.k8s.Agora#overlays")
    void gatewayIsServedOverTls(String overlay) {
        Rendered r = Rendered.overlay(overlay);
        List<Map<String, Object>> ingresses = r.ofKind("Ingress");
        assertEquals(1, ingresses.size(), overlay + ": Ingresses");
        Map<String, Object> ingress = ingresses.get(0);
        assertNotNull(Yaml.str(ingress, "metadata", "annotations", "cert-manager.io/cluster-issuer"),
                overlay + ": no cert-manager issuer annotation");
        Set<String> hosts = new HashSet<>();
        Yaml.maps(ingress, "spec", "rules").forEach(rule -> hosts.add(Yaml.str(rule, "host")));
        assertFalse(hosts.isEmpty() || hosts.contains(null), overlay + ": every rule needs a host");
        Set<String> tlsHosts = new HashSet<>();
        for (Map<String, Object> tls : Yaml.maps(ingress, "spec", "tls")) {
            assertNotNull(Yaml.str(tls, "secretName"), overlay + ": TLS entry without secretName");
            Yaml.list(tls, "hosts").forEach(h -> tlsHosts.add(String.valueOf(h)));
        }
        assertTrue(tlsHosts.containsAll(hosts), overlay + ": hosts without TLS: " + hosts + " vs " + tlsHosts);
        for (Map<String, Object> rule : Yaml.maps(ingress, "spec", "rules")) {
            for (Map<String, Object> path : Yaml.maps(rule, "http", "paths")) {
                Map<String, Object> backend = Yaml.map(path, "backend", "service");
                assertEquals(Agora.GATEWAY, Yaml.str(backend, "name"));
                Map<String, Object> svc = r.get("Service", Agora.GATEWAY);
                boolean portExists = Yaml.maps(svc, "spec", "ports").stream().anyMatch(p ->
                        (Yaml.str(backend, "port", "name") != null && Yaml.str(backend, "port", "name").equals(Yaml.str(p, "name")))
                                || (Yaml.integer(backend, "port", "number") != null
                                        && Yaml.integer(backend, "port", "number").equals(Yaml.integer(p, "port"))));
                assertTrue(portExists, overlay + ": the Ingress backend port is not a port of the gateway Service");
            }
        }
    }

    @ParameterizedTest(name = "{0}: the Ingress routes the gateway's API paths to its http port, and never /q")
    @MethodSource("dev.agora.k8s.Agora#overlays")
    void routesTheApiButNeverTheManagementEndpoints(String overlay) {
        Rendered r = Rendered.overlay(overlay);
        List<Map<String, Object>> paths = new ArrayList<>();
        Yaml.maps(r.only("Ingress"), "spec", "rules").forEach(rule -> paths.addAll(Yaml.maps(rule, "http", "paths")));
        assertNull(Yaml.at(r.only("Ingress"), "spec", "defaultBackend"), overlay + ": a default backend routes everything");
        for (Map<String, Object> path : paths) {
            String where = overlay + ": Ingress path " + Yaml.str(path, "path");
            for (String management : List.of("/q", "/q/health/ready", "/q/metrics", "/q/openapi", "/q/swagger-ui")) {
                assertFalse(matches(path, management), where + " routes " + management);
            }
            Object port = Yaml.str(path, "backend", "service", "port", "name") != null
                    ? Yaml.str(path, "backend", "service", "port", "name")
                    : Yaml.integer(path, "backend", "service", "port", "number");
            Map<String, Object> servicePort = Yaml.maps(r.get("Service", Agora.GATEWAY), "spec", "ports").stream()
                    .filter(p -> port.equals(Yaml.str(p, "name")) || port.equals(Yaml.integer(p, "port"))).findFirst()
                    .orElseGet(() -> fail(where + ": not a port of the gateway Service"));
            assertEquals(r.httpPort(Agora.GATEWAY), r.resolvePort(Agora.GATEWAY, servicePort.get("targetPort")),
                    where + ": does not reach the gateway's http port");
        }
        for (String entry : gatewayEntryPoints()) {
            assertTrue(paths.stream().anyMatch(p -> matches(p, entry)), overlay + ": the gateway serves " + entry
                    + " but the Ingress does not route it");
        }
    }

    /** Whether an Ingress path rule sends this request path to its backend (Prefix: whole path elements). */
    private static boolean matches(Map<String, Object> rule, String requestPath) {
        String path = Yaml.str(rule, "path");
        String type = Yaml.str(rule, "pathType");
        if ("Exact".equals(type)) {
            return requestPath.equals(path);
        }
        String prefix = path.endsWith("/") ? path.substring(0, path.length() - 1) : path;
        return prefix.isEmpty() || requestPath.equals(prefix) || requestPath.startsWith(prefix + "/")
                || ("ImplementationSpecific".equals(type) && requestPath.startsWith(path));
    }

    /** The first path element of every resource the gateway serves (its {@code @Path} classes) and of its proxy routes. */
    private static Set<String> gatewayEntryPoints() {
        Path sources = Agora.root().resolve("gateway/src/main/java");
        Pattern classPath = Pattern.compile("@Path\\(\"(/[^/\"]*)[^\"]*\"\\)\\s*(@[^\\n]*\\s*)*public class");
        Set<String> entries = new TreeSet<>(Set.of("/api"));
        try (Stream<Path> files = Files.walk(sources)) {
            for (Path file : (Iterable<Path>) files.filter(f -> f.toString().endsWith(".java"))::iterator) {
                Matcher m = classPath.matcher(Files.readString(file));
                while (m.find()) {
                    entries.add(m.group(1));
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        assertTrue(entries.containsAll(Set.of("/auth", "/openapi", "/.well-known")), "gateway resources found: " + entries);
        return entries;
    }

    @Test
    void devAndProdServeDifferentHosts() {
        Set<String> hosts = new HashSet<>();
        for (String o : Agora.OVERLAYS) {
            Yaml.maps(Rendered.overlay(o).only("Ingress"), "spec", "rules").forEach(rule -> hosts.add(Yaml.str(rule, "host")));
        }
        assertEquals(Agora.OVERLAYS.size(), hosts.size(), "each overlay should set its own host: " + hosts);
    }
}
