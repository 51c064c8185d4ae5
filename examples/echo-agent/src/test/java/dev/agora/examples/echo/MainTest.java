package dev.agora.examples.echo;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import java.net.ServerSocket;
import java.net.URI;
import java.time.Duration;
import java.util.concurrent.TimeUnit;

import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;

class MainTest {

    @Test
    void mainStartsOnTheGivenPortServesTheCardAndStops() throws Exception {
        int port;
        try (ServerSocket socket = new ServerSocket(0)) {
            port = socket.getLocalPort();
        }
        String[] args = {"--port", String.valueOf(port), "--host", "127.0.0.1", "--slow-step-ms", "50"};
        Thread main = new Thread(() -> {
            try {
                Main.main(args);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }, "echo-main");
        main.setDaemon(true);
        main.start();
        URI card = URI.create("http://127.0.0.1:" + port + "/.well-known/agent-card.json");
        Awaitility.await().atMost(Duration.ofSeconds(10)).pollInterval(Duration.ofMillis(50)).ignoreExceptions()
                .untilAsserted(() -> assertEquals("http://127.0.0.1:" + port + "/a2a",
                        CardTest.card(card).path("url").asText()));
        Main.stop();
        main.join(TimeUnit.SECONDS.toMillis(10));
        assertFalse(main.isAlive(), "main returned after stop");
    }

    @Test
    void mainWithPullClaimsTheAgentsTasksFromTheGatewayWithTheTokenAndStops() throws Exception {
        try (FakeRuntimeApi api = FakeRuntimeApi.start()) {
            String task = java.util.UUID.randomUUID().toString();
            api.task(task, "From main", "pulled", null);
            String[] args = {"--pull", "--gateway", api.gateway() + "/", "--token", "agt_from-main", "--slow-step-ms", "10"};
            Thread main = new Thread(() -> {
                try {
                    Main.main(args);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }, "echo-main-pull");
            main.setDaemon(true);
            main.start();
            Awaitility.await().atMost(Duration.ofSeconds(10)).until(() -> api.has(task, "result"));
            assertEquals("echo: From main\n\npulled", api.last(task, "result").body().path("text").asText());
            assertEquals("Bearer agt_from-main", api.last(task, "result").authorization());
            assertEquals("wait=25", api.claimCalls().get(0).query());
            Main.stop();
            main.join(TimeUnit.SECONDS.toMillis(10));
            assertFalse(main.isAlive(), "main returned after stop");
        }
    }
}
