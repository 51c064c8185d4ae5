package dev.agora.k8s;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** Each service's Deployment and Service, checked against the service's own configuration. */
class ServiceWorkloadTest {

    @ParameterizedTest(name = "{0}/{1}: runs the image <registry>/<group>/<module>:<tag> that quarkus-container-image builds")
    @MethodSource("dev.agora.k8s.Agora#overlaysAndServices")
    void runsTheImageTheServiceBuilds(String overlay, String service) {
        Rendered r = Rendered.overlay(overlay);
        ServiceConfig config = ServiceConfig.of(service);
        assertEquals(service, config.applicationName(), service + ": module name and quarkus.application.name differ");

        String image = Yaml.str(r.container(service), "image");
        assertNotNull(image, overlay + "/" + service + ": container has no image");
        int colon = image.lastIndexOf(':');
        assertTrue(colon > image.lastIndexOf('/'), overlay + "/" + service + ": image " + image + " has no tag");
        assertEquals(config.imageRepository(), image.substring(0, colon),
                overlay + "/" + service + ": image repository differs from the one the build produces");
        assertEquals("ghcr.io/agora/" + service, image.substring(0, colon));
        assertEquals(config.imageTag(), image.substring(colon + 1),
                overlay + "/" + service + ": image tag differs from quarkus.container-image.tag");
    }

    @ParameterizedTest(name = "{0}/{1}: the container ports are the QUARKUS_HTTP_PORT and QUARKUS_MANAGEMENT_PORT it sets, and the Service targets them")
    @MethodSource("dev.agora.k8s.Agora#overlaysAndServices")
    void containerPortsAreThePortsTheServiceIsToldToListenOn(String overlay, String service) {
        Rendered r = Rendered.overlay(overlay);
        String where = overlay + "/" + service;
        int port = r.httpPort(service);
        int management = r.managementPort(service);
        assertEquals(8080, port, where + ": every service listens on 8080 in Kubernetes");
        assertEquals(9000, management, where + ": every management interface listens on 9000 in Kubernetes");
        assertEquals(String.valueOf(port), r.env(service).value("QUARKUS_HTTP_PORT"),
                where + ": QUARKUS_HTTP_PORT differs from the container port named http");
        assertEquals(String.valueOf(management), r.env(service).value("QUARKUS_MANAGEMENT_PORT"),
                where + ": QUARKUS_MANAGEMENT_PORT differs from the container port named management");
        assertTrue(ServiceConfig.of(service).managementInterface(), where + ": quarkus.management.enabled is off");

        Map<String, Object> svc = r.get("Service", service);
        assertTrue(Selectors.matches(Map.of("matchLabels", Yaml.map(svc, "spec", "selector")), r.podLabels(service))
                && !Yaml.map(svc, "spec", "selector").isEmpty(), where + ": the Service does not select the pods");
        List<Map<String, Object>> ports = Yaml.maps(svc, "spec", "ports");
        assertFalse(ports.isEmpty(), where + ": the Service has no port");
        for (Map<String, Object> p : ports) {
            Object target = Yaml.at(p, "targetPort") == null ? Yaml.at(p, "port") : Yaml.at(p, "targetPort");
            Integer targetPort = r.resolvePort(service, target);
            // the gateway's own management interface is for the kubelet and Prometheus, which reach the pod itself;
            // the other services' is also where the gateway reads their OpenAPI documents
            List<Integer> allowed = service.equals(Agora.GATEWAY) ? List.of(port) : List.of(port, management);
            assertTrue(allowed.contains(targetPort), where + ": Service port " + Yaml.str(p, "name") + " targets "
                    + target + ", not one of " + allowed);
        }
    }

    @ParameterizedTest(name = "{0}/{1}: startup, liveness and readiness probes call the real health paths on the management port")
    @MethodSource("dev.agora.k8s.Agora#overlaysAndServices")
    void probesCallTheRealHealthEndpoints(String overlay, String service) {
        Rendered r = Rendered.overlay(overlay);
        ServiceConfig config = ServiceConfig.of(service);
        Map<String, Object> container = r.container(service);
        int port = r.managementPort(service);
        Map<String, String> expected = Map.of("startupProbe", config.healthPath("started"),
                "livenessProbe", config.healthPath("live"), "readinessProbe", config.healthPath("ready"));
        expected.forEach((probe, path) -> {
            String where = overlay + "/" + service + " " + probe;
            Map<String, Object> get = Yaml.map(container, probe, "httpGet");
            assertFalse(get.isEmpty(), where + ": missing, or not an httpGet probe");
            assertEquals(path, Yaml.str(get, "path"), where + ": wrong path");
            assertEquals(port, r.resolvePort(service, Yaml.at(get, "port")), where + ": not on the management port");
            String scheme = Yaml.str(get, "scheme");
            assertTrue(scheme == null || scheme.equals("HTTP"), where + ": the service speaks plain HTTP");
        });
    }

