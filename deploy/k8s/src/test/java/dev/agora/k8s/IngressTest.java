package dev.agora.k8s;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** The gateway's Ingress: TLS for every host, certificate from cert-manager, backend on the gateway's http port. */
class IngressTest {

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

    @Test
    void devAndProdServeDifferentHosts() {
        Set<String> hosts = new HashSet<>();
        for (String o : Agora.OVERLAYS) {
            Yaml.maps(Rendered.overlay(o).only("Ingress"), "spec", "rules").forEach(rule -> hosts.add(Yaml.str(rule, "host")));
        }
        assertEquals(Agora.OVERLAYS.size(), hosts.size(), "each overlay should set its own host: " + hosts);
    }
}
