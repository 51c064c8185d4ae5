package dev.agora.local;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import dev.agora.common.keys.InstallationKeys;

/** The command line and environment each service jar is started with. */
class ServiceLaunchTest {
    @TempDir
    Path home;

    @Test
    void everyServiceListensOnTheBindAddressOnBothPorts() {
        ServiceLaunch launch = launch(Map.of());
        for (ServiceSpec service : ServiceSpec.values()) {
            List<String> command = launch.process(service, 8081, 9081, List.of()).command();
            assertTrue(command.containsAll(List.of("-Dquarkus.http.host=127.0.0.1", "-Dquarkus.http.port=8081",
                    "-Dquarkus.management.host=127.0.0.1", "-Dquarkus.management.port=9081")), command.toString());
        }
        List<String> everywhere = launch(Map.of("AGORA_BIND_ADDRESS", "0.0.0.0"))
                .process(ServiceSpec.GATEWAY, 8080, 9080, List.of()).command();
        assertTrue(everywhere.containsAll(List.of("-Dquarkus.http.host=0.0.0.0", "-Dquarkus.management.host=0.0.0.0")));
    }

    @Test
    void servicesTrustTheInstallationsKeysPassedByLocationOrThroughTheEnvironment() {
        InstallationKeys keys = InstallationKeys.ensure(home.resolve("keys"));
        ServiceLaunch launch = launch(Map.of());

        ProcessBuilder gateway = launch.process(ServiceSpec.GATEWAY, 8080, 9080, List.of());
        assertTrue(gateway.command().contains("-Dmp.jwt.verify.publickey.location=" + keys.jwtPublicKey()));
        assertTrue(gateway.command().contains("-Dsmallrye.jwt.sign.key.location=" + keys.jwtPrivateKey()));
        ProcessBuilder agents = launch.process(ServiceSpec.AGENT_SERVICE, 8081, 9081, List.of());
        assertEquals(keys.agentsSecretKey(), agents.environment().get("AGORA_AGENTS_SECRET_KEY"));
        assertFalse(agents.environment().containsKey("AGORA_TRIGGERS_SECRET_KEY"));
        ProcessBuilder triggers = launch.process(ServiceSpec.TRIGGER_SERVICE, 8084, 9084, List.of());
        assertEquals(keys.triggersSecretKey(), triggers.environment().get("AGORA_TRIGGERS_SECRET_KEY"));

        for (ServiceSpec service : ServiceSpec.values()) {
            String command = String.join(" ", launch.process(service, 8080, 9080, List.of()).command());
            assertFalse(command.contains(keys.agentsSecretKey()) || command.contains(keys.triggersSecretKey()),
                    service + ": an AES key on the command line, readable by every user of the machine");
            assertFalse(command.contains("dev-keys"), service + ": " + command);
            assertFalse(service != ServiceSpec.GATEWAY && command.contains("smallrye.jwt.sign.key"),
                    service + " gets the signing key");
        }
    }

    @Test
    void theGatewayReadsEachServicesOpenApiFromItsManagementPort() {
        List<String> command = launch(Map.of()).process(ServiceSpec.GATEWAY, 8080, 9080, List.of()).command();

        assertTrue(command.contains("-Dagora.gateway.routes.agents=http://127.0.0.1:8081"));
        assertTrue(command.contains("-Dagora.gateway.management-urls.agents=http://127.0.0.1:9081"));
        assertTrue(command.contains("-Dagora.gateway.management-urls.triggers=http://127.0.0.1:9084"));
    }

    @Test
    void servicesRunTheLocalProfileAndReachLoopbackOnlyWhenTheDeveloperSaysSo() {
        for (ServiceSpec service : ServiceSpec.values()) {
            List<String> command = launch(Map.of()).process(service, 8080, 9080, List.of()).command();
            assertTrue(command.contains("-Dquarkus.profile=local"), command.toString());
            assertFalse(command.contains("-Dagora.outbound.allow-loopback=true"), command.toString());
            assertTrue(launch(Map.of("AGORA_OUTBOUND_ALLOW_LOOPBACK", "true")).process(service, 8080, 9080, List.of())
                    .command().contains("-Dagora.outbound.allow-loopback=true"), service.toString());
        }
    }

    private ServiceLaunch launch(Map<String, String> env) {
        Map<String, String> environment = new java.util.HashMap<>(env);
        environment.put("AGORA_HOME", home.toString());
        StackOptions options = StackOptions.fromEnvironment(Path.of("/repo"), environment);
        return new ServiceLaunch(options, InstallationKeys.ensure(options.keys()), 15432, "127.0.0.1:9092");
    }
}
