package dev.agora.compose;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;

/**
 * docker-compose.yml as Compose reads it (anchors and merge keys resolved; nothing is started): every installation
 * generates its own keys in an init step and the services read them from its volume; health, metrics and OpenAPI are
 * on each service's management port, which nothing publishes.
 */
class ComposeFileTest {
    private static final List<String> SERVICES = List.of("gateway", "agent-service", "deployment-service",
            "marketplace-service", "trigger-service");
    private static final String KEYS_INIT = "keys-init";
    /** A base64 AES key of 16, 24 or 32 bytes written out. */
    private static final Pattern LITERAL_AES_KEY = Pattern.compile("[A-Za-z0-9+/]{22}==|[A-Za-z0-9+/]{32}|[A-Za-z0-9+/]{43}=");

    private static final Map<String, Object> COMPOSE = load();

    @Test
    void noCommittedKeyIsMountedOrWrittenOut() {
        for (Map.Entry<String, Object> service : map(COMPOSE, "services").entrySet()) {
            for (Object volume : list(service.getValue(), "volumes")) {
                String source = String.valueOf(volume).split(":")[0];
                assertFalse(source.contains("dev-keys") || source.endsWith(".pem") || source.contains("keys/"),
                        service.getKey() + " mounts key material from the repository: " + volume);
                assertTrue(!source.startsWith(".") && !source.startsWith("/") || source.endsWith(".sql"),
                        service.getKey() + " mounts a host path other than the database init script: " + volume);
            }
            for (Map.Entry<String, Object> variable : map(service.getValue(), "environment").entrySet()) {
                if (!SERVICES.contains(service.getKey())) {
                    continue;
                }
                String value = String.valueOf(variable.getValue());
                assertFalse(variable.getKey().contains("SECRET_KEY") || LITERAL_AES_KEY.matcher(value).matches(),
                        service.getKey() + ": " + variable.getKey() + " holds a key written in the Compose file");
            }
        }
    }

    @Test
    void anInitStepGeneratesTheKeysIntoANamedVolumeWithTheJdk() {
        Map<String, Object> init = service(KEYS_INIT);
        String command = String.join(" ", strings(init, "command"));
        assertTrue(command.contains("dev.agora.common.keys.InstallationKeys"), "keys-init runs InstallationKeys: " + command);
        assertEquals("no", String.valueOf(get(init, "restart")), "keys-init runs once");
        String volume = keysVolume(init).orElseGet(() -> fail("keys-init mounts no named volume"));
        assertTrue(map(COMPOSE, "volumes").containsKey(volume), volume + " is not a named volume");
        String mount = mountTarget(init, volume);
        assertTrue(command.contains(mount + "/keys"), "keys-init does not write into its volume: " + command);
        assertFalse(mountOptions(init, volume).contains("ro"), "keys-init cannot write its volume");
        // the images run as user 185: the files (owner-only) are handed to it
        assertTrue(command.contains("chown -R 185"), "the services' user cannot read the keys: " + command);
    }

    @ParameterizedTest
    @ValueSource(strings = { "gateway", "agent-service", "deployment-service", "marketplace-service", "trigger-service" })
    void everyServiceStartsAfterTheKeysAreGeneratedAndReadsThemFromTheVolume(String name) {
        Map<String, Object> service = service(name);
        assertEquals("service_completed_successfully", String.valueOf(get(service, "depends_on", KEYS_INIT, "condition")),
                name + " does not wait for keys-init to complete");
        String volume = keysVolume(service(KEYS_INIT)).orElseThrow();
        assertTrue(keysVolume(service).filter(volume::equals).isPresent(), name + " does not mount " + volume);
        assertTrue(mountOptions(service, volume).contains("ro"), name + " mounts the keys writable");
        String keys = mountTarget(service, volume) + "/keys/";

        Map<String, Object> env = map(service, "environment");
        assertEquals(keys + "jwt-public.pem", env.get("AGORA_JWT_PUBLIC_KEY_LOCATION"), name + ": verification key");
        if (name.equals("gateway")) {
            assertEquals(keys + "jwt-private.pem", env.get("AGORA_JWT_PRIVATE_KEY_LOCATION"), "gateway: signing key");
        } else {
            assertFalse(env.containsKey("AGORA_JWT_PRIVATE_KEY_LOCATION"), name + " gets the signing key");
        }
        if (name.equals("agent-service")) {
            String entrypoint = String.join(" ", strings(service, "entrypoint"));
            assertTrue(entrypoint.contains("AGORA_AGENTS_SECRET_KEY=\"$(cat " + keys + "agents-secret-key)\""), entrypoint);
        }
        if (name.equals("trigger-service")) {
            String entrypoint = String.join(" ", strings(service, "entrypoint"));
            assertTrue(entrypoint.contains("AGORA_TRIGGERS_SECRET_KEY=\"$(cat " + keys + "triggers-secret-key)\""), entrypoint);
        }
    }

