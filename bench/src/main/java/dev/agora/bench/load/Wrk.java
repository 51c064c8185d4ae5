package dev.agora.bench.load;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.StringJoiner;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Runs wrk (closed-loop, maximum throughput) and reads its summary. */
public final class Wrk {
    private static final Pattern RATE = Pattern.compile("Requests/sec:\\s+([\\d.]+)");
    private static final Pattern NON_2XX = Pattern.compile("Non-2xx or 3xx responses:\\s+(\\d+)");
    private static final Pattern SOCKET_ERRORS = Pattern.compile("Socket errors: connect (\\d+), read (\\d+), write (\\d+), timeout (\\d+)");
    private static final Pattern P99 = Pattern.compile("\\s99%\\s+([\\d.]+)(us|ms|s)");
    private static final Pattern TOTAL = Pattern.compile("(\\d+) requests in");

    /** What one wrk run measured; {@code command} is what was run, for the report. */
    public record Result(String command, double requestsPerSecond, long total, long failed, double p99Millis, String output) {

        /** wrk's kinds of failure with their counts, e.g. "non-2xx/3xx 4, socket read 98"; empty when none failed. */
        public String failureKinds() {
            StringJoiner kinds = new StringJoiner(", ");
            failuresByKind(output).forEach((kind, count) -> kinds.add(kind + " " + count));
            return kinds.toString();
        }

        /** More than 1% of the answers were errors: the rate measures failing fast, not serving. */
        public boolean invalid() {
            return total == 0 || failed * 100 > total;
        }
    }

    private Wrk() {
    }

    public static Result run(String url, Path script, int connections, int seconds, Map<String, String> environment) {
        List<String> command = new ArrayList<>(List.of("wrk", "-t1", "-c" + connections, "-d" + seconds + "s",
                "--latency", "-s", script.toString(), url));
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true);
        builder.environment().putAll(environment);
        try {
            Process process = builder.start();
            String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            if (process.waitFor() != 0) {
                throw new IllegalStateException("wrk failed: " + output);
            }
            return new Result(String.join(" ", command), number(RATE, output), (long) number(TOTAL, output),
                    failures(output), p99(output), output);
        } catch (IOException e) {
            throw new IllegalStateException("wrk is not installed (apt-get install wrk)", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private static double number(Pattern pattern, String output) {
        Matcher matcher = pattern.matcher(output);
        if (!matcher.find()) {
            throw new IllegalStateException("unexpected wrk output: " + output);
        }
        return Double.parseDouble(matcher.group(1));
    }

    private static long failures(String output) {
        return failuresByKind(output).values().stream().mapToLong(Long::longValue).sum();
    }

    /** The failure counts wrk prints (non-2xx/3xx answers, socket errors by kind), those above zero, in its order. */
    private static Map<String, Long> failuresByKind(String output) {
        Map<String, Long> counts = new LinkedHashMap<>();
        Matcher non2xx = NON_2XX.matcher(output);
        if (non2xx.find()) {
            counts.put("non-2xx/3xx", Long.parseLong(non2xx.group(1)));
        }
        Matcher socket = SOCKET_ERRORS.matcher(output);
        if (socket.find()) {
            String[] kinds = { "connect", "read", "write", "timeout" };
            for (int group = 1; group <= kinds.length; group++) {
                counts.put("socket " + kinds[group - 1], Long.parseLong(socket.group(group)));
            }
        }
        counts.values().removeIf(count -> count == 0);
        return counts;
    }

    private static double p99(String output) {
        Matcher matcher = P99.matcher(output);
        if (!matcher.find()) {
            return Double.NaN;
        }
        double value = Double.parseDouble(matcher.group(1));
        return switch (matcher.group(2)) {
            case "us" -> value / 1000;
            case "s" -> value * 1000;
            default -> value;
        };
    }
}
