package dev.agora.k8s;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** deploy/observability: Prometheus scrapes every service's metrics where they are served, the management port. */
class ObservabilityTest {

    @ParameterizedTest(name = "{0}/{1}: the PodMonitor scrapes /q/metrics on the management port")
    @MethodSource("dev.agora.k8s.Agora#overlaysAndServices")
    void podMonitorScrapesTheManagementPort(String overlay, String service) {
        Rendered r = Rendered.overlay(overlay);
        List<Map<String, Object>> monitors = Rendered.parse(Rendered.kustomize(Agora.root().resolve("deploy/observability")))
                .stream().filter(doc -> "PodMonitor".equals(Yaml.kind(doc))).toList();
        assertEquals(1, monitors.size(), "PodMonitors in deploy/observability");
        Map<String, Object> monitor = monitors.get(0);
        assertTrue(Selectors.matches(Yaml.map(monitor, "spec", "selector"), r.podLabels(service)),
                overlay + "/" + service + ": the PodMonitor does not select its pods");
        List<Map<String, Object>> endpoints = Yaml.maps(monitor, "spec", "podMetricsEndpoints");
        assertFalse(endpoints.isEmpty(), "the PodMonitor has no endpoint");
        for (Map<String, Object> endpoint : endpoints) {
            assertEquals("/q/metrics", Yaml.str(endpoint, "path"));
            assertEquals(r.managementPort(service), r.resolvePort(service, Yaml.str(endpoint, "port")),
                    overlay + "/" + service + ": the PodMonitor scrapes port " + Yaml.str(endpoint, "port")
                            + ", not the management port");
        }
    }
}
