package dev.agora.k8s;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The NetworkPolicy model: ingress denied by default; only the gateway accepts traffic from outside (the ingress
 * controller's namespace, on its http port only); the other services accept the gateway (http, and management for
 * their OpenAPI documents); Prometheus scrapes the management port, never the http port; each service
 * sends only to DNS, its database and Kafka (the gateway also to the services, deployment-service also to the API
 * server). Peers are evaluated against the label sets of the pods and namespaces involved.
 */
class NetworkPolicyTest {
    /** What trigger-service's egress to the internet must leave out (RFC 1918, shared, loopback, link-local). */
    private static final List<String> PRIVATE_RANGES = List.of("10.0.0.0/8", "172.16.0.0/12", "192.168.0.0/16",
            "100.64.0.0/10", "127.0.0.0/8", "169.254.0.0/16");


    static final String INGRESS_NAMESPACE = "ingress-nginx";
    static final String MONITORING_NAMESPACE = "monitoring";
    static final Map<String, Object> SOME_OTHER_POD = Map.of("app", "something-else");
    static final String SOME_OTHER_NAMESPACE = "someone-elses-namespace";

    @ParameterizedTest(name = "{0}: ingress is denied by default to every pod of Agora's namespace")
    @MethodSource("dev.agora.k8s.Agora#overlays")
    void ingressIsDeniedByDefault(String overlay) {
        Rendered r = Rendered.overlay(overlay);
        assertTrue(policies(r).stream().anyMatch(p -> Selectors.isEmpty(Yaml.map(p, "spec", "podSelector"))
                && types(p).contains("Ingress") && Yaml.list(p, "spec", "ingress").isEmpty()),
                overlay + ": no default-deny ingress policy (podSelector {}, policyTypes [Ingress], no rules)");
    }

    @ParameterizedTest(name = "{0}: only the gateway is reachable from outside (ingress controller namespace, no NodePort or LoadBalancer, Ingress to the gateway only)")
    @MethodSource("dev.agora.k8s.Agora#overlays")
    void onlyTheGatewayIsReachableFromOutside(String overlay) {
        Rendered r = Rendered.overlay(overlay);
        for (String service : Agora.SERVICES) {
            boolean fromIngressController = ingressPeers(r, service).stream()
                    .anyMatch(p -> p.admitsNamespace(INGRESS_NAMESPACE) && p.ports.contains(r.httpPort(service)));
            assertEquals(service.equals(Agora.GATEWAY), fromIngressController,
                    overlay + "/" + service + ": accepts the ingress controller's namespace");
        }
        for (Map<String, Object> svc : r.ofKind("Service")) {
            String type = Yaml.str(svc, "spec", "type");
            assertTrue(type == null || type.equals("ClusterIP"), overlay + ": Service " + Yaml.name(svc) + " is " + type);
        }
        for (Map<String, Object> ingress : r.ofKind("Ingress")) {
            Set<String> backends = new HashSet<>();
            Yaml.maps(ingress, "spec", "rules").forEach(rule -> Yaml.maps(rule, "http", "paths")
                    .forEach(p -> backends.add(Yaml.str(p, "backend", "service", "name"))));
            if (Yaml.at(ingress, "spec", "defaultBackend") != null) {
                backends.add(Yaml.str(ingress, "spec", "defaultBackend", "service", "name"));
            }
            assertEquals(Set.of(Agora.GATEWAY), backends, overlay + ": Ingress " + Yaml.name(ingress) + " backends");
        }
    }

