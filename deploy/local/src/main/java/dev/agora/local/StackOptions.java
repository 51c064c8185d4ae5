package dev.agora.local;

import java.nio.file.Path;
import java.util.EnumMap;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import dev.agora.testsupport.FreePorts;

/**
 * Where the stack keeps its data and logs, which ports it uses, and where the built service jars are.
 *
 * @param home data and logs ({@code .agora/} for ./run.sh, a temporary folder for the system tests)
 * @param root the repository root (the modules' {@code target/quarkus-app/quarkus-run.jar} are found below it)
 * @param services the services to launch (all five by default; the benchmarks launch fewer)
 * @param jvmFlags the services' JVM flags; empty for the lean defaults of a laptop stack
 * @param commandPrefixes per service, what runs the JVM (e.g. {@code taskset -c 0} to pin it to a CPU)
 */
public record StackOptions(Path home, Path root, int postgresPort, int kafkaPort, int kafkaControllerPort,
        Map<ServiceSpec, Integer> servicePorts, boolean durable, List<String> serviceJvmProperties,
        Set<ServiceSpec> services, List<String> jvmFlags, Map<ServiceSpec, List<String>> commandPrefixes) {

    public StackOptions(Path home, Path root, int postgresPort, int kafkaPort, int kafkaControllerPort,
            Map<ServiceSpec, Integer> servicePorts, boolean durable, List<String> serviceJvmProperties) {
        this(home, root, postgresPort, kafkaPort, kafkaControllerPort, servicePorts, durable, serviceJvmProperties,
                EnumSet.allOf(ServiceSpec.class), List.of(), Map.of());
    }

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
                List.of(properties), services, jvmFlags, commandPrefixes);
    }

    /** Only these services (in their usual order), started with these JVM flags, each behind its command prefix. */
    public StackOptions withServices(Set<ServiceSpec> launched, List<String> flags, Map<ServiceSpec, List<String>> prefixes) {
        return new StackOptions(home, root, postgresPort, kafkaPort, kafkaControllerPort, servicePorts, durable,
                serviceJvmProperties, EnumSet.copyOf(launched), List.copyOf(flags), Map.copyOf(prefixes));
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
