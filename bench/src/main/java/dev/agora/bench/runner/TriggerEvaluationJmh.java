package dev.agora.bench.runner;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * Target 6: runs the JMH benchmark {@code dev.agora.bench.jmh.TriggerEvaluationBenchmark} (trigger-service's engine
 * in-process with 0 and 10,000 enabled triggers) on CPU 0 and compares the two rates.
 */
final class TriggerEvaluationJmh {
    private TriggerEvaluationJmh() {
    }

    static void run(Report report, Path work) throws IOException, InterruptedException {
        report.section("6. Triggers: chain events/s through the rule engine (JMH)");
        Path results = work.resolve("jmh-triggers.json");
        List<String> command = new ArrayList<>(List.of("taskset", "-c", "0",
                Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-XX:ActiveProcessorCount=1",
                "-cp", System.getProperty("java.class.path"), "org.openjdk.jmh.Main", "TriggerEvaluationBenchmark",
                "-rf", "json", "-rff", results.toString()));
        Process jmh = new ProcessBuilder(command).redirectErrorStream(true)
                .redirectOutput(work.resolve("jmh-triggers.log").toFile()).start();
        if (jmh.waitFor() != 0) {
            throw new IllegalStateException("JMH failed; see " + work.resolve("jmh-triggers.log"));
        }
        report.command(String.join(" ", command).replace(System.getProperty("java.class.path"), "<bench classpath>"));
        Map<String, Double> rates = new HashMap<>();
        for (JsonNode result : new ObjectMapper().readTree(results.toFile())) {
            String triggers = result.path("params").path("triggers").asText();
            double score = result.path("primaryMetric").path("score").asDouble();
            double error = result.path("primaryMetric").path("scoreError").asDouble();
            rates.put(triggers, score);
            report.line("- " + triggers + " triggers: " + String.format("%.0f", score) + " ± " + String.format("%.0f", error)
                    + " events/s");
        }
        double ratio = rates.getOrDefault("10000", 0.0) / rates.getOrDefault("0", Double.NaN);
        report.line("\nRatio with 10,000 triggers to none: **" + String.format("%.2f", ratio) + "**.");
        report.verdict("6. trigger evaluation ratio", String.format("%.2f", ratio), "≥ 0.25", ratio >= 0.25);
    }
}
