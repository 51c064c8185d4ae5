package dev.agora.system;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import dev.agora.local.ServiceSpec;
import dev.agora.local.Stack;
import dev.agora.local.StackOptions;
import io.restassured.RestAssured;

/**
 * Faults injected one after the other into the running stack while an owner keeps creating, activating and publishing
 * agents and a user keeps hiring them, all through the gateway. After each fault, once the stack is quiet, every
 * acknowledged write exists, every projection equals what its source says, nothing was applied twice, every outbox is
 * empty and no event was dead-lettered. Prints a table of faults × invariants. One fault is no crash: projections
 * edited behind their services' backs, repaired once agent-service sends its agents again.
 */
class ChaosSystemTest {
    private static final Duration QUIET = Duration.ofSeconds(150);
    private static final Duration OUTAGE = Duration.ofSeconds(30);
    private static Stack stack;
    private static SteadyWrites writes;
    private static PipelineInvariants invariants;
    private static StatusHook hook;
    private static ProjectionDrift drift;

    @BeforeAll
    static void startTheStack() throws IOException {
        Path root = Path.of(System.getProperty("agora.root", "..")).toAbsolutePath().normalize();
        Path home = Files.createTempDirectory("agora-chaos-");
        // the status hook's receiver listens on loopback, which the SSRF guard refuses by default
        stack = Stack.start(StackOptions.isolated(home, root).withDatabaseLink()
                .withServiceJvmProperties("-Dagora.outbound.allowed-hosts=127.0.0.1"));
        RestAssured.baseURI = stack.gatewayUrl();
        Accounts accounts = new Accounts(stack);
        Accounts.Account owner = accounts.register("chaos-owner");
        hook = StatusHook.install(owner.token());
        writes = new SteadyWrites(stack, accounts, owner, accounts.register("chaos-hirer"));
        String admin = accounts.platformAdmin("chaos-admin").token();
        invariants = new PipelineInvariants(stack, writes, hook, admin);
        drift = new ProjectionDrift(stack, writes, admin);
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

    private record Fault(String name, Runnable inject) {
    }

    @Test
    void everyFaultLeavesEachAcknowledgedWriteAppliedExactlyOnceAndNothingBehind() throws Exception {
        List<Fault> faults = new ArrayList<>();
        for (ServiceSpec service : ServiceSpec.values()) {
            faults.add(new Fault("kill -9 " + service.module(), () -> {
                stack.kill(service);
                pause(Duration.ofSeconds(2));
                stack.restart(service);
            }));
        }
        faults.add(new Fault("kill -9 Kafka broker", () -> {
            stack.killKafka();
            pause(Duration.ofSeconds(3));
            stack.startKafka();
        }));
        faults.add(new Fault("database outage " + OUTAGE.toSeconds() + " s", () -> {
            stack.cutDatabase();
            try {
                pause(OUTAGE);
            } finally {
                stack.restoreDatabase();
            }
        }));
        faults.add(new Fault("SIGSTOP marketplace-service " + OUTAGE.toSeconds() + " s", () -> {
            stack.pause(ServiceSpec.MARKETPLACE_SERVICE);
            try {
                pause(OUTAGE);
            } finally {
                stack.resume(ServiceSpec.MARKETPLACE_SERVICE);
            }
        }));
        faults.add(new Fault("projections drift, agents resent", () -> drift.driftAndResend()));
        faults.add(new Fault("rolling restart", () -> {
            for (ServiceSpec service : ServiceSpec.values()) {
                stack.restartGracefully(service);
            }
        }));

        Map<String, Map<String, String>> table = new LinkedHashMap<>();
        for (Fault fault : faults) {
            writes.start();
            writes.awaitAcknowledged(3, QUIET);
            fault.inject().run();
            // the stack takes writes again before the load stops
            writes.awaitAcknowledged(3, QUIET);
            writes.stop();
            table.put(fault.name(), invariants.awaitQuiet(QUIET));
        }
        String report = report(table);
        System.out.println(report);
        assertTrue(table.values().stream().allMatch(row -> row.values().stream().allMatch("ok"::equals)), report);
        assertTrue(writes.published.size() >= faults.size(), "the load published only " + writes.published.size() + " agents");
    }

    private static String report(Map<String, Map<String, String>> table) {
        StringBuilder out = new StringBuilder("\nFaults × invariants (" + writes.summary() + " during faults)\n");
        List<String> invariants = table.values().iterator().next().keySet().stream().toList();
        out.append(String.format("%-38s", "fault"));
        invariants.forEach(name -> out.append(" | ").append(name));
        out.append('\n');
        table.forEach((fault, row) -> {
            out.append(String.format("%-38s", fault));
            invariants.forEach(name -> out.append(" | ").append(String.format("%-" + name.length() + "s",
                    "ok".equals(row.get(name)) ? "ok" : "FAIL")));
            out.append('\n');
            row.forEach((name, finding) -> {
                if (!"ok".equals(finding)) {
                    out.append("    ").append(name).append(": ").append(finding).append('\n');
                }
            });
        });
        return out.toString();
    }

    /** A fault's length (the outage, the stall) or the load's pace: time itself, not a condition to wait for. */
    private static void pause(Duration duration) {
        try {
            Thread.sleep(duration.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
