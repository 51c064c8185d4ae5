package dev.agora.deployments;

import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static dev.agora.testsupport.TestDatabase.TIMEOUT;
import static dev.agora.testsupport.TestDatabase.query;

import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.UUID;

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

import dev.agora.localinfra.CuttableLink;
import dev.agora.testsupport.KafkaTestResource;
import dev.agora.testsupport.ManagementInterface;
import dev.agora.testsupport.PostgresOutageTestResource;
import dev.agora.testsupport.TestEvents;
import dev.agora.testsupport.TopicReader;
import io.quarkus.test.common.TestResourceScope;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;

/** The database goes away under a consumer (its connections cut, new ones refused) and comes back. */
@QuarkusTest
@WithTestResource(PostgresOutageTestResource.class)
@WithTestResource(value = KafkaTestResource.class, scope = TestResourceScope.GLOBAL)
class DatabaseOutageTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String TOPIC = "agents.v1";
    /** Longer than a bug's retries take (3, backing off up to 2 s) before its event is dead-lettered. */
    private static final Duration OUTAGE = Duration.ofSeconds(10);

    private final UUID agentId = UUID.randomUUID();
    private final UUID ownerId = UUID.randomUUID();

    @Test
    void holdsTheEventsOfAnOutageAndAppliesThemInOrderOnceTheDatabaseIsBack() {
        CuttableLink database = PostgresOutageTestResource.link();
        try (TopicReader deadLetters = TopicReader.of(TOPIC + ".dlq")) {
            database.cut();
            String registered;
            String activated;
            try {
                registered = send("agora.agent.registered.v1", event(0, "pending"));
                activated = send("agora.agent.status-changed.v1", event(1, "active"));
                await().atMost(TIMEOUT).untilAsserted(() -> ManagementInterface.given().when().get("/q/health/ready")
                        .then().statusCode(503)
                        .body("checks.find { it.name == 'event consumers' }.status", equalTo("DOWN"))
                        .body("checks.find { it.name == 'event consumers' }.data.'agents.v1'", containsString("paused since")));
                // the outage lasts until the consumer has waited longer than a bug's retries would have taken
                await().atMost(TIMEOUT).until(() -> pausedSeconds() >= OUTAGE.toSeconds());
            } finally {
                database.restore();
            }

            await().atMost(TIMEOUT).until(this::status, "active"::equals);
            await().atMost(TIMEOUT).untilAsserted(() -> ManagementInterface.given().when().get("/q/health/ready")
                    .then().statusCode(200));

            // a poison event sent after them on the same partition is dead-lettered after them: had they been, they
            // would be on the dead-letter topic before it
            String poison = TestEvents.sendAs(TOPIC, agentId.toString(), UUID.randomUUID().toString(),
                    "agora.agent.registered.v1", "not json");
            deadLetters.await(r -> poison.equals(r.header("ce_id")), TIMEOUT);
            Set<String> held = Set.of(registered, activated);
            assertEquals(List.of(), deadLetters.awaitCount(r -> held.contains(r.header("ce_id")), 0, Duration.ZERO));
        }
        double paused = pausedSeconds();
        assertTrue(paused >= OUTAGE.toSeconds(), "paused time counted: " + paused);
    }

    /** agora_consumer_paused_seconds_total of agents.v1, the ongoing wait included. */
    private static double pausedSeconds() {
        String metrics = ManagementInterface.given().when().get("/q/metrics").then().statusCode(200).extract().asString();
        return metrics.lines().filter(line -> line.startsWith("agora_consumer_paused_seconds_total{")
                        && line.contains("topic=\"agents.v1\""))
                .mapToDouble(line -> Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1))).sum();
    }

    private String send(String type, ObjectNode event) {
        return TestEvents.send(TOPIC, agentId.toString(), type, event.toString());
    }

    private ObjectNode event(long version, String status) {
        ObjectNode event = JSON.createObjectNode().put("agentId", agentId.toString()).put("ownerId", ownerId.toString());
        event.putObject("agent")
                .put("id", agentId.toString())
                .put("ownerId", ownerId.toString())
                .put("name", "Price oracle")
                .put("subdomain", "oracle-" + agentId.toString().substring(0, 8))
                .put("repoOwner", "acme")
                .put("repoName", "oracle-repo")
                .put("status", status)
                .put("version", version);
        return event;
    }

    private String status() {
        return query("select status from agent_refs where agent_id = ?", agentId, row -> row.next() ? row.getString(1) : null);
    }
}
