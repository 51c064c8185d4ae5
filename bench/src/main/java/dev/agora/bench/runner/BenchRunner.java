package dev.agora.bench.runner;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;

import dev.agora.local.ServiceSpec;
import dev.agora.local.Stack;
import dev.agora.local.StackOptions;
import dev.agora.localinfra.FreePorts;

/**
 * Runs the benchmarks of docs/BENCHMARKS.md and writes {@code bench/results/<date>.md}: the local stack's start-up
 * time, then in one stack agent-service against the raw Vert.x baseline, the gateway and memory
 * ({@link ServiceTargets}) and the outbox relay's drain ({@link RelayDrain}), the trigger engine (JMH), in a second
 * stack the propagation from agent-service to marketplace-service and the leaderboard reads, and in a third the
 * dispatch of hired work to an A2A agent. Each target is a class of its own; this one starts the stacks and writes
 * the report. Started by {@code bench/run.sh}, which pins this process (and so PostgreSQL, Kafka and the load
 * generators it starts) to CPU 1.
 */
public final class BenchRunner {
    static final List<String> SERVICE_JVM = List.of("-XX:ActiveProcessorCount=1", "-Xms128m", "-Xmx256m",
            "-XX:+UseSerialGC");
    static final List<String> CPU0 = List.of("taskset", "-c", "0");

    private final Path root;
    private final Report report = new Report();
    private BenchSettings settings;

    private BenchRunner(Path root) {
        this.root = root;
    }

    public static void main(String[] args) throws Exception {
        Path root = Path.of(args.length > 0 ? args[0] : ".").toAbsolutePath().normalize();
        BenchRunner runner = new BenchRunner(root);
        Path file = runner.runAll();
        System.out.println("report: " + file);
        // the load generators' executors are not daemons: the run is over once its report is written
        System.exit(0);
    }

    private Path runAll() throws Exception {
        Path work = root.resolve("bench/target/run-" + Instant.now().getEpochSecond());
        Files.createDirectories(work);
        settings = BenchSettings.fromSystemProperties(root, work);
        if (selected("7. local stack ready")) {
            stackStartUp();
        }
        if (java.util.stream.Stream.of("1. read", "2. gateway", "3. write", "5. relay", "7. footprint")
                .anyMatch(BenchRunner::selected)) {
            serviceBenchmarks();
        }
        // in-process, with no stack running: nothing else on CPU 0
        measure("6. trigger evaluation", () -> TriggerEvaluationJmh.run(report, work, settings.rounds()));
        measure("4. propagation and 8. leaderboard", this::propagation);
        measure("9. dispatch", this::dispatch);
        String trial = System.getProperty("bench.results");
        Path file = report.write(trial == null ? root.resolve("bench/results") : Path.of(trial), Machine.current(),
                "bench/run.sh" + (trial == null ? "" : " (trial run, settings " + settings.describe() + ")"));
        if (trial == null && System.getProperty("bench.only") == null) {
            updateSummary(file);
        }
        return file;
    }

    /** Targets 1, 2, 3, 5, 6 and 7 (footprint) in a stack of the gateway and agent-service, beside the baseline. */
    private void serviceBenchmarks() throws Exception {
        StackOptions options = new StackOptions(settings.work().resolve("stack"), root, FreePorts.next(), FreePorts.next(),
                FreePorts.next(), ports(), true, List.of())
                .withServiceJvmProperties("-Dquarkus.log.level=WARN")
                .withServices(EnumSet.of(ServiceSpec.GATEWAY, ServiceSpec.AGENT_SERVICE), SERVICE_JVM,
                        Map.of(ServiceSpec.GATEWAY, CPU0, ServiceSpec.AGENT_SERVICE, CPU0));
        try (Stack stack = Stack.start(options)) {
            BenchUser user = BenchUser.register(stack.gatewayUrl(), "owner");
            ServiceTargets targets = new ServiceTargets(report, settings, user);
            String agentService = options.url(ServiceSpec.AGENT_SERVICE);
            Path ids = BenchAgents.seed(agentService, user.token(), settings.agents(), settings.work());
            stack.kill(ServiceSpec.AGENT_SERVICE);
            ServiceTargets.copyDatabase(stack.postgresPort(), ServiceSpec.AGENT_SERVICE.database(), "bench_baseline");
            stack.restart(ServiceSpec.AGENT_SERVICE);
            int baselinePort = FreePorts.next();
            Process baseline = targets.startBaseline(baselinePort, stack.postgresPort());
            try {
                String baselineUrl = "http://127.0.0.1:" + baselinePort;
                measure("1. read", () -> targets.reads(baselineUrl, agentService, ids));
                measure("3. write with outbox", () -> targets.writes(baselineUrl, agentService));
                measure("2. gateway", () -> targets.gateway(stack, agentService, ids));
                measure("7. footprint", () -> targets.footprint(stack, baseline));
                measure("5. relay drain", () -> RelayDrain.run(report, stack, Integer.getInteger("bench.outbox.rows", 100_000)));
            } finally {
                baseline.destroy();
                baseline.waitFor();
            }
        }
    }

