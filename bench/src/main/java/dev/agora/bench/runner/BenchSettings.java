package dev.agora.bench.runner;

import java.nio.file.Path;

/**
 * How long and how hard a run measures ({@code -Dbench.*}), and where it keeps its files: {@code rounds} measured
 * rounds after one warm-up of {@code warmupSeconds}, each {@code seconds} long with {@code connections} connections,
 * over {@code agents} seeded agents.
 */
record BenchSettings(Path root, Path work, int rounds, int seconds, int warmupSeconds, int connections, int agents) {

    static BenchSettings fromSystemProperties(Path root, Path work) {
        return new BenchSettings(root, work, Integer.getInteger("bench.rounds", 3), Integer.getInteger("bench.seconds", 20),
                Integer.getInteger("bench.warmup.seconds", 90), Integer.getInteger("bench.connections", 32),
                Integer.getInteger("bench.agents", 2000));
    }

    /** The settings as a trial run's report names them. */
    String describe() {
        return "rounds=" + rounds + " seconds=" + seconds + " warmup=" + warmupSeconds + " connections=" + connections
                + " agents=" + agents + (System.getProperty("bench.only") == null ? "" : " only=" + System.getProperty("bench.only"));
    }
}