    @ParameterizedTest
    @ValueSource(strings = { "gateway", "agent-service", "deployment-service", "marketplace-service", "trigger-service" })
    void healthIsCheckedOnTheManagementPortWhichIsNeverPublished(String name) {
        Map<String, Object> service = service(name);
        Map<String, Object> env = map(service, "environment");
        assertEquals("9000", env.get("QUARKUS_MANAGEMENT_PORT"), name);
        assertEquals("8080", env.get("QUARKUS_HTTP_PORT"), name);
        String check = String.join(" ", strings(service, "healthcheck", "test"));
        assertTrue(check.contains("/dev/tcp/127.0.0.1/9000") && check.contains("GET /q/health/ready"),
                name + ": health check " + check);
        for (Object port : list(service, "ports")) {
            assertFalse(String.valueOf(port).endsWith(":9000"), name + " publishes its management port: " + port);
        }
    }

    @Test
    void onlyTheGatewaysApiIsPublishedOnLoopback() {
        for (String name : map(COMPOSE, "services").keySet()) {
            List<Object> ports = list(service(name), "ports");
            assertEquals(name.equals("gateway") ? 1 : 0, ports.size(), name + " publishes " + ports);
        }
        String published = String.valueOf(list(service("gateway"), "ports").get(0));
        assertEquals("${AGORA_BIND_ADDRESS:-127.0.0.1}:${AGORA_GATEWAY_PORT:-8080}:8080", published);
    }

    @Test
    void theGatewayReadsEachServicesOpenApiFromItsManagementPort() {
        Map<String, Object> env = map(service("gateway"), "environment");
        Map<String, String> expected = Map.of("AGENTS", "agent-service", "DEPLOYMENTS", "deployment-service",
                "MARKETPLACE", "marketplace-service", "TRIGGERS", "trigger-service");
        expected.forEach((route, target) -> {
            assertEquals("http://" + target + ":8080", env.get("AGORA_GATEWAY_ROUTES_" + route));
            assertEquals("http://" + target + ":9000", env.get("AGORA_GATEWAY_MANAGEMENT_URLS_" + route));
        });
    }

    // --- reading the file

    private static Map<String, Object> load() {
        Path file = Path.of(System.getProperty("agora.compose.file", "docker-compose.yml"));
        try {
            Object parsed = new Yaml(new SafeConstructor(new LoaderOptions())).load(Files.readString(file));
            return asMap(parsed);
        } catch (IOException e) {
            throw new IllegalStateException("cannot read " + file.toAbsolutePath(), e);
        }
    }

    private static Map<String, Object> service(String name) {
        Map<String, Object> service = map(COMPOSE, "services", name);
        assertFalse(service.isEmpty(), "no service " + name);
        return service;
    }

    /** The named volume a service mounts the keys from: the volume keys-init writes. */
    private static Optional<String> keysVolume(Map<String, Object> service) {
        return list(service, "volumes").stream().map(String::valueOf).map(v -> v.split(":")[0])
                .filter(source -> map(COMPOSE, "volumes").containsKey(source)).findFirst();
    }

    private static String mountTarget(Map<String, Object> service, String volume) {
        return list(service, "volumes").stream().map(String::valueOf).filter(v -> v.startsWith(volume + ":"))
                .map(v -> v.split(":")[1]).findFirst().orElseGet(() -> fail("no mount of " + volume));
    }

    private static List<String> mountOptions(Map<String, Object> service, String volume) {
        return list(service, "volumes").stream().map(String::valueOf).filter(v -> v.startsWith(volume + ":"))
                .map(v -> v.split(":")).filter(parts -> parts.length > 2).map(parts -> List.of(parts[2].split(",")))
                .findFirst().orElse(List.of());
    }

    private static Object get(Object node, String... path) {
        Object current = node;
        for (String step : path) {
            current = current instanceof Map<?, ?> m ? m.get(step) : null;
        }
        return current;
    }

    private static Map<String, Object> map(Object node, String... path) {
        Object value = get(node, path);
        return value == null ? Map.of() : asMap(value);
    }

    private static List<Object> list(Object node, String... path) {
        Object value = get(node, path);
        return value instanceof List<?> l ? new ArrayList<>(l) : List.of();
    }

    /** A command or entrypoint: a list of strings, or one string; {@code $$} is Compose's escape of {@code $}. */
    private static List<String> strings(Object node, String... path) {
        Object value = get(node, path);
        assertNotNull(value, String.join(".", path) + " missing");
        List<String> strings = value instanceof List<?> l ? l.stream().map(String::valueOf).toList()
                : List.of(String.valueOf(value));
        return strings.stream().map(s -> s.replace("$$", "$")).toList();
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> asMap(Object value) {
        if (value instanceof Map<?, ?> m) {
            return (Map<String, Object>) m;
        }
        return fail("not a mapping: " + value);
    }
}
