package dev.agora.local;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.Map;

import org.junit.jupiter.api.Test;

class StackOptionsTest {
    private static final Path ROOT = Path.of("/repo");

    @Test
    void theLocalStackListensOnLoopbackWithEachManagementPortAThousandAboveItsServicesPort() {
        StackOptions options = StackOptions.fromEnvironment(ROOT, Map.of());

        assertEquals("127.0.0.1", options.bindAddress());
        assertEquals("http://127.0.0.1:8080", options.url(ServiceSpec.GATEWAY));
        assertEquals("http://127.0.0.1:9080", options.managementUrl(ServiceSpec.GATEWAY));
        assertEquals("http://127.0.0.1:9084", options.managementUrl(ServiceSpec.TRIGGER_SERVICE));
        assertEquals(ROOT.resolve(".agora/keys").toAbsolutePath(), options.keys());
    }

    @Test
    void everyAddressAndEveryPortCanBeChosen() {
        StackOptions options = StackOptions.fromEnvironment(ROOT, Map.of("AGORA_BIND_ADDRESS", "0.0.0.0",
                "AGORA_GATEWAY_PORT", "18080", "AGORA_GATEWAY_MANAGEMENT_PORT", "19080", "AGORA_HOME", "/data/agora"));

        assertEquals("0.0.0.0", options.bindAddress());
        // the stack's own calls go to loopback, which every address includes
        assertEquals("http://127.0.0.1:18080", options.url(ServiceSpec.GATEWAY));
        assertEquals("http://127.0.0.1:19080", options.managementUrl(ServiceSpec.GATEWAY));
        assertEquals(Path.of("/data/agora/keys"), options.keys());
    }

    @Test
    void theDemosEchoAgentListensOn8090UnlessTold() {
        assertEquals(8090, StackOptions.echoAgentPort(Map.of()));
        assertEquals(18090, StackOptions.echoAgentPort(Map.of("AGORA_ECHO_AGENT_PORT", "18090")));
        IllegalArgumentException bad = assertThrows(IllegalArgumentException.class,
                () -> StackOptions.echoAgentPort(Map.of("AGORA_ECHO_AGENT_PORT", "echo")));
        assertTrue(bad.getMessage().startsWith("AGORA_ECHO_AGENT_PORT must be a port number"), bad.getMessage());
    }

    @Test
    void loopbackForOutboundCallsCanBeTurnedOnKeepingEverythingElse() {
        StackOptions options = StackOptions.fromEnvironment(ROOT, Map.of("AGORA_GATEWAY_PORT", "18080"));
        assertFalse(options.allowLoopback());
        StackOptions demo = options.withAllowLoopback(true);
        assertTrue(demo.allowLoopback());
        assertEquals(options, demo.withAllowLoopback(false));
    }

    @Test
    void aBadPortIsNamed() {
        IllegalArgumentException bad = assertThrows(IllegalArgumentException.class,
                () -> StackOptions.fromEnvironment(ROOT, Map.of("AGORA_MARKETPLACE_SERVICE_MANAGEMENT_PORT", "90x")));
        assertTrue(bad.getMessage().startsWith("AGORA_MARKETPLACE_SERVICE_MANAGEMENT_PORT must be a port number"),
                bad.getMessage());
        assertThrows(IllegalArgumentException.class, () -> StackOptions.fromEnvironment(ROOT, Map.of("AGORA_PG_PORT", "70000")));
    }
}