    @ParameterizedTest(name = "{0}/{1}: every environment variable the service needs in prod is set")
    @MethodSource("dev.agora.k8s.Agora#overlaysAndServices")
    void everyVariableTheServiceNeedsIsSet(String overlay, String service) {
        Env env = Rendered.overlay(overlay).env(service);
        List<String> missing = new ArrayList<>();
        for (String name : Agora.requiredEnv(service)) {
            if (!env.isSet(name)) {
                missing.add(name);
            }
        }
        assertTrue(missing.isEmpty(), overlay + "/" + service + ": not set (directly, from a ConfigMap or a Secret): "
                + missing);
    }

    @ParameterizedTest(name = "{0}/{1}: connects to its own CloudNativePG database with its role's credentials")
    @MethodSource("dev.agora.k8s.Agora#overlaysAndServices")
    void connectsToItsOwnDatabaseAsItsOwnRole(String overlay, String service) {
        Rendered r = Rendered.overlay(overlay);
        Env env = r.env(service);
        String where = overlay + "/" + service;
        Map<String, Object> cluster = r.only("Cluster");
        String clusterName = Yaml.name(cluster);

        assertEquals(clusterName + "-rw", env.value("AGORA_DB_HOST"), where + ": not the cluster's read-write Service");
        assertEquals("5432", env.value("AGORA_DB_PORT"), where + ": AGORA_DB_PORT");
        String database = env.value("AGORA_DB_NAME");
        assertEquals(ServiceConfig.of(service).databaseName(), database, where + ": AGORA_DB_NAME differs from agora.db.name");

        Env.Source user = env.source("AGORA_DB_USER").orElseGet(() -> fail(where + ": AGORA_DB_USER not set"));
        Env.Source password = env.source("AGORA_DB_PASSWORD").orElseGet(() -> fail(where + ": AGORA_DB_PASSWORD not set"));
        assertTrue(user.fromSecret() && password.fromSecret(), where + ": database credentials must come from a Secret");
        assertEquals(user.secret(), password.secret(), where + ": user and password from different Secrets");
        assertEquals("username", user.secretKey(), where + ": basic-auth Secrets keep the user in `username`");
        assertEquals("password", password.secretKey(), where + ": basic-auth Secrets keep the password in `password`");

        Map<String, Object> role = Yaml.maps(cluster, "spec", "managed", "roles").stream()
                .filter(ro -> user.secret().equals(Yaml.str(ro, "passwordSecret", "name"))).findFirst()
                .orElseGet(() -> fail(where + ": no managed role of Cluster " + clusterName + " takes its password from "
                        + user.secret()));
        String roleName = Yaml.str(role, "name");
        assertTrue(Yaml.isTrue(role, "login"), where + ": role " + roleName + " cannot log in");
        assertFalse(Yaml.isTrue(role, "superuser"), where + ": role " + roleName + " must not be a superuser");

        Map<String, Object> db = r.ofKind("Database").stream().filter(d -> database.equals(Yaml.str(d, "spec", "name")))
                .findFirst().orElseGet(() -> fail(where + ": no CloudNativePG Database for " + database));
        assertEquals(clusterName, Yaml.str(db, "spec", "cluster", "name"), where + ": Database in another cluster");
        assertEquals(roleName, Yaml.str(db, "spec", "owner"), where + ": " + database + " is not owned by " + roleName);
    }

