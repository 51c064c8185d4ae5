package dev.agora.local;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import dev.agora.common.keys.InstallationKeys;

/**
 * How the stack starts one service jar: lean JVM flags, the {@code local} profile (prod's settings; the prod profile's
 * start-up check would refuse loopback in the outbound allow-list), where PostgreSQL and Kafka are, the address and
 * ports it listens on, whether outbound calls may reach loopback, and the installation's keys. Key files are passed by
 * location; the AES keys go through the process's environment, which only its user can read, never on its command
 * line.
 */
final class ServiceLaunch {
    private static final String JAVA = Path.of(System.getProperty("java.home"), "bin", "java").toString();
    private static final List<String> LEAN_JVM = List.of("-Xms24m", "-Xmx64m", "-XX:+UseSerialGC",
            "-XX:TieredStopAtLevel=1", "-Xss512k", "-XX:ReservedCodeCacheSize=64m", "-XX:MaxMetaspaceSize=128m");

    /** The configuration profile of a service on a developer's machine: prod's settings without prod's checks. */
    static final String PROFILE = "local";

    private final StackOptions options;
    private final InstallationKeys keys;
    private final int postgresPort;
    private final String kafkaBootstrapServers;

    ServiceLaunch(StackOptions options, InstallationKeys keys, int postgresPort, String kafkaBootstrapServers) {
        this.options = options;
        this.keys = keys;
        this.postgresPort = postgresPort;
        this.kafkaBootstrapServers = kafkaBootstrapServers;
    }

    /** The process of {@code service} listening on {@code port} and {@code managementPort}, with extra properties. */
    ProcessBuilder process(ServiceSpec service, int port, int managementPort, List<String> extraProperties) {
        List<String> command = new ArrayList<>(options.commandPrefixes().getOrDefault(service, List.of()));
        command.add(JAVA);
        command.addAll(options.jvmFlags().isEmpty() ? LEAN_JVM : options.jvmFlags());
        command.addAll(systemProperties(service));
        command.addAll(extraProperties);
        command.add("-Dquarkus.http.host=" + options.bindAddress());
        command.add("-Dquarkus.http.port=" + port);
        command.add("-Dquarkus.management.host=" + options.bindAddress());
        command.add("-Dquarkus.management.port=" + managementPort);
        command.add("-jar");
        command.add(jar(service).toString());
        ProcessBuilder process = new ProcessBuilder(command);
        environment(service, process.environment());
        return process;
    }

    /** The service's built jar (./mvnw package). */
    Path jar(ServiceSpec service) {
        return options.root().resolve(service.module()).resolve("target/quarkus-app/quarkus-run.jar");
    }

    private List<String> systemProperties(ServiceSpec service) {
        List<String> props = new ArrayList<>(List.of(
                "-Dquarkus.profile=" + PROFILE,
                "-Dagora.db.host=127.0.0.1",
                "-Dagora.db.port=" + postgresPort,
                "-Dkafka.bootstrap.servers=" + kafkaBootstrapServers,
                "-Dmp.jwt.verify.publickey.location=" + keys.jwtPublicKey(),
                // plain-text logs locally (JSON is the prod default, for log collectors)
                "-DAGORA_LOG_JSON=false"));
        if (options.allowLoopback()) {
            // an agent or a webhook receiver on this machine (AGORA_OUTBOUND_ALLOW_LOOPBACK=true ./run.sh)
            props.add("-Dagora.outbound.allow-loopback=true");
        }
        props.addAll(options.serviceJvmProperties());
        if (service == ServiceSpec.GATEWAY) {
            props.add("-Dsmallrye.jwt.sign.key.location=" + keys.jwtPrivateKey());
            // no SMTP server locally: mails (email verification, password reset) become files a developer can read
            props.add("-Dagora.gateway.mail.directory=" + options.mailDirectory());
            // one developer (or a test suite) on one address: the production per-address and per-plan limits would
            // throttle a busy laptop; the limiter itself still runs on every request
            for (String plan : List.of("anonymous", "free")) {
                props.add("-Dagora.gateway.rate-limit.plans." + plan + ".capacity=100000");
                props.add("-Dagora.gateway.rate-limit.plans." + plan + ".refill-per-second=10000");
            }
            props.addAll(GatewayRoutes.systemProperties(options));
        }
        return props;
    }

    private void environment(ServiceSpec service, Map<String, String> env) {
        // a developer's own settings must not replace the installation's keys
        env.remove("AGORA_AGENTS_SECRET_KEY");
        env.remove("AGORA_TRIGGERS_SECRET_KEY");
        if (service == ServiceSpec.AGENT_SERVICE) {
            env.put("AGORA_AGENTS_SECRET_KEY", keys.agentsSecretKey());
        }
        if (service == ServiceSpec.TRIGGER_SERVICE) {
            env.put("AGORA_TRIGGERS_SECRET_KEY", keys.triggersSecretKey());
        }
    }
}