    @ParameterizedTest(name = "{0}/{1}: accepts only its expected peers: the ingress controller on http (gateway), the gateway (others), Prometheus on management")
    @MethodSource("dev.agora.k8s.Agora#overlaysAndServices")
    void acceptsOnlyItsExpectedPeers(String overlay, String service) {
        Rendered r = Rendered.overlay(overlay);
        String where = overlay + "/" + service;
        int http = r.httpPort(service);
        int management = r.managementPort(service);
        List<Peer> peers = ingressPeers(r, service);
        for (Peer p : peers) {
            assertFalse(p.everything, where + ": an ingress rule admits every source");
            assertFalse(p.ipBlock, where + ": an ingress rule admits an ipBlock");
            assertFalse(p.admitsNamespace(SOME_OTHER_NAMESPACE), where + ": admits any namespace");
            assertFalse(p.sameNamespace && p.admitsPod(SOME_OTHER_POD), where + ": admits any pod of the namespace");
            if (p.admitsNamespace(MONITORING_NAMESPACE)) {
                assertEquals(Set.of(management), p.ports, where + ": Prometheus gets the management port only");
            } else if (service.equals(Agora.GATEWAY)) {
                assertTrue(p.admitsNamespace(INGRESS_NAMESPACE), where + ": unexpected ingress peer " + p);
                assertEquals(Set.of(http), p.ports, where + ": the ingress controller gets the http port only");
            } else {
                assertTrue(p.sameNamespace && p.selectedServices.equals(List.of(Agora.GATEWAY)),
                        where + ": unexpected ingress peer " + p);
                assertTrue(Set.of(http, management).containsAll(p.ports), where + ": the gateway gets " + p.ports);
            }
        }
        if (!service.equals(Agora.GATEWAY)) {
            assertTrue(peers.stream().anyMatch(p -> p.sameNamespace && p.selectedServices.contains(Agora.GATEWAY)),
                    where + ": the gateway cannot reach it");
        }
        assertTrue(peers.stream().anyMatch(p -> p.admitsNamespace(MONITORING_NAMESPACE)),
                where + ": Prometheus cannot scrape it");
    }

    @ParameterizedTest(name = "{0}/{1}: sends only to DNS, its database and Kafka (gateway: also the services; deployment-service: also the API server)")
    @MethodSource("dev.agora.k8s.Agora#overlaysAndServices")
    void egressReachesOnlyDnsDatabaseAndKafka(String overlay, String service) {
        Rendered r = Rendered.overlay(overlay);
        String where = overlay + "/" + service;
        Map<String, Object> dbPod = Map.of("cnpg.io/cluster", Yaml.name(r.only("Cluster")), "cnpg.io/podRole", "instance");
        String kafka = Yaml.name(r.only("Kafka"));
        String pool = Yaml.name(r.ofKind("KafkaNodePool").get(0));
        Map<String, Object> brokerPod = Map.of("strimzi.io/cluster", kafka, "strimzi.io/kind", "Kafka",
                "strimzi.io/name", kafka + "-kafka", "strimzi.io/pool-name", pool, "strimzi.io/broker-role", "true");
        Set<Integer> kafkaPorts = new HashSet<>();
        Yaml.maps(r.only("Kafka"), "spec", "kafka", "listeners").forEach(l -> kafkaPorts.add(Yaml.integer(l, "port")));

        List<Map<String, Object>> egressPolicies = selecting(r, service, "Egress");
        assertFalse(egressPolicies.isEmpty(), where + ": no Egress policy selects it, so it may send anywhere");
        boolean dns = false;
        boolean db = false;
        boolean kafkaOk = false;
        Set<String> servicesReached = new HashSet<>();
        for (Map<String, Object> policy : egressPolicies) {
            for (Map<String, Object> rule : Yaml.maps(policy, "spec", "egress")) {
                Set<Integer> ports = ports(rule);
                String rw = where + " policy " + Yaml.name(policy);
                assertFalse(Yaml.list(rule, "to").isEmpty(), rw + ": an egress rule to every destination");
                assertFalse(ports.isEmpty(), rw + ": an egress rule to every port");
                for (Peer p : peers(r, Yaml.maps(rule, "to"), ports)) {
                    assertFalse(p.admitsNamespace(SOME_OTHER_NAMESPACE), rw + ": egress to any namespace");
                    if (p.ipBlock && service.equals("trigger-service")) {
                        // action delivery: public HTTP(S) receivers only, never the private ranges
                        assertTrue(Set.of(80, 443).containsAll(ports), rw + ": actions go out on 80/443, not " + ports);
                        assertTrue(p.except.containsAll(PRIVATE_RANGES), rw + ": private ranges not excepted: " + p.except);
                    } else if (p.ipBlock) {
                        assertEquals(service, "deployment-service", rw + ": only deployment-service and trigger-service "
                                + "leave the cluster");
                        assertFalse(p.cidr.equals("0.0.0.0/0") || p.cidr.equals("::/0"), rw + ": egress to anywhere");
                        assertTrue(Set.of(443, 6443).containsAll(ports), rw + ": API server ports are 443/6443, not " + ports);
                    } else if (p.admitsNamespace("kube-system") && !p.sameNamespace) {
                        assertTrue(p.admitsPod(Map.of("k8s-app", "kube-dns")) && !p.admitsPod(SOME_OTHER_POD),
                                rw + ": kube-system beyond the DNS pods");
                        assertEquals(Set.of(53), ports, rw + ": DNS is port 53");
                        dns = true;
                    } else if (p.sameNamespace && p.admitsPod(dbPod)) {
                        assertFalse(p.admitsPod(SOME_OTHER_POD) || p.admitsPod(brokerPod), rw + ": too broad a database peer");
                        assertEquals(Set.of(5432), ports, rw + ": PostgreSQL is port 5432");
                        db = true;
                    } else if (p.sameNamespace && p.admitsPod(brokerPod)) {
                        assertFalse(p.admitsPod(SOME_OTHER_POD) || p.admitsPod(dbPod), rw + ": too broad a Kafka peer");
                        assertTrue(kafkaPorts.containsAll(ports), rw + ": not a Kafka listener port: " + ports);
                        kafkaOk = true;
                    } else if (p.sameNamespace && !p.selectedServices.isEmpty() && !p.admitsPod(SOME_OTHER_POD)) {
                        assertEquals(Agora.GATEWAY, service, rw + ": only the gateway calls other services");
                        assertEquals(Set.of(8080, 9000), ports, rw + ": services listen on 8080 (API) and 9000 (OpenAPI)");
                        servicesReached.addAll(p.selectedServices);
                    } else {
                        throw new AssertionError(rw + ": unexpected egress peer " + p);
                    }
                }
            }
        }
        assertTrue(dns, where + ": cannot resolve names (no DNS egress)");
        assertTrue(db, where + ": cannot reach its database");
        assertTrue(kafkaOk, where + ": cannot reach Kafka");
        if (service.equals(Agora.GATEWAY)) {
            assertTrue(servicesReached.containsAll(Agora.SERVICES.subList(1, Agora.SERVICES.size())),
                    where + ": cannot reach all four services, only " + servicesReached);
        }
        if (service.equals("deployment-service")) {
            assertTrue(egressPolicies.stream().flatMap(p -> Yaml.maps(p, "spec", "egress").stream())
                    .anyMatch(rule -> Yaml.maps(rule, "to").stream().anyMatch(t -> t.containsKey("ipBlock"))),
                    where + ": cannot reach the Kubernetes API server");
        }
    }

