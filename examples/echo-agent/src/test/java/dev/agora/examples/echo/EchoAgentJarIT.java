package dev.agora.examples.echo;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;

/** Runs after the package phase (see the pom): the shaded jar starts with {@code java -jar} and serves A2A. */
class EchoAgentJarIT {

    @Test
    void javaDashJarStartsTheAgentWhichServesTheCardAndEchoes() throws Exception {
        Path jar = Path.of(System.getProperty("echo.jar", "target/echo-agent.jar"));
        assertTrue(Files.isRegularFile(jar), jar + " was built");
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        Process process = new ProcessBuilder(java, "-Xmx64m", "-jar", jar.toString(), "--port", "0")
                .redirectErrorStream(true).start();
        try (BufferedReader out = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
            String line = out.readLine();
            assertNotNull(line, "the jar printed nothing");
            Matcher ready = Pattern.compile("ready: card (\\S+),").matcher(line);
            assertTrue(ready.find(), line);
            URI cardUrl = URI.create(ready.group(1));
            JsonNode card = CardTest.card(cardUrl);
            assertEquals("Echo agent", card.path("name").asText());

            A2aClient a2a = new A2aClient(URI.create(card.path("url").asText()));
            JsonNode task = a2a.sendForTask(A2aClient.message("from the jar"), true);
            assertEquals("completed", task.at("/status/state").asText());
            assertEquals(List.of("echo: from the jar"), A2aClient.texts(task.at("/artifacts/0")));
        } finally {
            process.destroy();
            assertTrue(process.waitFor(10, TimeUnit.SECONDS), "the jar stopped on SIGTERM");
        }
    }
}
