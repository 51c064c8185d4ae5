package dev.agora.local;

import java.nio.file.Path;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;

import dev.agora.testsupport.FreePorts;

/**
 * Where the stack keeps its data and logs, which ports it uses, and where the built service jars are.
 *
 * @param home data and logs ({@code .agora/} for ./run.sh, a temporary folder for the system tests)
 * @param root the repository root (the modules' {@code target/quarkus-app/quarkus-run.jar} are found below it)
 */
public record StackOptions(Path home, Path root, int postgresPort, int kafkaPort, int kafkaControllerPort,
        Map<ServiceSpec, Integer> servicePorts, boolean durable, List<String> serviceJvmProperties) {

    /** The local defaults of ARCHITECTURE.md, each overridable by its environment variable. */
    public static StackOptions fromEnvironment(Path root) {
        Map<ServiceSpec, Integer> ports = new EnumMap<>(ServiceSpec.class);
        for (ServiceSpec service : ServiceSpec.values()) {
            ports.put(service, env(service.portVariable(), service.defaultPort()));
        }
        Path home = Path.of(System.getenv().getOrDefault("AGORA_HOME", root.resolve(".agora").toString()));
        return new StackOptions(home.toAbsolutePath(), root, env("AGORA_PG_PORT", 15432), env("AGORA_KAFKA_PORT", 9092),
                env("AGORA_KAFKA_CONTROLLER_PORT", 9093), ports, true, List.of());
    }

    /** Free ports everywhere and throw-away data: for tests that must not collide with anything. */
    public static StackOptions isolated(Path home, Path root) {
        Map<ServiceSpec, Integer> ports = new EnumMap<>(ServiceSpec.class);
        for (ServiceSpec service : ServiceSpec.values()) {
            ports.put(service, FreePorts.next());
        }
        return new StackOptions(home, root, FreePorts.next(), FreePorts.next(), FreePorts.next(), ports, false, List.of());
    }

    /** The same stack with more {@code -Dkey=value} flags for every service (e.g. a log level). */
    public StackOptions withServiceJvmProperties(String... properties) {
        return new StackOptions(home, root, postgresPort, kafkaPort, kafkaControllerPort, servicePorts, durable,
                List.of(properties));
    }

    public int port(ServiceSpec service) {
        return servicePorts.get(service);
    }

    public String url(ServiceSpec service) {
        return "http://127.0.0.1:" + port(service);
    }

    private static int env(String name, int fallback) {
        String value = System.getenv(name);
        return value == null || value.isBlank() ? fallback : Integer.parseInt(value.trim());
    }
}
