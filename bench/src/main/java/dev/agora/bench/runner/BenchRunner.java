package dev.agora.bench.runner;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.EnumMap;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.OptionalInt;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.IntFunction;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import dev.agora.bench.load.ConstantRateLoad;
import dev.agora.bench.load.ConstantRateLoad.Call;
import dev.agora.bench.load.Wrk;
import dev.agora.local.LocalMailbox;
import dev.agora.local.ServiceSpec;
import dev.agora.local.Stack;
import dev.agora.local.StackOptions;
import dev.agora.localinfra.FreePorts;
import dev.agora.testsupport.HangingUpCallers;
import dev.agora.localinfra.Postgres;
import io.vertx.core.http.HttpMethod;

/**
 * Runs the benchmarks of docs/BENCHMARKS.md and writes {@code bench/results/<date>.md}: the local stack's start-up
 * time, then agent-service against the raw Vert.x baseline (reads and writes), the gateway against calling the
 * service directly, memory, the outbox relay's drain, the trigger engine (JMH), and in a second stack the
 * propagation from agent-service to marketplace-service and the leaderboard reads, and in a third the dispatch of hired
 * work to an A2A agent. Started by {@code bench/run.sh}, which pins this process (and so
 * PostgreSQL, Kafka and the load generators it starts) to CPU 1.
 */
public final class BenchRunner {
    private static final List<String> SERVICE_JVM = List.of("-XX:ActiveProcessorCount=1", "-Xms128m", "-Xmx256m",
            "-XX:+UseSerialGC");
    private static final List<String> CPU0 = List.of("taskset", "-c", "0");
    private static final Pattern ID = Pattern.compile("\"id\"\\s*:\\s*\"([0-9a-f-]{36})\"");
    private static final Pattern ACCESS_TOKEN = Pattern.compile("\"accessToken\"\\s*:\\s*\"([^\"]+)\"");
    private static final String PASSWORD = "bench-password-not-secret";

