package dev.agora.common.outbound;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.InetAddress;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import io.quarkus.runtime.LaunchMode;

/** The prod profile refuses an outbound allow-list that admits loopback or private ranges, naming the property. */
class AllowListGuardTest {

    @ParameterizedTest
    @ValueSource(strings = { "127.0.0.1/32", "127.0.0.1", "::1", "10.1.0.0/16", "172.20.0.1", "192.168.0.0/16",
            "169.254.169.254", "100.64.0.1", "fd00::/8", "fe80::1", "0.0.0.0/0", "::/0", "8.0.0.0/4", "localhost",
            "agent.localhost", "LOCALHOST" })
    void refusesEntriesThatAdmitAddressesThatAreNotPublic(String entry) {
        List<AllowListGuard.Finding> findings = guard(Map.of(OutboundConfig.ALLOWED_HOSTS, "api.example.com," + entry))
                .findings();

        assertEquals(1, findings.size(), findings.toString());
        assertEquals(OutboundConfig.ALLOWED_HOSTS, findings.get(0).property());
        assertEquals(entry, findings.get(0).entry());
    }

    @ParameterizedTest
    @ValueSource(strings = { "93.184.216.34", "93.184.216.0/24", "2606:2800:220:1::/64", "mcp.tools.svc.cluster.local",
            "agents.internal.example" })
    void allowsPublicAddressesAndHostNames(String entry) {
        assertEquals(List.of(), guard(Map.of(OutboundConfig.ALLOWED_HOSTS, entry)).findings());
    }

    @Test
    void refusesAllowLoopback() {
        assertEquals(List.of(OutboundConfig.ALLOW_LOOPBACK),
                properties(guard(Map.of(OutboundConfig.ALLOW_LOOPBACK, "true"))));
        assertEquals(List.of(), guard(Map.of(OutboundConfig.ALLOW_LOOPBACK, "false")).findings());
    }

    @Test
    void nothingConfiguredIsFine() {
        assertDoesNotThrow(() -> guard(Map.of()).check());
        assertDoesNotThrow(() -> guard(Map.of(OutboundConfig.ALLOWED_HOSTS, " ")).check());
    }

    @Test
    void theRefusalNamesThePropertyAndWhatItAdmits() {
        IllegalStateException refused = assertThrows(IllegalStateException.class, () -> guard(Map.of(
                OutboundConfig.ALLOWED_HOSTS, "127.0.0.1/32, 10.0.0.0/8", OutboundConfig.ALLOW_LOOPBACK, "true")).check());

        assertTrue(refused.getMessage().contains("agora.outbound.allowed-hosts admits loopback 127.0.0.0/8 (127.0.0.1/32)"),
                refused.getMessage());
        assertTrue(refused.getMessage().contains("agora.outbound.allowed-hosts admits private 10.0.0.0/8 (10.0.0.0/8)"),
                refused.getMessage());
        assertTrue(refused.getMessage().contains("agora.outbound.allow-loopback admits loopback"), refused.getMessage());
    }

    @Test
    void aMalformedEntryIsNamed() {
        IllegalStateException bad = assertThrows(IllegalStateException.class,
                () -> guard(Map.of(OutboundConfig.ALLOWED_HOSTS, "10.0.0.0/33")).findings());
        assertTrue(bad.getMessage().contains("agora.outbound.allowed-hosts"), bad.getMessage());
    }

    @Test
    void theRangesCheckedAreTheOnesTheGuardRefuses() throws Exception {
        for (String range : AllowListGuard.NOT_PUBLIC.keySet()) {
            String network = range.substring(0, range.indexOf('/'));
            assertFalse(UrlGuard.isPublic(InetAddress.getByName(network)), range);
        }
    }

    @Test
    void onlyABuiltServiceInTheProdProfileIsChecked() {
        assertTrue(AllowListStartupCheck.applies(LaunchMode.NORMAL, List.of("prod")));
        assertFalse(AllowListStartupCheck.applies(LaunchMode.NORMAL, List.of("local")));
        assertFalse(AllowListStartupCheck.applies(LaunchMode.DEVELOPMENT, List.of("dev")));
        assertFalse(AllowListStartupCheck.applies(LaunchMode.TEST, List.of("test")));
    }

    private static AllowListGuard guard(Map<String, String> config) {
        return new AllowListGuard(property -> Optional.ofNullable(config.get(property)));
    }

    private static List<String> properties(AllowListGuard guard) {
        return guard.findings().stream().map(AllowListGuard.Finding::property).toList();
    }
}
