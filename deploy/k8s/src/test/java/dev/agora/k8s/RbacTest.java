package dev.agora.k8s;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.util.List;
import java.util.Map;
import java.util.Set;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** Service accounts and RBAC: only deployment-service talks to the Kubernetes API, and only in the agents' namespace. */
class RbacTest {

    private static final List<String> MANAGE = List.of("get", "list", "watch", "create", "update", "patch", "delete");
    private static final List<String> READ = List.of("get", "list", "watch");

    @ParameterizedTest(name = "{0}: deployment-service may manage agent Deployments, Services, Ingresses and Secrets and read Pods, Events and ReplicaSets, in the agents' namespace only")
    @MethodSource("dev.agora.k8s.Agora#overlays")
    void deploymentServiceManagesAgentWorkloadsInTheAgentsNamespaceOnly(String overlay) {
        Rendered r = Rendered.overlay(overlay);
        String agoraNamespace = r.namespace();
        assertTrue(r.ofKind("ClusterRole").isEmpty() && r.ofKind("ClusterRoleBinding").isEmpty(),
                overlay + ": nothing cluster-wide");

        List<Map<String, Object>> bindings = r.ofKind("RoleBinding");
        assertEquals(1, bindings.size(), overlay + ": RoleBindings");
        Map<String, Object> binding = bindings.get(0);
        String agentsNamespace = Yaml.str(binding, "metadata", "namespace");
        assertNotEquals(agoraNamespace, agentsNamespace, overlay + ": the driver's rights belong in the agents' namespace");
        assertTrue(r.ofKind("Namespace").stream().anyMatch(n -> agentsNamespace.equals(Yaml.name(n))),
                overlay + ": the agents' namespace " + agentsNamespace + " is not rendered");
        List<Map<String, Object>> subjects = Yaml.maps(binding, "subjects");
        assertEquals(1, subjects.size(), overlay + ": RoleBinding subjects");
        assertEquals("ServiceAccount", Yaml.str(subjects.get(0), "kind"));
        assertEquals(Yaml.str(r.podSpec("deployment-service"), "serviceAccountName"), Yaml.str(subjects.get(0), "name"),
                overlay + ": bound to another ServiceAccount than deployment-service's");
        assertEquals(agoraNamespace, Yaml.str(subjects.get(0), "namespace"), overlay + ": subject's namespace");
        assertEquals("Role", Yaml.str(binding, "roleRef", "kind"));

        Map<String, Object> role = r.ofKind("Role").stream()
                .filter(ro -> Yaml.str(binding, "roleRef", "name").equals(Yaml.name(ro))
                        && agentsNamespace.equals(Yaml.str(ro, "metadata", "namespace")))
                .findFirst().orElseGet(() -> fail(overlay + ": the bound Role is not in " + agentsNamespace));
        assertEquals(1, r.ofKind("Role").size(), overlay + ": Roles");
        List<Map<String, Object>> rules = Yaml.maps(role, "rules");
        for (Map<String, Object> rule : rules) {
            assertFalse(Yaml.list(rule, "verbs").contains("*") || Yaml.list(rule, "resources").contains("*")
                    || Yaml.list(rule, "apiGroups").contains("*"), overlay + ": wildcard in " + rule);
        }
        assertAllowed(rules, "apps", "deployments", MANAGE, overlay);
        assertAllowed(rules, "", "services", MANAGE, overlay);
        assertAllowed(rules, "", "secrets", MANAGE, overlay);
        assertAllowed(rules, "networking.k8s.io", "ingresses", MANAGE, overlay);
        assertAllowed(rules, "", "pods", READ, overlay);
        assertAllowed(rules, "", "events", READ, overlay);
        assertAllowed(rules, "apps", "replicasets", READ, overlay);
        for (Map<String, Object> rule : rules) {
            boolean writes = Yaml.list(rule, "verbs").stream().anyMatch(v -> !READ.contains(v));
            if (writes) {
                Set<Object> writable = Set.of("deployments", "services", "secrets", "ingresses");
                assertTrue(writable.containsAll(Yaml.list(rule, "resources")), overlay + ": writes beyond the agents' workloads: " + rule);
            }
        }
    }

    @ParameterizedTest(name = "{0}/{1}: has its own ServiceAccount; only deployment-service gets an API token")
    @MethodSource("dev.agora.k8s.Agora#overlaysAndServices")
    void onlyDeploymentServiceGetsAnApiToken(String overlay, String service) {
        Rendered r = Rendered.overlay(overlay);
        String account = Yaml.str(r.podSpec(service), "serviceAccountName");
        assertEquals(service, account, overlay + "/" + service + ": ServiceAccount");
        Map<String, Object> sa = r.get("ServiceAccount", account);
        Object podLevel = Yaml.at(r.podSpec(service), "automountServiceAccountToken");
        boolean mounted = podLevel != null ? Boolean.TRUE.equals(podLevel)
                : !Boolean.FALSE.equals(Yaml.at(sa, "automountServiceAccountToken"));
        assertEquals(service.equals("deployment-service"), mounted, overlay + "/" + service + ": API token mounted");
    }

    private static void assertAllowed(List<Map<String, Object>> rules, String group, String resource, List<String> verbs,
            String overlay) {
        for (String verb : verbs) {
            assertTrue(rules.stream().anyMatch(rule -> Yaml.list(rule, "apiGroups").contains(group)
                    && Yaml.list(rule, "resources").contains(resource) && Yaml.list(rule, "verbs").contains(verb)),
                    overlay + ": deployment-service may not " + verb + " " + resource);
        }
    }
}
