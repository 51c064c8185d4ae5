package dev.agora.agents;

import static org.awaitility.Awaitility.await;
import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Duration;
import java.util.UUID;

import org.eclipse.microprofile.config.Config;
import org.eclipse.microprofile.config.ConfigProvider;
import org.junit.jupiter.api.Test;

import dev.agora.testsupport.KafkaTestResource;
import dev.agora.testsupport.ManagementInterface;
import dev.agora.testsupport.PostgresTestResource;
import dev.agora.testsupport.TestTokens;
import dev.agora.testsupport.TopicReader;
import io.quarkus.test.common.TestResourceScope;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;

@QuarkusTest
@WithTestResource(value = PostgresTestResource.class, scope = TestResourceScope.GLOBAL)
@WithTestResource(value = KafkaTestResource.class, scope = TestResourceScope.GLOBAL)
class OutboxRelayTest {
    private final Config config = ConfigProvider.getConfig();

    @Test
    void publishesRowsThatNoCommitAnnouncedAndDeletesThemOnceAcknowledged() throws Exception {
        // A row committed without waking the relay, as after a crash or from another replica.
        UUID eventId = UUID.randomUUID();
        String aggregate = UUID.randomUUID().toString();
        try (Connection db = connect();
                PreparedStatement insert = db.prepareStatement("insert into outbox_events (id, topic, event_type, aggregate_id, payload)"
                        + " values (?, 'agents.v1', 'agora.test.left-behind.v1', ?, '{\"n\":1}'::jsonb)")) {
            insert.setObject(1, eventId);
            insert.setString(2, aggregate);
            insert.executeUpdate();
        }
        try (TopicReader reader = TopicReader.of("agents.v1")) {
            TopicReader.Received received = reader.await(r -> eventId.toString().equals(r.header("ce_id")), Duration.ofSeconds(20));
            assertEquals(aggregate, received.key());
            assertEquals("agora.test.left-behind.v1", received.header("ce_type"));
            assertEquals("{\"n\": 1}", received.value());
        }
        await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> assertEquals(0, count(
                "select count(*) from outbox_events where id = '" + eventId + "'")));
    }

    @Test
    void exportsThePipelineMetricsAtQMetrics() {
        UUID owner = UUID.randomUUID();
        given().auth().oauth2(TestTokens.forUser(owner)).contentType(ContentType.JSON)
                .body(AgentResourceTest.agentJson("metrics-" + UUID.randomUUID().toString().substring(0, 8)))
                .when().post("/api/agents").then().statusCode(201);

        await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> {
            String metrics = ManagementInterface.given().when().get("/q/metrics").then().statusCode(200).extract().asString();
            assertTrue(metrics.matches("(?s).*agora_outbox_published_total\\{[^}]*topic=\"agents.v1\"[^}]*} [1-9].*"), metrics);
            assertTrue(metrics.contains("agora_outbox_backlog "), "backlog gauge");
            assertTrue(metrics.contains("agora_outbox_oldest_age_seconds "), "oldest age gauge");
            assertTrue(metrics.contains("kafka_producer_"), "the relay's producer metrics");
            assertTrue(metrics.contains("http_server_requests_seconds_count{"), "HTTP server metrics");
        });
    }

    @Test
    void onlyOneRelayHoldsTheLeadershipLock() throws Exception {
        await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> assertEquals(1, count(
                "select count(*) from pg_locks where locktype = 'advisory' and granted")));
        try (Connection db = connect(); ResultSet rows = db.createStatement().executeQuery(
                "select pg_try_advisory_lock((classid::bigint << 32) | objid::bigint) from pg_locks where locktype = 'advisory' and granted")) {
            rows.next();
            assertEquals(false, rows.getBoolean(1), "a second relay must not get the lock");
        }
    }

    /**
     * Another replica (this test's connection) takes the lock once the relay's connection dies; while it leads, this
     * replica publishes nothing; when the other leader's connection dies in turn, this replica leads and publishes the
     * rows left behind within its leadership retry.
     */
    @Test
    void leadershipMovesToAnotherReplicaWhenTheLeadersConnectionDies() throws Exception {
        await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> assertEquals(1, count(
                "select count(*) from pg_locks where locktype = 'advisory' and granted")));
        long key = count("select (classid::bigint << 32) | objid::bigint from pg_locks where locktype = 'advisory'"
                + " and granted");
        Connection otherReplica = connect();
        try {
            await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(50)).until(() -> {
                count("select count(pg_terminate_backend(pid)) from pg_locks where locktype = 'advisory' and granted"
                        + " and pid <> " + backendPid(otherReplica));
                return tryLock(otherReplica, key);
            });

            UUID eventId = UUID.randomUUID();
            try (Connection db = connect(); PreparedStatement insert = db.prepareStatement("insert into outbox_events"
                    + " (id, topic, event_type, aggregate_id, payload)"
                    + " values (?, 'agents.v1', 'agora.test.left-behind.v1', ?, '{\"n\":2}'::jsonb)")) {
                insert.setObject(1, eventId);
                insert.setString(2, UUID.randomUUID().toString());
                insert.executeUpdate();
            }
            try (TopicReader reader = TopicReader.of("agents.v1")) {
                // twice the leadership retry: this replica keeps trying, and must not publish meanwhile
                await().during(Duration.ofSeconds(4)).atMost(Duration.ofSeconds(5)).until(() -> count(
                        "select count(*) from outbox_events where id = '" + eventId + "'") == 1);

                long died = System.nanoTime();
                count("select count(pg_terminate_backend(" + backendPid(otherReplica) + "))");
                reader.await(r -> eventId.toString().equals(r.header("ce_id")), Duration.ofSeconds(10));
                long seconds = Duration.ofNanos(System.nanoTime() - died).toSeconds();
                assertTrue(seconds <= 5, "published " + seconds + " s after the leader's connection died");
            }
        } finally {
            otherReplica.close();
        }
    }

    private static boolean tryLock(Connection db, long key) throws Exception {
        try (ResultSet rows = db.createStatement().executeQuery("select pg_try_advisory_lock(" + key + ")")) {
            rows.next();
            return rows.getBoolean(1);
        }
    }

    private static long backendPid(Connection db) throws Exception {
        try (ResultSet rows = db.createStatement().executeQuery("select pg_backend_pid()")) {
            rows.next();
            return rows.getLong(1);
        }
    }

    private long count(String sql) throws Exception {
        try (Connection db = connect(); ResultSet rows = db.createStatement().executeQuery(sql)) {
            rows.next();
            return rows.getLong(1);
        }
    }

    private Connection connect() throws Exception {
        return DriverManager.getConnection(config.getValue("quarkus.datasource.jdbc.url", String.class), "postgres", "postgres");
    }
}
