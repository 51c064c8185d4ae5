package dev.agora.examples.echo;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.UUID;
import java.util.concurrent.TimeUnit;

import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;

/** Runs after the package phase (see the pom): {@code java -jar echo-agent.jar --pull} works tasks and stops on SIGTERM. */
class PullingEchoAgentJarIT {

    @Test
    void javaDashJarPullRunsTheWorkerAndStopsOnSigterm() throws Exception {
        Path jar = Path.of(System.getProperty("echo.jar", "target/echo-agent.jar"));
        assertTrue(Files.isRegularFile(jar), jar + " was built");
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        try (FakeRuntimeApi api = FakeRuntimeApi.start()) {
            String task = UUID.randomUUID().toString();
            api.task(task, "From the jar", "pulled", null);
            Process process = new ProcessBuilder(java, "-Xmx64m", "-jar", jar.toString(), "--pull",
                    "--gateway", api.gateway().toString(), "--token", "agt_jar").redirectErrorStream(true).start();
            ByteArrayOutputStream output = new ByteArrayOutputStream();
            Thread drain = new Thread(() -> {
                try (InputStream in = process.getInputStream()) {
                    in.transferTo(output);
                } catch (Exception ignored) {
                    // the process ended
                }
            }, "jar-output");
            drain.setDaemon(true);
            drain.start();
            try {
                Awaitility.await().atMost(Duration.ofSeconds(20)).until(() -> api.has(task, "result"));
                assertEquals("echo: From the jar\n\npulled", api.last(task, "result").body().path("text").asText());
            } finally {
                // SIGTERM through the handle: Process.destroy() would also close our end of its output
                process.toHandle().destroy();
                boolean stopped = process.waitFor(10, TimeUnit.SECONDS);
                if (!stopped) {
                    process.destroyForcibly();
                }
                assertTrue(stopped, "the jar stopped on SIGTERM");
                drain.join(TimeUnit.SECONDS.toMillis(5));
            }
            String printed = output.toString(StandardCharsets.UTF_8);
            assertTrue(printed.contains("Echo agent (runtime pull) started: claiming"), printed);
            assertTrue(printed.contains("Echo agent (runtime pull) stopped"), "closed cleanly by the shutdown hook:\n" + printed);
        }
    }
}