    @ParameterizedTest(name = "{0}/{1}: reaches Kafka through the Strimzi cluster's plain listener")
    @MethodSource("dev.agora.k8s.Agora#overlaysAndServices")
    void bootstrapsFromTheStrimziListener(String overlay, String service) {
        Rendered r = Rendered.overlay(overlay);
        Map<String, Object> kafka = r.only("Kafka");
        List<String> plain = Yaml.maps(kafka, "spec", "kafka", "listeners").stream()
                .filter(l -> "internal".equals(Yaml.str(l, "type")) && !Yaml.isTrue(l, "tls"))
                .map(l -> Yaml.name(kafka) + "-kafka-bootstrap:" + Yaml.str(l, "port")).toList();
        assertTrue(plain.contains(r.env(service).value("KAFKA_BOOTSTRAP_SERVERS")), overlay + "/" + service
                + ": KAFKA_BOOTSTRAP_SERVERS is not one of the plain internal listeners " + plain);
    }

    @ParameterizedTest(name = "{0}/{1}: each JWT key location is a file mounted read-only from a Secret")
    @MethodSource("dev.agora.k8s.Agora#overlaysAndServices")
    void jwtKeysAreFilesMountedFromSecrets(String overlay, String service) {
        Rendered r = Rendered.overlay(overlay);
        Env env = r.env(service);
        List<String> locations = new ArrayList<>(List.of("AGORA_JWT_PUBLIC_KEY_LOCATION"));
        if (service.equals(Agora.GATEWAY)) {
            locations.add("AGORA_JWT_PRIVATE_KEY_LOCATION");
        }
        for (String name : locations) {
            String where = overlay + "/" + service + " " + name;
            String path = env.value(name);
            Map<String, Object> mount = Yaml.maps(r.container(service), "volumeMounts").stream()
                    .filter(m -> path.startsWith(Yaml.str(m, "mountPath") + "/")).findFirst()
                    .orElseGet(() -> fail(where + ": " + path + " is under no volume mount"));
            assertTrue(Yaml.isTrue(mount, "readOnly"), where + ": key mount should be read-only");
            Map<String, Object> volume = Yaml.maps(r.podSpec(service), "volumes").stream()
                    .filter(v -> Yaml.str(mount, "name").equals(Yaml.str(v, "name"))).findFirst()
                    .orElseGet(() -> fail(where + ": volume " + Yaml.str(mount, "name") + " missing"));
            assertNotNull(Yaml.str(volume, "secret", "secretName"), where + ": the key must come from a Secret volume");
            String file = path.substring(Yaml.str(mount, "mountPath").length() + 1);
            List<Map<String, Object>> items = Yaml.maps(volume, "secret", "items");
            assertTrue(items.isEmpty() || items.stream().anyMatch(i -> file.equals(Yaml.str(i, "path"))),
                    where + ": Secret volume " + Yaml.str(volume, "name") + " does not project " + file);
        }
    }

    @ParameterizedTest(name = "{0}/{1}: runs as non-root, read-only root filesystem with /tmp on emptyDir, no privilege escalation, no capabilities, seccomp RuntimeDefault")
    @MethodSource("dev.agora.k8s.Agora#overlaysAndServices")
    void runsLockedDown(String overlay, String service) {
        Rendered r = Rendered.overlay(overlay);
        Map<String, Object> pod = r.podSpec(service);
        String where = overlay + "/" + service;
        assertFalse(Yaml.isTrue(pod, "hostNetwork") || Yaml.isTrue(pod, "hostPID") || Yaml.isTrue(pod, "hostIPC"),
                where + ": shares a host namespace");
        List<Map<String, Object>> containers = new ArrayList<>(Yaml.maps(pod, "containers"));
        containers.addAll(Yaml.maps(pod, "initContainers"));
        for (Map<String, Object> c : containers) {
            String cw = where + " container " + Yaml.str(c, "name");
            Map<String, Object> sc = Yaml.map(c, "securityContext");
            Map<String, Object> psc = Yaml.map(pod, "securityContext");
            Object runAsNonRoot = sc.containsKey("runAsNonRoot") ? sc.get("runAsNonRoot") : psc.get("runAsNonRoot");
            assertEquals(Boolean.TRUE, runAsNonRoot, cw + ": runAsNonRoot");
            Integer uid = sc.containsKey("runAsUser") ? Yaml.integer(sc, "runAsUser") : Yaml.integer(psc, "runAsUser");
            assertTrue(uid == null || uid != 0, cw + ": runs as uid 0");
            assertEquals(Boolean.TRUE, sc.get("readOnlyRootFilesystem"), cw + ": readOnlyRootFilesystem");
            assertEquals(Boolean.FALSE, sc.get("allowPrivilegeEscalation"), cw + ": allowPrivilegeEscalation");
            assertFalse(Yaml.isTrue(sc, "privileged"), cw + ": privileged");
            assertTrue(Yaml.list(sc, "capabilities", "drop").contains("ALL"), cw + ": capabilities must drop ALL");
            assertTrue(Yaml.list(sc, "capabilities", "add").isEmpty(), cw + ": adds capabilities");
            String seccomp = Yaml.str(sc, "seccompProfile", "type") != null ? Yaml.str(sc, "seccompProfile", "type")
                    : Yaml.str(psc, "seccompProfile", "type");
            assertEquals("RuntimeDefault", seccomp, cw + ": seccomp profile");
            for (String kind : List.of("requests", "limits")) {
                for (String resource : List.of("cpu", "memory")) {
                    assertNotNull(Yaml.at(c, "resources", kind, resource), cw + ": resources." + kind + "." + resource);
                }
            }
        }
        Map<String, Object> tmp = Yaml.maps(r.container(service), "volumeMounts").stream()
                .filter(m -> "/tmp".equals(Yaml.str(m, "mountPath"))).findFirst()
                .orElseGet(() -> fail(where + ": /tmp must be writable (an emptyDir) with a read-only root filesystem"));
        assertTrue(Yaml.maps(pod, "volumes").stream().anyMatch(v -> Yaml.str(tmp, "name").equals(Yaml.str(v, "name"))
                && Yaml.at(v, "emptyDir") != null), where + ": /tmp is not an emptyDir");
    }

