package dev.agora.k8s;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** Replicas, autoscaling, disruption budgets and spreading: dev is small, prod survives a node going away. */
class ScalingTest {

    @Test
    void devRunsOneReplicaOfEveryServiceWithoutAutoscalers() {
        Rendered dev = Rendered.overlay("dev");
        for (String service : Agora.SERVICES) {
            assertEquals(1, Yaml.integer(dev.deployment(service), "spec", "replicas"), "dev/" + service + ": replicas");
        }
        assertTrue(dev.ofKind("HorizontalPodAutoscaler").isEmpty(), "dev: no HPA expected");
    }

    @ParameterizedTest(name = "{0}/{1}: at least 2 pods, scaled on CPU by an HPA that owns the replica count")
    @MethodSource("dev.agora.k8s.Agora#prodServices")
    void runsAtLeastTwoPodsScaledOnCpu(String overlay, String service) {
        Rendered r = Rendered.overlay(overlay);
        String where = overlay + "/" + service;
        Map<String, Object> hpa = hpaFor(r, service);
        int min = Yaml.integer(hpa, "spec", "minReplicas") == null ? 1 : Yaml.integer(hpa, "spec", "minReplicas");
        assertTrue(min >= 2, where + ": HPA minReplicas " + min);
        assertTrue(Yaml.integer(hpa, "spec", "maxReplicas") > min, where + ": HPA cannot scale out");
        assertTrue(Yaml.maps(hpa, "spec", "metrics").stream().anyMatch(m -> "Resource".equals(Yaml.str(m, "type"))
                && "cpu".equals(Yaml.str(m, "resource", "name"))
                && "Utilization".equals(Yaml.str(m, "resource", "target", "type"))), where + ": HPA does not scale on CPU");
        Integer replicas = Yaml.integer(r.deployment(service), "spec", "replicas");
        assertTrue(replicas == null || replicas >= 2, where + ": Deployment pins " + replicas + " replicas");
        assertTrue(Yaml.at(r.container(service), "resources", "requests", "cpu") != null,
                where + ": CPU utilization needs a CPU request");
    }

    @ParameterizedTest(name = "{0}/{1}: a PodDisruptionBudget lets a drain evict one pod and keeps the others")
    @MethodSource("dev.agora.k8s.Agora#prodServices")
    void hasADisruptionBudget(String overlay, String service) {
        Rendered r = Rendered.overlay(overlay);
        String where = overlay + "/" + service;
        List<Map<String, Object>> pdbs = r.ofKind("PodDisruptionBudget").stream()
                .filter(p -> !Selectors.isEmpty(Yaml.map(p, "spec", "selector"))
                        && Selectors.matches(Yaml.map(p, "spec", "selector"), r.podLabels(service)))
                .toList();
        assertEquals(1, pdbs.size(), where + ": PodDisruptionBudgets selecting the pods");
        Map<String, Object> spec = Yaml.map(pdbs.get(0), "spec");
        int min = Yaml.integer(hpaFor(r, service), "spec", "minReplicas");
        Integer maxUnavailable = Yaml.integer(spec, "maxUnavailable");
        Integer minAvailable = Yaml.integer(spec, "minAvailable");
        if (maxUnavailable != null) {
            assertTrue(maxUnavailable >= 1 && maxUnavailable < min, where + ": maxUnavailable " + maxUnavailable);
        } else if (minAvailable != null) {
            assertTrue(minAvailable >= 1 && minAvailable < min, where + ": minAvailable " + minAvailable);
        } else {
            fail(where + ": the PDB needs an integer maxUnavailable or minAvailable");
        }
    }

    @ParameterizedTest(name = "{0}/{1}: pod anti-affinity spreads the pods over nodes (kubernetes.io/hostname)")
    @MethodSource("dev.agora.k8s.Agora#prodServices")
    void spreadsItsPodsOverNodes(String overlay, String service) {
        Rendered r = Rendered.overlay(overlay);
        Map<String, Object> antiAffinity = Yaml.map(r.podSpec(service), "affinity", "podAntiAffinity");
        List<Map<String, Object>> terms = new ArrayList<>(Yaml.maps(antiAffinity,
                "requiredDuringSchedulingIgnoredDuringExecution"));
        Yaml.maps(antiAffinity, "preferredDuringSchedulingIgnoredDuringExecution")
                .forEach(w -> terms.add(Yaml.map(w, "podAffinityTerm")));
        assertTrue(terms.stream().anyMatch(t -> "kubernetes.io/hostname".equals(Yaml.str(t, "topologyKey"))
                && !Selectors.isEmpty(Yaml.map(t, "labelSelector"))
                && r.servicesSelectedBy(Yaml.map(t, "labelSelector")).equals(List.of(service))),
                overlay + "/" + service + ": no hostname anti-affinity term selecting its own pods (and only them)");
    }

    @ParameterizedTest(name = "prod/{1}: requests more CPU and memory than dev")
    @MethodSource("dev.agora.k8s.Agora#prodServices")
    void prodGetsMoreResourcesThanDev(String overlay, String service) {
        Map<String, Object> prod = Yaml.map(Rendered.overlay("prod").container(service), "resources");
        Map<String, Object> dev = Yaml.map(Rendered.overlay("dev").container(service), "resources");
        for (String kind : List.of("requests", "limits")) {
            assertTrue(Quantity.cpu(Yaml.str(prod, kind, "cpu")) >= Quantity.cpu(Yaml.str(dev, kind, "cpu")),
                    service + ": prod cpu " + kind);
            assertTrue(Quantity.bytes(Yaml.str(prod, kind, "memory")) > Quantity.bytes(Yaml.str(dev, kind, "memory")),
                    service + ": prod memory " + kind);
        }
        assertTrue(Quantity.cpu(Yaml.str(prod, "requests", "cpu")) > Quantity.cpu(Yaml.str(dev, "requests", "cpu")),
                service + ": prod cpu request");
    }

    private static Map<String, Object> hpaFor(Rendered r, String service) {
        List<Map<String, Object>> hpas = r.ofKind("HorizontalPodAutoscaler").stream()
                .filter(h -> "Deployment".equals(Yaml.str(h, "spec", "scaleTargetRef", "kind"))
                        && service.equals(Yaml.str(h, "spec", "scaleTargetRef", "name")))
                .toList();
        assertFalse(hpas.isEmpty(), r.overlay + "/" + service + ": no HorizontalPodAutoscaler targets its Deployment");
        assertEquals(1, hpas.size(), r.overlay + "/" + service + ": more than one HPA");
        return hpas.get(0);
    }

    /** Kubernetes resource quantities, the few forms the manifests use. */
    static final class Quantity {
        private Quantity() {
        }

        static double cpu(String q) {
            if (q == null) {
                return fail("cpu quantity missing");
            }
            return q.endsWith("m") ? Double.parseDouble(q.substring(0, q.length() - 1)) / 1000 : Double.parseDouble(q);
        }

        static double bytes(String q) {
            if (q == null) {
                return fail("memory quantity missing");
            }
            String[][] units = {{"Ki", "1024"}, {"Mi", "1048576"}, {"Gi", "1073741824"}, {"k", "1000"}, {"M", "1e6"},
                    {"G", "1e9"}};
            for (String[] u : units) {
                if (q.endsWith(u[0])) {
                    return Double.parseDouble(q.substring(0, q.length() - u[0].length())) * Double.parseDouble(u[1]);
                }
            }
            return Double.parseDouble(q);
        }
    }
}
