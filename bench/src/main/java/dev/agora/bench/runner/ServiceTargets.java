package dev.agora.bench.runner;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.OptionalInt;
import java.util.function.IntFunction;

import dev.agora.bench.load.ConstantRateLoad;
import dev.agora.bench.load.ConstantRateLoad.Call;
import dev.agora.local.ServiceSpec;
import dev.agora.local.Stack;
import dev.agora.localinfra.Postgres;
import dev.agora.testsupport.HangingUpCallers;
import io.vertx.core.http.HttpMethod;

/**
 * Targets 1, 2, 3 and 7 (footprint): agent-service against the raw Vert.x baseline for reads and writes, the gateway
 * against calling agent-service directly, and the services' memory after those loads.
 */
final class ServiceTargets {
    private final Report report;
    private final BenchSettings settings;
    private final BenchUser user;
    private final PairedRuns pairs;
    private final HttpClient http = HttpClient.newHttpClient();

    ServiceTargets(Report report, BenchSettings settings, BenchUser user) {
        this.report = report;
        this.settings = settings;
        this.user = user;
        this.pairs = new PairedRuns(report, settings, user::token);
    }

    /** Target 1: GET /api/agents/{id}, maximum throughput and p99 at half the baseline's maximum. */
    double reads(String baselineUrl, String agentService, Path ids) throws IOException {
        report.section("1. Read: GET /api/agents/{id} (agent-service vs raw Vert.x + pg client)");
        Path script = pairs.extract("/bench/get-agent.lua");
        PairedRuns.Throughputs measured = pairs.alternate("baseline", (round, warmup, token) -> pairs.wrk(baselineUrl, script, warmup,
                Map.of("IDS_FILE", ids.toString())), "agent-service", (round, warmup, token) -> pairs.wrk(agentService, script,
                warmup, Map.of("IDS_FILE", ids.toString(), "TOKEN", token)));
        List<Double> baseline = measured.first();
        List<Double> agora = measured.second();
        double baselineMax = PairedRuns.median(baseline);
        double ratio = PairedRuns.median(agora) / baselineMax;
        report.line("\nMedian maximum throughput: baseline " + PairedRuns.fmt(baselineMax) + " req/s, agent-service "
                + PairedRuns.fmt(PairedRuns.median(agora)) + " req/s, ratio **" + Report.ratio(ratio) + "**.");
        report.verdict("1a. read throughput ratio", Report.ratio(ratio), "≥ 0.45", ratio >= 0.45 && pairs.valid());

        double half = baselineMax / 2;
        List<String> idList = Files.readAllLines(ids);
        List<Double> baseP99 = new ArrayList<>();
        List<Double> agoraP99 = new ArrayList<>();
        for (int round = 0; round <= settings.rounds(); round++) {
            boolean warmup = round == 0;
            String token = user.token();
            ConstantRateLoad.Result b = pairs.constantRate(baselineUrl, half, warmup, getAgent(idList, Map.of()));
            ConstantRateLoad.Result a = pairs.constantRate(agentService, half, warmup,
                    getAgent(idList, Map.of("Authorization", "Bearer " + token)));
            if (!warmup) {
                baseP99.add(b.p99Micros() / 1000.0);
                agoraP99.add(a.p99Micros() / 1000.0);
                report.line("- constant " + PairedRuns.fmt(half) + " req/s, round " + round + ": baseline " + b.summary()
                        + "; agent-service " + a.summary());
            }
        }
        double p99Ratio = PairedRuns.median(agoraP99) / PairedRuns.median(baseP99);
        report.line("\nMedian p99 at " + PairedRuns.fmt(half) + " req/s: baseline " + PairedRuns.fmt2(PairedRuns.median(baseP99)) + " ms, agent-service "
                + PairedRuns.fmt2(PairedRuns.median(agoraP99)) + " ms, ratio **" + Report.ratio(p99Ratio) + "**.");
        report.verdict("1b. read p99 at half load, ratio", Report.ratio(p99Ratio), "≤ 2", p99Ratio <= 2);
        return baselineMax;
    }

    /** Target 3: POST /api/agents (agent row + outbox row in one transaction) vs the same two inserts. */
    void writes(String baselineUrl, String agentService) {
        report.section("3. Write with outbox: POST /api/agents");
        Path script = pairs.extract("/bench/create-agent.lua");
        PairedRuns.Throughputs measured = pairs.alternate("baseline", (round, warmup, token) -> pairs.wrk(baselineUrl, script, warmup,
                Map.of("PREFIX", "b" + round)), "agent-service", (round, warmup, token) -> pairs.wrk(agentService, script,
                warmup, Map.of("PREFIX", "a" + round, "TOKEN", token)));
        List<Double> baseline = measured.first();
        List<Double> agora = measured.second();
        double ratio = PairedRuns.median(agora) / PairedRuns.median(baseline);
        report.line("\nMedian: baseline " + PairedRuns.fmt(PairedRuns.median(baseline)) + " req/s, agent-service " + PairedRuns.fmt(PairedRuns.median(agora))
                + " req/s, ratio **" + Report.ratio(ratio) + "** (agent-service also validates, authenticates and relays "
                + "every event to Kafka on the same CPU).");
        report.verdict("3. write-with-outbox ratio", Report.ratio(ratio), "≥ 0.50", ratio >= 0.50 && pairs.valid());
    }