    private final Path root;
    private final int rounds = Integer.getInteger("bench.rounds", 3);
    private final int seconds = Integer.getInteger("bench.seconds", 20);
    private final int warmupSeconds = Integer.getInteger("bench.warmup.seconds", 90);
    private final int connections = Integer.getInteger("bench.connections", 32);
    private final int agents = Integer.getInteger("bench.agents", 2000);
    private final Report report = new Report();
    /** Runs where more than 1% of the requests failed: their figures cannot pass a target. */
    private final List<String> invalidRuns = new ArrayList<>();
    private final HttpClient http = HttpClient.newHttpClient();
    private final String email = "bench-" + UUID.randomUUID() + "@example.org";
    private Path work;
    private String gateway;

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
        work = root.resolve("bench/target/run-" + Instant.now().getEpochSecond());
        Files.createDirectories(work);
        if (selected("7. local stack ready")) {
            stackStartUp();
        }
        if (java.util.stream.Stream.of("1. read", "2. gateway", "3. write", "5. relay", "7. footprint")
                .anyMatch(BenchRunner::selected)) {
            serviceBenchmarks();
        }
        // in-process, with no stack running: nothing else on CPU 0
        measure("6. trigger evaluation", () -> TriggerEvaluationJmh.run(report, work, rounds));
        measure("4. propagation and 8. leaderboard", this::propagation);
        measure("9. dispatch", this::dispatch);
        String trial = System.getProperty("bench.results");
        Path file = report.write(trial == null ? root.resolve("bench/results") : Path.of(trial), Machine.current(),
                "bench/run.sh" + (trial == null ? "" : " (trial run, settings " + settings() + ")"));
        if (trial == null && System.getProperty("bench.only") == null) {
            updateSummary(file);
        }
        return file;
    }

    /** Targets 1, 2, 3, 5, 6 and 7 (footprint) in a stack of the gateway and agent-service, beside the baseline. */
    private void serviceBenchmarks() throws Exception {
        StackOptions options = new StackOptions(work.resolve("stack"), root, FreePorts.next(), FreePorts.next(),
                FreePorts.next(), ports(), true, List.of())
                .withServiceJvmProperties("-Dquarkus.log.level=WARN")
                .withServices(EnumSet.of(ServiceSpec.GATEWAY, ServiceSpec.AGENT_SERVICE), SERVICE_JVM,
                        Map.of(ServiceSpec.GATEWAY, CPU0, ServiceSpec.AGENT_SERVICE, CPU0));
        try (Stack stack = Stack.start(options)) {
            gateway = stack.gatewayUrl();
            registerBenchUser();
            String agentService = options.url(ServiceSpec.AGENT_SERVICE);
            Path ids = seed(agentService);
            stack.kill(ServiceSpec.AGENT_SERVICE);
            copyDatabase(stack.postgresPort(), ServiceSpec.AGENT_SERVICE.database(), "bench_baseline");
            stack.restart(ServiceSpec.AGENT_SERVICE);
            int baselinePort = FreePorts.next();
            Process baseline = startBaseline(baselinePort, stack.postgresPort());
            try {
                String baselineUrl = "http://127.0.0.1:" + baselinePort;
                measure("1. read", () -> reads(baselineUrl, agentService, ids));
                measure("3. write with outbox", () -> writes(baselineUrl, agentService));
                measure("2. gateway", () -> gateway(stack, agentService, ids));
                measure("7. footprint", () -> footprint(stack, baseline));
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
        StackOptions options = new StackOptions(work.resolve("dispatch"), root, FreePorts.next(), FreePorts.next(),
                FreePorts.next(), ports(), true, List.of())
                .withServiceJvmProperties("-Dquarkus.log.level=WARN", "-Dagora.outbound.allowed-hosts=127.0.0.1")
                .withServices(EnumSet.of(ServiceSpec.GATEWAY, ServiceSpec.AGENT_SERVICE, ServiceSpec.MARKETPLACE_SERVICE),
                        SERVICE_JVM, Map.of(ServiceSpec.GATEWAY, CPU0, ServiceSpec.AGENT_SERVICE, CPU0,
                                ServiceSpec.MARKETPLACE_SERVICE, CPU0));
        try (Stack stack = Stack.start(options)) {
            gateway = stack.gatewayUrl();
            registerBenchUser();
            // publishing and hiring take a verified address: each opens the mail the gateway wrote to the stack's mailbox
            verifyEmail(stack, email);
            String owner = token();
            String hirerEmail = "bench-hirer-" + UUID.randomUUID() + "@example.org";
            register(hirerEmail);
            verifyEmail(stack, hirerEmail);
            Dispatch.run(report, stack, options.url(ServiceSpec.MARKETPLACE_SERVICE), owner, login(hirerEmail), Integer.getInteger("bench.dispatch.rate", 100),
                    warmupSeconds, Integer.getInteger("bench.dispatch.seconds", 60), Integer.getInteger("bench.dispatch.held", 1000));
        }
    }

    /**
     * Targets 4 and 8 in a stack of their own: agent-service (the writer) and marketplace-service (the consumer, then
     * the leaderboard reader) share CPU 0; the gateway only signs the bench user in.
     */
    private void propagation() throws Exception {
        StackOptions options = new StackOptions(work.resolve("propagation"), root, FreePorts.next(), FreePorts.next(),
                FreePorts.next(), ports(), true, List.of())
                .withServiceJvmProperties("-Dquarkus.log.level=WARN")
                .withServices(EnumSet.of(ServiceSpec.GATEWAY, ServiceSpec.AGENT_SERVICE, ServiceSpec.MARKETPLACE_SERVICE),
                        SERVICE_JVM, Map.of(ServiceSpec.AGENT_SERVICE, CPU0, ServiceSpec.MARKETPLACE_SERVICE, CPU0));
        try (Stack stack = Stack.start(options)) {
            gateway = stack.gatewayUrl();
            registerBenchUser();
            String token = token();
            List<String> ids = new ArrayList<>();
            for (int i = 0; i < 200; i++) {
                ids.add(create(options.url(ServiceSpec.AGENT_SERVICE), token, "probe-" + i));
            }
            Propagation.run(report, stack, work, ids, token, Integer.getInteger("bench.propagation.rate", 500),
                    warmupSeconds, Integer.getInteger("bench.propagation.seconds", 120));
            // the reads are measured on an idle marketplace-service: the writer stops, and the consumer finishes
            // whatever the propagation run left it to apply
            stack.kill(ServiceSpec.AGENT_SERVICE);
            Propagation.awaitConsumerIdle(stack);
            LeaderboardReads.run(report, stack, Integer.getInteger("bench.leaderboard.agents", 100_000),
                    Integer.getInteger("bench.leaderboard.rate", 200), warmupSeconds, seconds);
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
        StackOptions options = StackOptions.isolated(work.resolve("startup"), root);
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

    private void registerBenchUser() throws IOException, InterruptedException {
        register(email);
    }

    private void verifyEmail(Stack stack, String address) throws IOException, InterruptedException {
        String token = new LocalMailbox(stack.mailDirectory()).verificationToken(address, Duration.ofSeconds(30));
        HttpResponse<String> verified = http.send(HttpRequest.newBuilder(URI.create(gateway + "/auth/verify-email"))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString("{\"token\":\"" + token + "\"}")).build(),
                HttpResponse.BodyHandlers.ofString());
        if (verified.statusCode() != 204) {
            throw new IllegalStateException("could not verify the bench user's address: " + verified.body());
        }
    }

    private void register(String address) throws IOException, InterruptedException {
        HttpResponse<String> registered = http.send(HttpRequest.newBuilder(URI.create(gateway + "/auth/register"))
                .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString("{\"email\":\""
                        + address + "\",\"password\":\"" + PASSWORD + "\",\"displayName\":\"Bench\"}")).build(),
                HttpResponse.BodyHandlers.ofString());
        if (registered.statusCode() != 201) {
            throw new IllegalStateException("could not register the bench user: " + registered.body());
        }
    }

    /** A fresh access token from the gateway (they live 15 minutes; the runs together take longer). */
    private String token() {
        return login(email);
    }

    private String login(String address) {
        try {
            HttpResponse<String> login = http.send(HttpRequest.newBuilder(URI.create(gateway + "/auth/login"))
                    .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString("{\"email\":\""
                            + address + "\",\"password\":\"" + PASSWORD + "\"}")).build(), HttpResponse.BodyHandlers.ofString());
            Matcher token = ACCESS_TOKEN.matcher(login.body());
            if (login.statusCode() != 200 || !token.find()) {
                throw new IllegalStateException("could not log the bench user in: " + login.body());
            }
            return token.group(1);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private Path seed(String agentService) throws Exception {
        String token = token();
        List<String> ids = new ArrayList<>();
        ExecutorService pool = Executors.newFixedThreadPool(8);
        try {
            List<Future<String>> created = new ArrayList<>();
            for (int i = 0; i < agents; i++) {
                int n = i;
                created.add(pool.submit(() -> create(agentService, token, "seed-" + n)));
            }
            for (Future<String> id : created) {
                ids.add(id.get());
            }
        } finally {
            pool.shutdown();
        }
        Path file = work.resolve("agent-ids.txt");
        Files.write(file, ids);
        return file;
    }

    private String create(String url, String token, String slug) throws IOException, InterruptedException {
        String body = "{\"name\":\"Bench " + slug + "\",\"description\":\"A benchmark agent\",\"subdomain\":\"" + slug
                + "\",\"repoOwner\":\"bench\",\"repoName\":\"" + slug + "\",\"githubUrl\":\"https://github.com/bench/"
                + slug + "\",\"category\":\"General\",\"tags\":[\"bench\"],\"priceMicroalgo\":1000}";
        HttpResponse<String> response = http.send(HttpRequest.newBuilder(URI.create(url + "/api/agents"))
                .header("Authorization", "Bearer " + token).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
        Matcher id = ID.matcher(response.body());
        if (response.statusCode() != 201 || !id.find()) {
            throw new IllegalStateException("seeding failed: " + response.statusCode() + " " + response.body());
        }
        return id.group(1);
    }

    /** Target 1: GET /api/agents/{id}, maximum throughput and p99 at half the baseline's maximum. */
    private double reads(String baselineUrl, String agentService, Path ids) {
        report.section("1. Read: GET /api/agents/{id} (agent-service vs raw Vert.x + pg client)");
        Path script = extract("/bench/get-agent.lua");
        Throughputs measured = alternate("baseline", (round, warmup, token) -> wrk(baselineUrl, script, warmup,
                Map.of("IDS_FILE", ids.toString())), "agent-service", (round, warmup, token) -> wrk(agentService, script,
                warmup, Map.of("IDS_FILE", ids.toString(), "TOKEN", token)));
        List<Double> baseline = measured.first();
        List<Double> agora = measured.second();
        double baselineMax = median(baseline);
        double ratio = median(agora) / baselineMax;
        report.line("\nMedian maximum throughput: baseline " + fmt(baselineMax) + " req/s, agent-service "
                + fmt(median(agora)) + " req/s, ratio **" + Report.ratio(ratio) + "**.");
        report.verdict("1a. read throughput ratio", Report.ratio(ratio), "≥ 0.45", ratio >= 0.45 && valid());

        double half = baselineMax / 2;
        List<String> idList = lines(ids);
        List<Double> baseP99 = new ArrayList<>();
        List<Double> agoraP99 = new ArrayList<>();
        for (int round = 0; round <= rounds; round++) {
            boolean warmup = round == 0;
            String token = token();
            ConstantRateLoad.Result b = constantRate(baselineUrl, half, warmup, getAgent(idList, Map.of()));
            ConstantRateLoad.Result a = constantRate(agentService, half, warmup,
                    getAgent(idList, Map.of("Authorization", "Bearer " + token)));
            if (!warmup) {
                baseP99.add(b.p99Micros() / 1000.0);
                agoraP99.add(a.p99Micros() / 1000.0);
                report.line("- constant " + fmt(half) + " req/s, round " + round + ": baseline " + b.summary()
                        + "; agent-service " + a.summary());
            }
        }
        double p99Ratio = median(agoraP99) / median(baseP99);
        report.line("\nMedian p99 at " + fmt(half) + " req/s: baseline " + fmt2(median(baseP99)) + " ms, agent-service "
                + fmt2(median(agoraP99)) + " ms, ratio **" + Report.ratio(p99Ratio) + "**.");
        report.verdict("1b. read p99 at half load, ratio", Report.ratio(p99Ratio), "≤ 2", p99Ratio <= 2);
        return baselineMax;
    }

    /** Target 3: POST /api/agents (agent row + outbox row in one transaction) vs the same two inserts. */
    private void writes(String baselineUrl, String agentService) {
        report.section("3. Write with outbox: POST /api/agents");
        Path script = extract("/bench/create-agent.lua");
        Throughputs measured = alternate("baseline", (round, warmup, token) -> wrk(baselineUrl, script, warmup,
                Map.of("PREFIX", "b" + round)), "agent-service", (round, warmup, token) -> wrk(agentService, script,
                warmup, Map.of("PREFIX", "a" + round, "TOKEN", token)));
        List<Double> baseline = measured.first();
        List<Double> agora = measured.second();
        double ratio = median(agora) / median(baseline);
        report.line("\nMedian: baseline " + fmt(median(baseline)) + " req/s, agent-service " + fmt(median(agora))
                + " req/s, ratio **" + Report.ratio(ratio) + "** (agent-service also validates, authenticates and relays "
                + "every event to Kafka on the same CPU).");
        report.verdict("3. write-with-outbox ratio", Report.ratio(ratio), "≥ 0.50", ratio >= 0.50 && valid());
    }

    /**
     * Target 2: the gateway on CPU 0 in front of agent-service, which moves to CPU 1 for this part so that both
     * paths reach the same service on the same CPU.
     */
    private void gateway(Stack stack, String agentService, Path ids) {
        report.section("2. Gateway: GET /api/agents/{id} through the gateway vs directly");
        taskset("1", stack.pid(ServiceSpec.AGENT_SERVICE));
        String gatewayUrl = stack.gatewayUrl();
        Path script = extract("/bench/get-agent.lua");
        Throughputs measured = alternate("direct", (round, warmup, token) -> wrk(agentService, script, warmup,
                Map.of("IDS_FILE", ids.toString(), "TOKEN", token)), "through the gateway",
                (round, warmup, token) -> wrk(gatewayUrl, script, warmup, Map.of("IDS_FILE", ids.toString(), "TOKEN", token)));
        List<Double> direct = measured.first();
        List<Double> viaGateway = measured.second();
        double directMax = median(direct);
        double ratio = median(viaGateway) / directMax;
        report.line("\nMedian: direct " + fmt(directMax) + " req/s, through the gateway " + fmt(median(viaGateway))
                + " req/s, ratio **" + Report.ratio(ratio) + "**.");
        report.verdict("2a. gateway throughput ratio", Report.ratio(ratio), "≥ 0.60", ratio >= 0.60 && valid());

        double half = directMax / 2;
        List<String> idList = lines(ids);
        List<Double> added = new ArrayList<>();
        for (int round = 0; round <= rounds; round++) {
            boolean warmup = round == 0;
            Map<String, String> auth = Map.of("Authorization", "Bearer " + token());
            ConstantRateLoad.Result d = constantRate(agentService, half, warmup, getAgent(idList, auth));
            ConstantRateLoad.Result g = constantRate(gatewayUrl, half, warmup, getAgent(idList, auth));
            if (!warmup) {
                added.add((g.p99Micros() - d.p99Micros()) / 1000.0);
                report.line("- constant " + fmt(half) + " req/s, round " + round + ": direct " + d.summary()
                        + "; through the gateway " + g.summary());
            }
        }
        double addedP99 = median(added);
        report.line("\nMedian p99 added by the gateway at " + fmt(half) + " req/s: **" + fmt2(addedP99) + " ms**.");
        // a proxied request makes the direct request too: a gateway p99 well below direct's says the host changed
        // between the two measurements by more than they compare, and proves nothing either way
        boolean conclusive = addedP99 >= -2;
        if (!conclusive) {
            report.line("The proxied path's p99 is below the direct path's, which it contains: the host's noise between "
                    + "the measurements is larger than the gateway's cost, so this measurement is inconclusive.");
        }
        report.verdict("2b. gateway added p99 at half load",
                fmt2(addedP99) + " ms" + (conclusive ? "" : " (inconclusive: below direct)"), "≤ 2 ms",
                conclusive && addedP99 <= 2);
        taskset("0", stack.pid(ServiceSpec.AGENT_SERVICE));
    }

    /** Target 7a: every service's resident memory after the load runs. */
    private void footprint(Stack stack, Process baseline) {
        report.section("7. Footprint after the load runs");
        for (ServiceSpec service : List.of(ServiceSpec.GATEWAY, ServiceSpec.AGENT_SERVICE)) {
            long rss = Machine.rssMiB(stack.pid(service));
            report.line("- " + service.module() + ": RSS " + rss + " MiB (-Xmx256m)");
            report.verdict("7. RSS " + service.module(), rss + " MiB", "≤ 200 MB", rss <= 200 * 1_000_000L / (1024 * 1024));
        }
        report.line("- baseline (for comparison): RSS " + Machine.rssMiB(baseline.pid()) + " MiB");
        report.line("- agent-service database connections in use once idle, after every wrk round ended by closing its "
                + "32 connections with requests in flight: " + activeSqlConnections(stack.options().managementUrl(ServiceSpec.AGENT_SERVICE))
                + " of 20 (the outbox relay holds one; more is a connection lost to a hang-up)");
    }

    /** {@code sql_pool_active} on the service's {@code /q/metrics} (its management interface). */
    private String activeSqlConnections(String managementUrl) {
        try {
            String metrics = http.send(HttpRequest.newBuilder(URI.create(managementUrl + "/q/metrics")).build(),
                    HttpResponse.BodyHandlers.ofString()).body();
            OptionalInt active = HangingUpCallers.activeSqlConnections(metrics);
            return active.isPresent() ? String.valueOf(active.getAsInt()) : "unknown";
        } catch (IOException e) {
            return "unknown (" + e.getMessage() + ")";
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return "unknown (interrupted)";
        }
    }

    /** One wrk run of a pair, in a round, with that round's access token. */
    private interface WrkRun {
        Wrk.Result run(int round, boolean warmup, String token);
    }

    /** Requests per second of each side of a pair, per measured round. */
    private record Throughputs(List<Double> first, List<Double> second) {
    }

    /**
     * A pair measured alternately with wrk: a warm-up round (discarded), then {@code rounds} rounds, each reported;
     * both runs of a round share one fresh access token.
     */
    private Throughputs alternate(String firstName, WrkRun first, String secondName, WrkRun second) {
        Throughputs measured = new Throughputs(new ArrayList<>(), new ArrayList<>());
        for (int round = 0; round <= rounds; round++) {
            boolean warmup = round == 0;
            String token = token();
            Wrk.Result a = first.run(round, warmup, token);
            Wrk.Result b = second.run(round, warmup, token);
            if (!warmup) {
                measured.first().add(a.requestsPerSecond());
                measured.second().add(b.requestsPerSecond());
                report.line("- round " + round + ": " + firstName + " " + rate(a) + ", " + secondName + " " + rate(b));
            }
        }
        return measured;
    }

    private Wrk.Result wrk(String url, Path script, boolean warmup, Map<String, String> environment) {
        int duration = warmup ? warmupSeconds : seconds;
        Wrk.Result result = Wrk.run(url, script, connections, duration, environment);
        if (!warmup) {
            report.command(result.command() + "   # env " + String.join(",", environment.keySet()));
        }
        if (result.failed() > 0 && !warmup) {
            report.line("- note: " + result.failed() + " of " + result.total() + " requests failed against " + url
                    + " (" + result.failureKinds() + ")");
        }
        if (result.invalid() && !warmup) {
            invalidRuns.add(url);
        }
        return result;
    }

    /** Whether every run of the current section served (no more than 1% errors); resets for the next section. */
    private boolean valid() {
        boolean valid = invalidRuns.isEmpty();
        if (!valid) {
            report.line("\n**Invalid:** more than 1% of the requests failed against " + String.join(", ", invalidRuns)
                    + "; the ratio above does not count.");
        }
        invalidRuns.clear();
        return valid;
    }

    private ConstantRateLoad.Result constantRate(String url, double rate, boolean warmup, IntFunction<Call> calls) {
        int duration = warmup ? warmupSeconds : seconds;
        if (!warmup) {
            report.command("ConstantRateLoad " + url + " rate=" + fmt(rate) + "/s duration=" + duration + "s connections="
                    + connections);
        }
        return ConstantRateLoad.run(URI.create(url), rate, duration, connections, calls, List.of(200));
    }

    private static IntFunction<Call> getAgent(List<String> ids, Map<String, String> headers) {
        return n -> new Call(HttpMethod.GET, "/api/agents/" + ids.get(Math.floorMod(n * 7919, ids.size())), headers, null);
    }

    private Process startBaseline(int port, int postgresPort) throws IOException, InterruptedException {
        String classpath = System.getProperty("java.class.path");
        List<String> command = new ArrayList<>(CPU0);
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.addAll(SERVICE_JVM);
        command.addAll(List.of("-cp", classpath, "dev.agora.bench.baseline.BaselineServer", String.valueOf(port),
                String.valueOf(postgresPort), "bench_baseline"));
        Process process = new ProcessBuilder(command).redirectErrorStream(true)
                .redirectOutput(work.resolve("baseline.log").toFile()).start();
        Instant deadline = Instant.now().plusSeconds(60);
        while (Instant.now().isBefore(deadline)) {
            try {
                if (http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/health")).build(),
                        HttpResponse.BodyHandlers.discarding()).statusCode() == 200) {
                    return process;
                }
            } catch (IOException notYet) {
                Thread.sleep(200);
            }
        }
        process.destroyForcibly();
        throw new IllegalStateException("the baseline did not start; see " + work.resolve("baseline.log"));
    }

    private static void copyDatabase(int port, String source, String target) throws SQLException {
        try (Connection connection = DriverManager.getConnection("jdbc:postgresql://127.0.0.1:" + port + "/postgres",
                Postgres.USER, Postgres.PASSWORD)) {
            connection.createStatement().execute("DROP DATABASE IF EXISTS " + target);
            connection.createStatement().execute("CREATE DATABASE " + target + " TEMPLATE " + source);
        }
    }

    private static void taskset(String cpu, long pid) {
        try {
            Process process = new ProcessBuilder("taskset", "-a", "-p", "-c", cpu, String.valueOf(pid))
                    .redirectErrorStream(true).start();
            process.getInputStream().readAllBytes();
            if (process.waitFor() != 0) {
                throw new IllegalStateException("taskset failed for pid " + pid);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private Path extract(String resource) {
        Path file = work.resolve(Path.of(resource).getFileName().toString());
        try (InputStream in = BenchRunner.class.getResourceAsStream(resource)) {
            if (in == null) {
                throw new IllegalStateException("missing resource " + resource);
            }
            Files.write(file, in.readAllBytes());
            return file;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
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

    private String settings() {
        return "rounds=" + rounds + " seconds=" + seconds + " warmup=" + warmupSeconds + " connections=" + connections
                + " agents=" + agents + (System.getProperty("bench.only") == null ? "" : " only=" + System.getProperty("bench.only"));
    }

    private static Map<ServiceSpec, Integer> ports() {
        Map<ServiceSpec, Integer> ports = new EnumMap<>(ServiceSpec.class);
        for (ServiceSpec service : ServiceSpec.values()) {
            ports.put(service, FreePorts.next());
        }
        return ports;
    }

    private static List<String> lines(Path file) {
        try {
            return Files.readAllLines(file);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static double median(List<Double> values) {
        List<Double> sorted = values.stream().sorted(Comparator.naturalOrder()).toList();
        int n = sorted.size();
        return n % 2 == 1 ? sorted.get(n / 2) : (sorted.get(n / 2 - 1) + sorted.get(n / 2)) / 2;
    }

    private static String rate(Wrk.Result result) {
        return fmt(result.requestsPerSecond()) + " req/s (p99 " + fmt2(result.p99Millis()) + " ms)";
    }

    private static String fmt(double value) {
        return String.format("%.0f", value);
    }

    private static String fmt2(double value) {
        return String.format("%.2f", value);
    }
}
