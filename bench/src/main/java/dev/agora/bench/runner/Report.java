package dev.agora.bench.runner;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;

/** The Markdown report: machine, every command, raw figures, medians, ratios, pass or fail per target. */
final class Report {
    /** One target's verdict, for the summary table. */
    record Verdict(String target, String measured, String goal, boolean passed) {
    }

    private final StringBuilder body = new StringBuilder();
    private final List<Verdict> verdicts = new ArrayList<>();
    private final List<String> commands = new ArrayList<>();

    void section(String title) {
        body.append("\n## ").append(title).append("\n\n");
    }

    void line(String text) {
        body.append(text).append('\n');
    }

    void command(String command) {
        commands.add(command);
    }

    /**
     * A ratio compared with a target, to three places: at two, a median of 0.2453 against ≥ 0.25 read "0.25" and
     * "fail" side by side.
     */
    static String ratio(double value) {
        return String.format("%.3f", value);
    }

    void verdict(String target, String measured, String goal, boolean passed) {
        verdicts.add(new Verdict(target, measured, goal, passed));
    }

    String summaryTable() {
        StringBuilder table = new StringBuilder("| target | measured | goal | result |\n|---|---|---|---|\n");
        verdicts.forEach(v -> table.append("| ").append(v.target()).append(" | ").append(v.measured()).append(" | ")
                .append(v.goal()).append(" | ").append(v.passed() ? "pass" : "**fail**").append(" |\n"));
        return table.toString();
    }

    Path write(Path resultsDir, Machine machine, String invocation) {
        String text = "# Agora benchmarks, " + LocalDate.now() + "\n\n"
                + "Machine: " + Machine.onlineCores() + " cores (" + machine.cpu() + "), " + machine.memory() + ", "
                + machine.java() + ", " + machine.kernel() + ".\n"
                + "Invocation: `" + invocation + "`.\n"
                + "Placement: the service under test on CPU 0 (`taskset -c 0`, `-XX:ActiveProcessorCount=1`); PostgreSQL, "
                + "Kafka and the load generators on CPU 1. Each pair measured alternately, a warm-up round discarded, "
                + "medians of the rounds reported.\n\n## Summary\n\n" + summaryTable() + body
                + "\n## Commands\n\n```\n" + String.join("\n", commands) + "\n```\n";
        try {
            Files.createDirectories(resultsDir);
            // a second run on the same day keeps the first one's report
            Path file = resultsDir.resolve(LocalDate.now() + ".md");
            for (int n = 2; Files.exists(file); n++) {
                file = resultsDir.resolve(LocalDate.now() + "-" + n + ".md");
            }
            Files.writeString(file, text);
            return file;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