    /**
     * Target 2: the gateway on CPU 0 in front of agent-service, which moves to CPU 1 for this part so that both
     * paths reach the same service on the same CPU.
     */
    void gateway(Stack stack, String agentService, Path ids) throws IOException {
        report.section("2. Gateway: GET /api/agents/{id} through the gateway vs directly");
        Machine.pin("1", stack.pid(ServiceSpec.AGENT_SERVICE));
        String gatewayUrl = stack.gatewayUrl();
        Path script = pairs.extract("/bench/get-agent.lua");
        PairedRuns.Throughputs measured = pairs.alternate("direct", (round, warmup, token) -> pairs.wrk(agentService, script, warmup,
                Map.of("IDS_FILE", ids.toString(), "TOKEN", token)), "through the gateway",
                (round, warmup, token) -> pairs.wrk(gatewayUrl, script, warmup, Map.of("IDS_FILE", ids.toString(), "TOKEN", token)));
        List<Double> direct = measured.first();
        List<Double> viaGateway = measured.second();
        double directMax = PairedRuns.median(direct);
        double ratio = PairedRuns.median(viaGateway) / directMax;
        report.line("\nMedian: direct " + PairedRuns.fmt(directMax) + " req/s, through the gateway " + PairedRuns.fmt(PairedRuns.median(viaGateway))
                + " req/s, ratio **" + Report.ratio(ratio) + "**.");
        report.verdict("2a. gateway throughput ratio", Report.ratio(ratio), "≥ 0.60", ratio >= 0.60 && pairs.valid());

        double half = directMax / 2;
        List<String> idList = Files.readAllLines(ids);
        List<Double> added = new ArrayList<>();
        for (int round = 0; round <= settings.rounds(); round++) {
            boolean warmup = round == 0;
            Map<String, String> auth = Map.of("Authorization", "Bearer " + user.token());
            ConstantRateLoad.Result d = pairs.constantRate(agentService, half, warmup, getAgent(idList, auth));
            ConstantRateLoad.Result g = pairs.constantRate(gatewayUrl, half, warmup, getAgent(idList, auth));
            if (!warmup) {
                added.add((g.p99Micros() - d.p99Micros()) / 1000.0);
                report.line("- constant " + PairedRuns.fmt(half) + " req/s, round " + round + ": direct " + d.summary()
                        + "; through the gateway " + g.summary());
            }
        }
        double addedP99 = PairedRuns.median(added);
        report.line("\nMedian p99 added by the gateway at " + PairedRuns.fmt(half) + " req/s: **" + PairedRuns.fmt2(addedP99) + " ms**.");
        // a proxied request makes the direct request too: a gateway p99 well below direct's says the host changed
        // between the two measurements by more than they compare, and proves nothing either way
        boolean conclusive = addedP99 >= -2;
        if (!conclusive) {
            report.line("The proxied path's p99 is below the direct path's, which it contains: the host's noise between "
                    + "the measurements is larger than the gateway's cost, so this measurement is inconclusive.");
        }
        report.verdict("2b. gateway added p99 at half load",
                PairedRuns.fmt2(addedP99) + " ms" + (conclusive ? "" : " (inconclusive: below direct)"), "≤ 2 ms",
                conclusive && addedP99 <= 2);
        Machine.pin("0", stack.pid(ServiceSpec.AGENT_SERVICE));
    }

    /** Target 7a: every service's resident memory after the load runs. */
    void footprint(Stack stack, Process baseline) {
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

    private static IntFunction<Call> getAgent(List<String> ids, Map<String, String> headers) {
        return n -> new Call(HttpMethod.GET, "/api/agents/" + ids.get(Math.floorMod(n * 7919, ids.size())), headers, null);
    }

    Process startBaseline(int port, int postgresPort) throws IOException, InterruptedException {
        String classpath = System.getProperty("java.class.path");
        List<String> command = new ArrayList<>(BenchRunner.CPU0);
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.addAll(BenchRunner.SERVICE_JVM);
        command.addAll(List.of("-cp", classpath, "dev.agora.bench.baseline.BaselineServer", String.valueOf(port),
                String.valueOf(postgresPort), "bench_baseline"));
        Process process = new ProcessBuilder(command).redirectErrorStream(true)
                .redirectOutput(settings.work().resolve("baseline.log").toFile()).start();
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
        throw new IllegalStateException("the baseline did not start; see " + settings.work().resolve("baseline.log"));
    }

    static void copyDatabase(int port, String source, String target) throws SQLException {
        try (Connection connection = DriverManager.getConnection("jdbc:postgresql://127.0.0.1:" + port + "/postgres",
                Postgres.USER, Postgres.PASSWORD)) {
            connection.createStatement().execute("DROP DATABASE IF EXISTS " + target);
            connection.createStatement().execute("CREATE DATABASE " + target + " TEMPLATE " + source);
        }
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

}
