package dev.agora.bench.runner;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.function.IntFunction;
import java.util.function.Supplier;

import dev.agora.bench.load.ConstantRateLoad;
import dev.agora.bench.load.ConstantRateLoad.Call;
import dev.agora.bench.load.Wrk;

/**
 * How two sides (the baseline and Agora, direct and through the gateway) are measured: alternately, a discarded
 * warm-up round first, then the settings' rounds, each written to the report; a side with more than 1 % failed
 * requests makes its section's verdict invalid.
 */
final class PairedRuns {
    /** One wrk run of a pair, in a round, with that round's access token. */
    interface WrkRun {
        Wrk.Result run(int round, boolean warmup, String token);
    }

    /** Requests per second of each side of a pair, per measured round. */
    record Throughputs(List<Double> first, List<Double> second) {
    }

    private final Report report;
    private final BenchSettings settings;
    private final Supplier<String> tokens;
    /** Runs where more than 1% of the requests failed: their figures cannot pass a target. */
    private final List<String> invalidRuns = new ArrayList<>();

    PairedRuns(Report report, BenchSettings settings, Supplier<String> tokens) {
        this.report = report;
        this.settings = settings;
        this.tokens = tokens;
    }

    /** Both runs of a round share one fresh access token. */
    Throughputs alternate(String firstName, WrkRun first, String secondName, WrkRun second) {
        Throughputs measured = new Throughputs(new ArrayList<>(), new ArrayList<>());
        for (int round = 0; round <= settings.rounds(); round++) {
            boolean warmup = round == 0;
            String token = tokens.get();
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

    Wrk.Result wrk(String url, Path script, boolean warmup, Map<String, String> environment) {
        int duration = warmup ? settings.warmupSeconds() : settings.seconds();
        Wrk.Result result = Wrk.run(url, script, settings.connections(), duration, environment);
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
    boolean valid() {
        boolean valid = invalidRuns.isEmpty();
        if (!valid) {
            report.line("\n**Invalid:** more than 1% of the requests failed against " + String.join(", ", invalidRuns)
                    + "; the ratio above does not count.");
        }
        invalidRuns.clear();
        return valid;
    }

    ConstantRateLoad.Result constantRate(String url, double rate, boolean warmup, IntFunction<Call> calls) {
        int duration = warmup ? settings.warmupSeconds() : settings.seconds();
        if (!warmup) {
            report.command("ConstantRateLoad " + url + " rate=" + fmt(rate) + "/s duration=" + duration + "s connections="
                    + settings.connections());
        }
        return ConstantRateLoad.run(URI.create(url), rate, duration, settings.connections(), calls, List.of(200));
    }

    /** A bundled resource (a wrk script) copied into the run's folder. */
    Path extract(String resource) {
        Path file = settings.work().resolve(Path.of(resource).getFileName().toString());
        try (InputStream in = PairedRuns.class.getResourceAsStream(resource)) {
            if (in == null) {
                throw new IllegalStateException("missing resource " + resource);
            }
            Files.write(file, in.readAllBytes());
            return file;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static double median(List<Double> values) {
        List<Double> sorted = values.stream().sorted(Comparator.naturalOrder()).toList();
        int n = sorted.size();
        return n % 2 == 1 ? sorted.get(n / 2) : (sorted.get(n / 2 - 1) + sorted.get(n / 2)) / 2;
    }

    static String fmt(double value) {
        return String.format("%.0f", value);
    }

    static String fmt2(double value) {
        return String.format("%.2f", value);
    }

    private static String rate(Wrk.Result result) {
        return fmt(result.requestsPerSecond()) + " req/s (p99 " + fmt2(result.p99Millis()) + " ms)";
    }
}
