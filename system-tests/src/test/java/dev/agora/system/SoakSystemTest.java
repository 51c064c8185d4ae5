package dev.agora.system;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;

import dev.agora.local.ServiceSpec;
import dev.agora.local.Stack;
import dev.agora.local.StackOptions;
import io.restassured.RestAssured;

/**
 * The steady writes of the chaos suite for a long while without faults (not in CI: {@code -Dagora.soak.minutes=30}).
 * Every write must be acknowledged, each service's live heap after collection must stay flat (its last sample at most
 * 25 % + 16 MiB above its first after the first minute that follows a full collection), and the invariants must hold at
 * the end. Prints one line per
 * minute: acknowledged writes, and each service's live heap and resident memory.
 */
@EnabledIfSystemProperty(named = "agora.soak.minutes", matches = "[0-9]+")
class SoakSystemTest {
    private static final Duration SAMPLE_EVERY = Duration.ofMinutes(1);
    private static Stack stack;
    private static SteadyWrites writes;
    private static PipelineInvariants invariants;
    private static StatusHook hook;
    private final HttpClient http = HttpClient.newHttpClient();

    @BeforeAll
    static void startTheStack() throws IOException {
        Path root = Path.of(System.getProperty("agora.root", "..")).toAbsolutePath().normalize();
        // the status hook's receiver listens on loopback, which the SSRF guard refuses by default
        stack = Stack.start(StackOptions.isolated(Files.createTempDirectory("agora-soak-"), root)
                .withServiceJvmProperties("-Dagora.outbound.allowed-hosts=127.0.0.1"));
        RestAssured.baseURI = stack.gatewayUrl();
        Accounts accounts = new Accounts(stack);
        Accounts.Account owner = accounts.register("soak-owner");
        hook = StatusHook.install(owner.token());
        writes = new SteadyWrites(stack, accounts, owner, accounts.register("soak-hirer"));
        invariants = new PipelineInvariants(stack, writes, hook, accounts.platformAdmin("soak-admin").token());
    }

    @AfterAll
    static void stopTheStack() {
        if (hook != null) {
            hook.close();
        }
        if (stack != null) {
            stack.close();
        }
    }

    @Test
    void runsForLongWithoutAnErrorWithFlatMemoryAndEveryInvariantHolding() throws Exception {
        int minutes = Integer.parseInt(System.getProperty("agora.soak.minutes"));
        Map<ServiceSpec, List<Long>> liveHeap = new EnumMap<>(ServiceSpec.class);
        writes.start();
        for (int minute = 1; minute <= minutes; minute++) {
            Thread.sleep(SAMPLE_EVERY.toMillis());
            StringBuilder line = new StringBuilder(String.format("minute %3d: %s;", minute, writes.summary()));
            for (ServiceSpec service : ServiceSpec.values()) {
                long live = metric(service, "jvm_gc_live_data_size_bytes");
                liveHeap.computeIfAbsent(service, s -> new ArrayList<>()).add(live);
                line.append(String.format(" %s live %d MiB RSS %d MiB", service.module(), live >> 20,
                        residentKib(stack.pid(service)) >> 10));
            }
            System.out.println(line);
        }
        writes.stop();

        Map<String, String> findings = invariants.awaitQuiet(Duration.ofMinutes(3));
        assertTrue(findings.values().stream().allMatch("ok"::equals), "invariants: " + findings);
        assertEquals(0, writes.refused.get(), "writes refused: " + writes.summary());
        liveHeap.forEach((service, samples) -> {
            // the baseline: the first sample after the first minute with a full collection behind it (0 before one)
            long first = samples.stream().skip(1).filter(live -> live > 0).findFirst().orElse(0L);
            long last = samples.get(samples.size() - 1);
            assertTrue(last <= first * 1.25 + (16L << 20), service.module() + " live heap grew from " + (first >> 20)
                    + " to " + (last >> 20) + " MiB: " + samples);
        });
    }

    /** The sum of a gauge's series on the service's Prometheus endpoint. */
    private long metric(ServiceSpec service, String name) throws IOException, InterruptedException {
        String body = http.send(HttpRequest.newBuilder(URI.create(stack.options().managementUrl(service) + "/q/metrics"))
                .timeout(Duration.ofSeconds(10)).build(), HttpResponse.BodyHandlers.ofString()).body();
        return Math.round(body.lines().filter(line -> line.startsWith(name + " ") || line.startsWith(name + "{"))
                .mapToDouble(line -> Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1))).sum());
    }

    private static long residentKib(long pid) throws IOException {
        return Files.readAllLines(Path.of("/proc/" + pid + "/status")).stream()
                .filter(line -> line.startsWith("VmRSS:"))
                .mapToLong(line -> Long.parseLong(line.replaceAll("[^0-9]", "")))
                .findFirst().orElse(0);
    }
}