    /**
     * {@code -Dbench.only=1,3} runs only the targets with those numbers (a partial run, e.g. while tuning one of them;
     * its report says so). Unset: all of them.
     */
    private static boolean selected(String target) {
        String only = System.getProperty("bench.only");
        if (only == null || only.isBlank()) {
            return true;
        }
        for (String number : only.split(",")) {
            if (target.startsWith(number.strip() + ".") || target.contains(" " + number.strip() + ". ")) {
                return true;
            }
        }
        return false;
    }

    private interface Benchmark {
        void run() throws Exception;
    }

    /** Runs one benchmark; one that breaks is a failed target in the report, and the others still run. */
    private void measure(String target, Benchmark benchmark) {
        if (!selected(target)) {
            return;
        }
        try {
            benchmark.run();
        } catch (Exception | AssertionError e) {
            report.line("\n**" + target + " could not be measured:** " + e);
            report.verdict(target, "not measured (" + e.getClass().getSimpleName() + ")", "see report", false);
            e.printStackTrace();
        }
    }

    /**
     * Target 9 in a stack of its own: the gateway, marketplace-service (hires) and agent-service (dispatch) on CPU 0;
     * the agent, which listens on loopback, is allow-listed.
     */
    private void dispatch() throws Exception {
        StackOptions options = new StackOptions(settings.work().resolve("dispatch"), root, FreePorts.next(), FreePorts.next(),
                FreePorts.next(), ports(), true, List.of())
                .withServiceJvmProperties("-Dquarkus.log.level=WARN", "-Dagora.outbound.allowed-hosts=127.0.0.1")
                .withServices(EnumSet.of(ServiceSpec.GATEWAY, ServiceSpec.AGENT_SERVICE, ServiceSpec.MARKETPLACE_SERVICE),
                        SERVICE_JVM, Map.of(ServiceSpec.GATEWAY, CPU0, ServiceSpec.AGENT_SERVICE, CPU0,
                                ServiceSpec.MARKETPLACE_SERVICE, CPU0));
        try (Stack stack = Stack.start(options)) {
            // publishing and hiring take a verified address: each opens the mail the gateway wrote to the stack's mailbox
            BenchUser owner = BenchUser.register(stack.gatewayUrl(), "owner");
            owner.verifyEmail(stack);
            BenchUser hirer = BenchUser.register(stack.gatewayUrl(), "hirer");
            hirer.verifyEmail(stack);
            Dispatch.run(report, stack, options.url(ServiceSpec.MARKETPLACE_SERVICE), owner.token(), hirer.token(),
                    Integer.getInteger("bench.dispatch.rate", 100), settings.warmupSeconds(),
                    Integer.getInteger("bench.dispatch.seconds", 60), Integer.getInteger("bench.dispatch.held", 1000));
        }
    }

