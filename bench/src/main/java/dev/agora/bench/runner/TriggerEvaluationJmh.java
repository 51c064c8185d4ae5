package dev.agora.bench.runner;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * Target 6: runs the JMH benchmark {@code dev.agora.bench.jmh.TriggerEvaluationBenchmark} (trigger-service's engine
 * in-process with 0 and 10,000 enabled triggers) on CPU 0 and compares the two rates. Like every pair of the
 * harness, the two are measured alternately in rounds ({@code bench.rounds}; a JMH run with no triggers, then one with 10,000), so a host
 * that speeds up or slows down between runs moves both; the ratio is the median of the rounds' ratios.
 */
final class TriggerEvaluationJmh {
    private TriggerEvaluationJmh() {
    }

    static void run(Report report, Path work, int rounds) throws IOException, InterruptedException {
        report.section("6. Triggers: chain events/s through the rule engine (JMH)");
        List<Double> ratios = new ArrayList<>();
        List<Double> none = new ArrayList<>();
        List<Double> many = new ArrayList<>();
        for (int round = 1; round <= rounds; round++) {
            double withNone = jmh(report, work, round, 0);
            double withMany = jmh(report, work, round, 10_000);
            none.add(withNone);
            many.add(withMany);
            ratios.add(withMany / withNone);
            report.line("- round " + round + ": " + String.format("%.0f", withNone) + " events/s with no triggers, "
                    + String.format("%.0f", withMany) + " with 10,000, ratio " + Report.ratio(withMany / withNone));
        }
        double ratio = PairedRuns.median(ratios);
        report.line("\nMedians: " + String.format("%.0f", PairedRuns.median(none)) + " events/s with no triggers, "
                + String.format("%.0f", PairedRuns.median(many)) + " with 10,000; median ratio **"
                + Report.ratio(ratio) + "**.");
        report.verdict("6. trigger evaluation ratio", Report.ratio(ratio), "≥ 0.25", ratio >= 0.25);
    }

    /** One JMH run (its own warm-up discarded) with {@code triggers} enabled triggers: events per second. */
    private static double jmh(Report report, Path work, int round, int triggers) throws IOException, InterruptedException {
        String name = "jmh-triggers-" + round + "-" + triggers;
        Path results = work.resolve(name + ".json");
        List<String> command = new ArrayList<>(List.of("taskset", "-c", "0",
                Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-XX:ActiveProcessorCount=1",
                "-cp", System.getProperty("java.class.path"), "org.openjdk.jmh.Main", "TriggerEvaluationBenchmark",
                "-p", "triggers=" + triggers, "-rf", "json", "-rff", results.toString()));
        Process jmh = new ProcessBuilder(command).redirectErrorStream(true)
                .redirectOutput(work.resolve(name + ".log").toFile()).start();
        if (jmh.waitFor() != 0) {
            throw new IllegalStateException("JMH failed; see " + work.resolve(name + ".log"));
        }
        if (round == 1) {
            report.command(String.join(" ", command).replace(System.getProperty("java.class.path"), "<bench classpath>"));
        }
        JsonNode result = new ObjectMapper().readTree(results.toFile()).get(0);
        return result.path("primaryMetric").path("score").asDouble();
    }
}