    @ParameterizedTest(name = "{0}/{1}: the database and the Kafka listener accept it despite the default deny")
    @MethodSource("dev.agora.k8s.Agora#overlaysAndServices")
    void databaseAndKafkaAcceptTheService(String overlay, String service) {
        Rendered r = Rendered.overlay(overlay);
        Map<String, Object> dbPod = Map.of("cnpg.io/cluster", Yaml.name(r.only("Cluster")), "cnpg.io/podRole", "instance");
        boolean dbAdmits = policies(r).stream()
                .filter(p -> types(p).contains("Ingress") && Selectors.matches(Yaml.map(p, "spec", "podSelector"), dbPod))
                .flatMap(p -> Yaml.maps(p, "spec", "ingress").stream())
                .anyMatch(rule -> ports(rule).contains(5432) && peers(r, Yaml.maps(rule, "from"), ports(rule)).stream()
                        .anyMatch(peer -> peer.sameNamespace && peer.selectedServices.contains(service)));
        assertTrue(dbAdmits, overlay + "/" + service + ": no policy lets it reach PostgreSQL on 5432");
        for (Map<String, Object> listener : Yaml.maps(r.only("Kafka"), "spec", "kafka", "listeners")) {
            List<Map<String, Object>> peers = Yaml.maps(listener, "networkPolicyPeers");
            if (r.env(service).value("KAFKA_BOOTSTRAP_SERVERS").endsWith(":" + Yaml.str(listener, "port"))) {
                assertTrue(peers.isEmpty() || peers(r, peers, Set.of()).stream()
                        .anyMatch(peer -> peer.sameNamespace && peer.selectedServices.contains(service)),
                        overlay + "/" + service + ": listener " + Yaml.name(listener) + "'s networkPolicyPeers leave it out");
            }
        }
    }

    // --- evaluation

    /** One `from`/`to` entry of a rule, with what it admits. */
    static final class Peer {
        boolean everything;
        boolean ipBlock;
        String cidr;
        List<Object> except = List.of();
        boolean sameNamespace;
        Map<String, Object> namespaceSelector;
        Map<String, Object> podSelector;
        List<String> selectedServices = List.of();
        Set<Integer> ports = Set.of();
        private final String text;