    /**
     * Targets 4 and 8 in a stack of their own: agent-service (the writer) and marketplace-service (the consumer, then
     * the leaderboard reader) share CPU 0; the gateway only signs the bench user in.
     */
    private void propagation() throws Exception {
        StackOptions options = new StackOptions(settings.work().resolve("propagation"), root, FreePorts.next(), FreePorts.next(),
                FreePorts.next(), ports(), true, List.of())
                .withServiceJvmProperties("-Dquarkus.log.level=WARN")
                .withServices(EnumSet.of(ServiceSpec.GATEWAY, ServiceSpec.AGENT_SERVICE, ServiceSpec.MARKETPLACE_SERVICE),
                        SERVICE_JVM, Map.of(ServiceSpec.AGENT_SERVICE, CPU0, ServiceSpec.MARKETPLACE_SERVICE, CPU0));
        try (Stack stack = Stack.start(options)) {
            String token = BenchUser.register(stack.gatewayUrl(), "owner").token();
            List<String> ids = new ArrayList<>();
            for (int i = 0; i < 200; i++) {
                ids.add(BenchAgents.create(options.url(ServiceSpec.AGENT_SERVICE), token, "probe-" + i));
            }
            Propagation.run(report, stack, settings.work(), ids, token, Integer.getInteger("bench.propagation.rate", 500),
                    settings.warmupSeconds(), Integer.getInteger("bench.propagation.seconds", 120));
            // the reads are measured on an idle marketplace-service: the writer stops, and the consumer finishes
            // whatever the propagation run left it to apply
            stack.kill(ServiceSpec.AGENT_SERVICE);
            Propagation.awaitConsumerIdle(stack);
            LeaderboardReads.run(report, stack, Integer.getInteger("bench.leaderboard.agents", 100_000),
                    Integer.getInteger("bench.leaderboard.rate", 200), settings.warmupSeconds(), settings.seconds());
            long rss = Machine.rssMiB(stack.pid(ServiceSpec.MARKETPLACE_SERVICE));
            report.line("\nmarketplace-service after the propagation and leaderboard runs: RSS " + rss + " MiB (-Xmx256m)");
            report.verdict("7. RSS marketplace-service", rss + " MiB", "≤ 200 MB", rss <= 200 * 1_000_000L / (1024 * 1024));
        }
    }

    /**
     * Target 7b: the whole local stack (five services, lean flags, as ./run.sh starts it) ready within 60 s on the
     * machine's two cores. It is started on both CPUs (until the run of 2026-12-02 it inherited the runner's CPU 1
     * and started on one core); the stack then keeps both CPUs until it is stopped.
     */
    private void stackStartUp() {
        StackOptions options = StackOptions.isolated(settings.work().resolve("startup"), root);
        String all = "0-" + (Machine.onlineCores() - 1);
        Machine.onCpus(all, "1", () -> {
            Instant start = Instant.now();
            try (Stack stack = Stack.start(options)) {
                Duration ready = Duration.between(start, Instant.now());
                for (ServiceSpec service : ServiceSpec.values()) {
                    report.line("- " + service.module() + " RSS when ready (idle, the local stack's flags): "
                            + Machine.rssMiB(stack.pid(service)) + " MiB");
                }
                report.section("Start-up: the whole local stack");
                report.line("PostgreSQL (a new data folder), Kafka and the five services started with the local "
                        + "stack's flags on CPUs " + all + ", until every service answered UP on /q/health/ready: **"
                        + ready.toMillis() / 1000.0 + " s**.");
                report.verdict("7. local stack ready", ready.toMillis() / 1000.0 + " s", "≤ 60 s", ready.toSeconds() <= 60);
            }
            return null;
        });
    }

    private void updateSummary(Path reportFile) throws IOException {
        Path summary = root.resolve("docs/BENCHMARKS.md");
        String marker = "<!-- latest-run -->";
        String latest = marker + "\nLatest run: [" + root.relativize(reportFile) + "](../" + root.relativize(reportFile)
                + ")\n\n" + report.summaryTable() + marker;
        String text = Files.exists(summary) ? Files.readString(summary) : "# Benchmarks\n\n" + marker + "\n" + marker + "\n";
        int start = text.indexOf(marker);
        int end = text.indexOf(marker, start + marker.length());
        String updated = start < 0 || end < 0 ? text + "\n" + latest + "\n"
                : text.substring(0, start) + latest + text.substring(end + marker.length());
        Files.createDirectories(summary.getParent());
        Files.writeString(summary, updated);
    }

    private static Map<ServiceSpec, Integer> ports() {
        Map<ServiceSpec, Integer> ports = new EnumMap<>(ServiceSpec.class);
        for (ServiceSpec service : ServiceSpec.values()) {
            ports.put(service, FreePorts.next());
        }
        return ports;
    }
}
