package dev.agora.bench.runner;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.function.Supplier;

/** What the report says about the machine the figures came from. */
record Machine(int cores, String cpu, String memory, String java, String kernel) {

    static Machine current() {
        return new Machine(Runtime.getRuntime().availableProcessors(), field("/proc/cpuinfo", "model name"),
                field("/proc/meminfo", "MemTotal"), System.getProperty("java.vm.name") + " "
                        + System.getProperty("java.runtime.version"), System.getProperty("os.name") + " "
                        + System.getProperty("os.version"));
    }

    /** Cores seen by the JVM (the runner itself is pinned to one CPU by run.sh, so read the machine's count). */
    static int onlineCores() {
        try {
            return (int) Files.readAllLines(Path.of("/proc/cpuinfo")).stream().filter(l -> l.startsWith("processor")).count();
        } catch (IOException e) {
            return -1;
        }
    }

    /** RSS of a process in MiB, from /proc. */
    static long rssMiB(long pid) {
        try {
            return Files.readAllLines(Path.of("/proc/" + pid + "/status")).stream().filter(l -> l.startsWith("VmRSS:"))
                    .map(l -> Long.parseLong(l.replaceAll("\\D", "")) / 1024).findFirst().orElse(-1L);
        } catch (IOException e) {
            return -1;
        }
    }

    private static String field(String file, String name) {
        try {
            List<String> lines = Files.readAllLines(Path.of(file));
            return lines.stream().filter(l -> l.startsWith(name)).map(l -> l.substring(l.indexOf(':') + 1).trim())
                    .findFirst().orElse("?");
        } catch (IOException e) {
            return "?";
        }
    }

    /**
     * Runs {@code work} with this process (every thread, and so every process it starts meanwhile) allowed on
     * {@code cpus}, then pins it back to {@code restore}: run.sh pins the runner to CPU 1, but a target like the local
     * stack's start-up is stated for the whole machine.
     */
    static <T> T onCpus(String cpus, String restore, Supplier<T> work) {
        long self = ProcessHandle.current().pid();
        pin(cpus, self);
        try {
            return work.get();
        } finally {
            pin(restore, self);
        }
    }

    /** Allows every thread of process {@code pid} on {@code cpus} only ({@code taskset -a -p -c}). */
    static void pin(String cpus, long pid) {
        try {
            Process process = new ProcessBuilder("taskset", "-a", "-p", "-c", cpus, String.valueOf(pid))
                    .redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
            if (process.waitFor() != 0) {
                throw new IllegalStateException("taskset -c " + cpus + " failed for pid " + pid);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