    @ParameterizedTest(name = "{0}: the gateway's routes point at the four services' Services on their http ports")
    @MethodSource("dev.agora.k8s.Agora#overlays")
    void gatewayRoutesReachTheServices(String overlay) {
        Rendered r = Rendered.overlay(overlay);
        gatewayReaches(r, "AGORA_GATEWAY_ROUTES_", r::httpPort);
    }

    @ParameterizedTest(name = "{0}: the gateway reads the four services' OpenAPI documents from their management ports")
    @MethodSource("dev.agora.k8s.Agora#overlays")
    void gatewayReadsOpenApiFromTheManagementPorts(String overlay) {
        Rendered r = Rendered.overlay(overlay);
        gatewayReaches(r, "AGORA_GATEWAY_MANAGEMENT_URLS_", r::managementPort);
    }

    /** Each of the gateway's {@code <prefix>AGENTS}, ... URLs reaches its service's Service and, through it, this port. */
    private static void gatewayReaches(Rendered r, String prefix, java.util.function.ToIntFunction<String> containerPort) {
        String overlay = r.overlay;
        Env env = r.env(Agora.GATEWAY);
        Map<String, String> routes = Map.of(prefix + "AGENTS", "agent-service", prefix + "DEPLOYMENTS", "deployment-service",
                prefix + "MARKETPLACE", "marketplace-service", prefix + "TRIGGERS", "trigger-service");
        routes.forEach((name, target) -> {
            String url = env.value(name);
            String where = overlay + " gateway " + name + "=" + url;
            java.util.regex.Matcher m = java.util.regex.Pattern.compile("http://([a-z0-9.-]+):(\\d+)/?").matcher(url);
            assertTrue(m.matches(), where + ": expected http://<service>:<port>");
            String host = m.group(1);
            String serviceName = host.split("\\.")[0];
            assertEquals(target, serviceName, where + ": routes to the wrong Service");
            if (host.contains(".")) {
                assertTrue(host.startsWith(target + "." + r.namespace() + "."), where + ": another namespace");
            }
            int port = Integer.parseInt(m.group(2));
            Map<String, Object> svc = r.get("Service", serviceName);
            Map<String, Object> svcPort = Yaml.maps(svc, "spec", "ports").stream()
                    .filter(p -> Integer.valueOf(port).equals(Yaml.integer(p, "port"))).findFirst()
                    .orElseGet(() -> fail(where + ": Service " + serviceName + " has no port " + port));
            assertEquals(containerPort.applyAsInt(target), r.resolvePort(target, svcPort.get("targetPort")),
                    where + ": the Service port does not reach the container's port");
        });
    }
}