        Peer(String text) {
            this.text = text;
        }

        boolean admitsNamespace(String name) {
            if (everything) {
                return true;
            }
            return namespaceSelector != null
                    && Selectors.matches(namespaceSelector, Map.of("kubernetes.io/metadata.name", name));
        }

        boolean admitsPod(Map<String, Object> labels) {
            return everything || (podSelector == null || Selectors.matches(podSelector, labels));
        }

        @Override
        public String toString() {
            return text + " ports " + ports;
        }
    }

    static List<Map<String, Object>> policies(Rendered r) {
        String ns = r.namespace();
        return r.ofKind("NetworkPolicy").stream().filter(p -> ns.equals(Yaml.str(p, "metadata", "namespace"))).toList();
    }

    static Set<String> types(Map<String, Object> policy) {
        Set<String> types = new HashSet<>();
        Yaml.list(policy, "spec", "policyTypes").forEach(t -> types.add(String.valueOf(t)));
        if (types.isEmpty()) {
            types.add("Ingress");
            if (Yaml.at(policy, "spec", "egress") != null) {
                types.add("Egress");
            }
        }
        return types;
    }

    static List<Map<String, Object>> selecting(Rendered r, String service, String type) {
        return policies(r).stream().filter(p -> types(p).contains(type)
                && Selectors.matches(Yaml.map(p, "spec", "podSelector"), r.podLabels(service))).toList();
    }

    static List<Peer> ingressPeers(Rendered r, String service) {
        List<Map<String, Object>> selecting = selecting(r, service, "Ingress");
        assertFalse(selecting.isEmpty(), r.overlay + "/" + service + ": no Ingress policy selects it: open to all");
        List<Peer> peers = new ArrayList<>();
        for (Map<String, Object> policy : selecting) {
            for (Map<String, Object> rule : Yaml.maps(policy, "spec", "ingress")) {
                Set<Integer> ports = ports(rule);
                if (Yaml.list(rule, "from").isEmpty()) {
                    Peer all = new Peer("everything (rule without `from`) in " + Yaml.name(policy));
                    all.everything = true;
                    all.ports = ports;
                    peers.add(all);
                } else {
                    peers.addAll(peers(r, Yaml.maps(rule, "from"), ports));
                }
            }
        }
        return peers;
    }

    static List<Peer> peers(Rendered r, List<Map<String, Object>> entries, Set<Integer> ports) {
        List<Peer> peers = new ArrayList<>();
        for (Map<String, Object> entry : entries) {
            Peer p = new Peer(String.valueOf(entry));
            p.ports = ports;
            if (entry.containsKey("ipBlock")) {
                p.ipBlock = true;
                p.cidr = Yaml.str(entry, "ipBlock", "cidr");
                Map<String, Object> block = Yaml.map(entry, "ipBlock");
                p.except = block.containsKey("except") ? Yaml.list(block, "except") : List.of();
            } else {
                p.namespaceSelector = entry.containsKey("namespaceSelector") ? Yaml.map(entry, "namespaceSelector") : null;
                p.podSelector = entry.containsKey("podSelector") ? Yaml.map(entry, "podSelector") : null;
                p.sameNamespace = p.namespaceSelector == null
                        || Selectors.matches(p.namespaceSelector, Map.of("kubernetes.io/metadata.name", r.namespace()));
                if (p.sameNamespace) {
                    p.selectedServices = Agora.SERVICES.stream().filter(s -> p.admitsPod(r.podLabels(s))).toList();
                }
            }
            peers.add(p);
        }
        return peers;
    }

    /** The numeric ports of a rule; a named port is resolved as the services' (http 8080, management 9000). */
    static Set<Integer> ports(Map<String, Object> rule) {
        Set<Integer> ports = new HashSet<>();
        for (Map<String, Object> port : Yaml.maps(rule, "ports")) {
            Object value = port.get("port");
            if (value instanceof Number n) {
                ports.add(n.intValue());
            } else if ("http".equals(value)) {
                ports.add(8080);
            } else if ("management".equals(value)) {
                ports.add(9000);
            } else {
                throw new AssertionError("unsupported port " + value + " in " + rule);
            }
        }
        return ports;
    }
}
