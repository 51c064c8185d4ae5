package dev.agora.local;

import java.nio.file.Path;
import java.util.EnumMap;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import dev.agora.localinfra.FreePorts;

/**
 * Where the stack keeps its data, keys and logs, which address and ports it uses, and where the built service jars are.
 *
 * @param home data, keys and logs ({@code .agora/} for ./run.sh, a temporary folder for the system tests)
 * @param root the repository root (the modules' {@code target/quarkus-app/quarkus-run.jar} are found below it)
 * @param bindAddress the address the services listen on (main and management ports); PostgreSQL and Kafka always
 *        listen on loopback
 * @param managementPorts each service's management interface (health, metrics, OpenAPI)
 * @param services the services to launch (all five by default; the benchmarks launch fewer)
 * @param jvmFlags the services' JVM flags; empty for the lean defaults of a laptop stack
 * @param commandPrefixes per service, what runs the JVM (e.g. {@code taskset -c 0} to pin it to a CPU)
 * @param allowLoopback outbound calls (trigger actions, agents) may reach this machine's loopback addresses: an agent
 *        or a webhook receiver a developer runs next to the stack ({@code AGORA_OUTBOUND_ALLOW_LOOPBACK=true})
 * @param databaseLink the services reach PostgreSQL through a link the stack can cut ({@link Stack#cutDatabase()}),
 *        to play a database outage
 */
public record StackOptions(Path home, Path root, String bindAddress, int postgresPort, int kafkaPort,
        int kafkaControllerPort, Map<ServiceSpec, Integer> servicePorts, Map<ServiceSpec, Integer> managementPorts,
        boolean durable, List<String> serviceJvmProperties, Set<ServiceSpec> services, List<String> jvmFlags,
        Map<ServiceSpec, List<String>> commandPrefixes, boolean allowLoopback, boolean databaseLink) {
    public static final String LOOPBACK = "127.0.0.1";

    /** On loopback, with a free management port for each service. */
    public StackOptions(Path home, Path root, int postgresPort, int kafkaPort, int kafkaControllerPort,
            Map<ServiceSpec, Integer> servicePorts, boolean durable, List<String> serviceJvmProperties) {
        this(home, root, LOOPBACK, postgresPort, kafkaPort, kafkaControllerPort, servicePorts, freePorts(), durable,
                serviceJvmProperties, EnumSet.allOf(ServiceSpec.class), List.of(), Map.of(), false, false);
    }

    /** The local defaults of ARCHITECTURE.md (loopback), each overridable by its environment variable. */
    public static StackOptions fromEnvironment(Path root) {
        return fromEnvironment(root, System.getenv());
    }

    static StackOptions fromEnvironment(Path root, Map<String, String> env) {
        Map<ServiceSpec, Integer> ports = new EnumMap<>(ServiceSpec.class);
        Map<ServiceSpec, Integer> managementPorts = new EnumMap<>(ServiceSpec.class);
        for (ServiceSpec service : ServiceSpec.values()) {
            ports.put(service, port(env, service.portVariable(), service.defaultPort()));
            managementPorts.put(service, port(env, service.managementPortVariable(), service.defaultManagementPort()));
        }
        String home = env.get("AGORA_HOME");
        Path homeDir = home == null || home.isBlank() ? root.resolve(".agora") : Path.of(home);
        String bind = env.get("AGORA_BIND_ADDRESS");
        boolean allowLoopback = Boolean.parseBoolean(env.getOrDefault("AGORA_OUTBOUND_ALLOW_LOOPBACK", "false").strip());
        return new StackOptions(homeDir.toAbsolutePath(), root, bind == null || bind.isBlank() ? LOOPBACK : bind.strip(),
                port(env, "AGORA_PG_PORT", 15432), port(env, "AGORA_KAFKA_PORT", 9092),
                port(env, "AGORA_KAFKA_CONTROLLER_PORT", 9093), ports, managementPorts, true, List.of(),
                EnumSet.allOf(ServiceSpec.class), List.of(), Map.of(), allowLoopback, false);
    }

    /** The port of the demo's echo agent ({@code ./run.sh --demo}): {@code AGORA_ECHO_AGENT_PORT}, 8090 by default. */
    static int echoAgentPort(Map<String, String> env) {
        return port(env, "AGORA_ECHO_AGENT_PORT", 8090);
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
        return new StackOptions(home, root, bindAddress, postgresPort, kafkaPort, kafkaControllerPort, servicePorts,
                managementPorts, durable, List.of(properties), services, jvmFlags, commandPrefixes, allowLoopback, databaseLink);
    }

    /** The same stack, with outbound calls allowed (or not) to reach this machine's loopback addresses. */
    public StackOptions withAllowLoopback(boolean allow) {
        return new StackOptions(home, root, bindAddress, postgresPort, kafkaPort, kafkaControllerPort, servicePorts,
                managementPorts, durable, serviceJvmProperties, services, jvmFlags, commandPrefixes, allow, databaseLink);
    }

    /** Only these services (in their usual order), started with these JVM flags, each behind its command prefix. */
    public StackOptions withServices(Set<ServiceSpec> launched, List<String> flags, Map<ServiceSpec, List<String>> prefixes) {
        return new StackOptions(home, root, bindAddress, postgresPort, kafkaPort, kafkaControllerPort, servicePorts,
                managementPorts, durable, serviceJvmProperties, EnumSet.copyOf(launched), List.copyOf(flags),
                Map.copyOf(prefixes), allowLoopback, databaseLink);
    }

    /** The same stack, its services reaching PostgreSQL through a link that {@link Stack#cutDatabase()} cuts. */
    public StackOptions withDatabaseLink() {
        return new StackOptions(home, root, bindAddress, postgresPort, kafkaPort, kafkaControllerPort, servicePorts,
                managementPorts, durable, serviceJvmProperties, services, jvmFlags, commandPrefixes, allowLoopback, true);
    }

    public int port(ServiceSpec service) {
        return servicePorts.get(service);
    }

    public int managementPort(ServiceSpec service) {
        return managementPorts.get(service);
    }

    public String url(ServiceSpec service) {
        return url(port(service));
    }

    /** Where the service's health, metrics and OpenAPI document are served. */
    public String managementUrl(ServiceSpec service) {
        return url(managementPort(service));
    }

    /** A URL of this stack's services on a port: on the bind address, or on loopback when that is every address. */
    public String url(int port) {
        String host = bindAddress.equals("0.0.0.0") || bindAddress.equals("::") ? LOOPBACK : bindAddress;
        return "http://" + (host.contains(":") ? "[" + host + "]" : host) + ":" + port;
    }

    /** Where the installation's keys are (generated on the first start). */
    public Path keys() {
        return home.resolve("keys");
    }

    /** Where the gateway writes every mail it sends (no SMTP server locally), one {@code .eml} file each. */
    public Path mailDirectory() {
        return home.resolve("mail");
    }

    private static Map<ServiceSpec, Integer> freePorts() {
        Map<ServiceSpec, Integer> ports = new EnumMap<>(ServiceSpec.class);
        for (ServiceSpec service : ServiceSpec.values()) {
            ports.put(service, FreePorts.next());
        }
        return ports;
    }

    private static int port(Map<String, String> env, String name, int fallback) {
        String value = env.get(name);
        if (value == null || value.isBlank()) {
            return fallback;
        }
        try {
            int port = Integer.parseInt(value.strip());
            if (port > 0 && port < 65536) {
                return port;
            }
        } catch (NumberFormatException notANumber) {
            // reported below
        }
        throw new IllegalArgumentException(name + " must be a port number (1-65535), not \"" + value + "\"");
    }
}
