package dev.agora.deployments.deployment;

import static dev.agora.deployments.TestAgents.as;
import static dev.agora.deployments.TestAgents.awaitStatus;
import static dev.agora.deployments.TestAgents.deploy;
import static dev.agora.testsupport.TestDatabase.TIMEOUT;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.notNullValue;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import jakarta.inject.Inject;

import org.junit.jupiter.api.Test;

import dev.agora.deployments.ControlledDriver;
import dev.agora.deployments.TestAgents;
import dev.agora.testsupport.KafkaTestResource;
import dev.agora.testsupport.PostgresTestResource;
import dev.agora.testsupport.TestDatabase;
import dev.agora.testsupport.TestTokens;
import io.quarkus.test.common.TestResourceScope;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.RestAssured;

@QuarkusTest
@WithTestResource(value = PostgresTestResource.class, scope = TestResourceScope.GLOBAL)
@WithTestResource(value = KafkaTestResource.class, scope = TestResourceScope.GLOBAL)
class DeploymentLogTest {
    private final UUID owner = UUID.randomUUID();

    @Inject
    ControlledDriver driver;

    /** An event of the stream: its id and the log line it carries. */
    record Sent(long id, String line) {
    }

    @Test
    void pagesTheLogAfterASequenceNumber() {
        UUID id = finishedDeploymentWithLines(5);
        List<Long> all = sequences(id);
        assertTrue(all.size() >= 8, "requested, started, driver lines, succeeded: " + all);

        String next = as(owner).queryParam("limit", 3).when().get("/api/deployments/" + id + "/logs").then()
                .statusCode(200).body("items.size()", equalTo(3)).body("items[0].level", equalTo("info"))
                .body("items[0].time", notNullValue()).extract().path("nextCursor");
        assertEquals(Long.toString(all.get(2)), next);
        as(owner).queryParam("after", next).queryParam("limit", 200).when().get("/api/deployments/" + id + "/logs")
                .then().statusCode(200).body("items.size()", equalTo(all.size() - 3));
        as(owner).queryParam("after", "minus-one").when().get("/api/deployments/" + id + "/logs").then().statusCode(400)
                .body("errors.field", hasItem("after"));
        as(owner).queryParam("limit", 0).when().get("/api/deployments/" + id + "/logs").then().statusCode(400)
                .body("errors.field", hasItem("limit"));
    }

    @Test
    void streamReplaysFromLastEventIdAndEndsWithTheDeployment() throws Exception {
        UUID id = finishedDeploymentWithLines(4);
        List<Long> all = sequences(id);
        long lastSeen = all.get(2);

        List<Sent> replayed = stream(id, Long.toString(lastSeen)).get(TIMEOUT.toSeconds(), TimeUnit.SECONDS);

        assertEquals(all.subList(3, all.size()), replayed.stream().map(Sent::id).toList());
    }

    @Test
    void streamFollowsALiveDeploymentUntilItEnds() throws Exception {
        TestAgents.Agent agent = TestAgents.register(owner);
        UUID id = deploy(owner, agent);
        var progress = driver.awaitRunning(id);
        awaitStatus(id, "deploying");
        CompletableFuture<List<Sent>> streamed = stream(id, null);

        for (int i = 0; i < 3; i++) {
            progress.info("live line " + i);
        }
        await().atMost(TIMEOUT).until(() -> sequences(id).size() >= 6);
        progress.succeeded("done");

        List<Sent> received = streamed.get(TIMEOUT.toSeconds(), TimeUnit.SECONDS);
        assertEquals(sequences(id), received.stream().map(Sent::id).toList());
        assertTrue(received.stream().anyMatch(s -> s.line().contains("live line 2")));
        assertTrue(received.get(received.size() - 1).line().contains("deploying → succeeded"));
    }

    @Test
    void streamIsOnlyForThoseWhoMayReadTheDeployment() throws Exception {
        UUID id = finishedDeploymentWithLines(1);
        HttpResponse<String> response = client().send(HttpRequest.newBuilder(streamUri(id))
                .header("Authorization", "Bearer " + TestTokens.forUser(UUID.randomUUID()))
                .header("Accept", "text/event-stream").build(), HttpResponse.BodyHandlers.ofString());
        assertEquals(404, response.statusCode());
        HttpResponse<String> anonymous = client().send(HttpRequest.newBuilder(streamUri(id))
                .header("Accept", "text/event-stream").build(), HttpResponse.BodyHandlers.ofString());
        assertEquals(401, anonymous.statusCode());
    }

    private UUID finishedDeploymentWithLines(int lines) {
        TestAgents.Agent agent = TestAgents.register(owner);
        UUID id = deploy(owner, agent);
        var progress = driver.awaitRunning(id);
        for (int i = 0; i < lines; i++) {
            progress.info("line " + i);
        }
        progress.succeeded("ok");
        awaitStatus(id, "succeeded");
        return id;
    }

    private static List<Long> sequences(UUID id) {
        return TestDatabase.query("select seq from deployment_logs where deployment_id = ? order by seq", id, rows -> {
            List<Long> seqs = new ArrayList<>();
            while (rows.next()) {
                seqs.add(rows.getLong(1));
            }
            return seqs;
        });
    }

    private static HttpClient client() {
        return HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
    }

    private static URI streamUri(UUID id) {
        return URI.create("http://localhost:" + RestAssured.port + "/api/deployments/" + id + "/logs/stream");
    }

    /** Reads the stream to its end, as an EventSource would, resuming after {@code lastEventId} when given. */
    private CompletableFuture<List<Sent>> stream(UUID id, String lastEventId) {
        HttpRequest.Builder request = HttpRequest.newBuilder(streamUri(id))
                .header("Authorization", "Bearer " + TestTokens.forUser(owner))
                .header("Accept", "text/event-stream");
        if (lastEventId != null) {
            request.header("Last-Event-ID", lastEventId);
        }
        return client().sendAsync(request.build(), HttpResponse.BodyHandlers.ofLines())
                .thenApply(response -> {
                    assertEquals(200, response.statusCode());
                    List<Sent> sent = new ArrayList<>();
                    long[] currentId = {-1};
                    response.body().forEach(line -> {
                        if (line.startsWith("id:")) {
                            currentId[0] = Long.parseLong(line.substring(3).strip());
                        } else if (line.startsWith("data:")) {
                            sent.add(new Sent(currentId[0], line.substring(5).strip()));
                        }
                    });
                    return sent;
                });
    }
}
