package dev.agora.marketplace;

import static dev.agora.marketplace.Marketplace.as;
import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.notNullValue;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.UUID;

import jakarta.inject.Inject;

import org.eclipse.microprofile.config.ConfigProvider;
import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

import dev.agora.marketplace.stream.service.StreamSignals;
import dev.agora.testsupport.KafkaTestResource;
import dev.agora.localinfra.Postgres;
import dev.agora.testsupport.PostgresTestResource;
import dev.agora.testsupport.TestDatabase;
import dev.agora.testsupport.TestEvents;
import dev.agora.testsupport.TopicReader;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.quarkus.test.common.TestResourceScope;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.vertx.VertxContextSupport;

/**
 * The live stream: one-time tickets, and delivery of what any replica commits. The "other replica" is an independent
 * database connection doing exactly what a replica's consumer does (insert the notification and pg_notify in one
 * transaction); a ticket "issued by another replica" is a row written straight into the shared database.
 */
@QuarkusTest
@WithTestResource(value = PostgresTestResource.class, scope = TestResourceScope.GLOBAL)
@WithTestResource(value = KafkaTestResource.class, scope = TestResourceScope.GLOBAL)
class NotificationStreamTest {
    private static final String TICKETS = "/api/marketplace/notifications/stream-ticket";
    private static final Duration READY = Duration.ofSeconds(20);
    private static final Duration WITHIN_A_SECOND = Duration.ofSeconds(1);
    private static final ObjectMapper JSON = new ObjectMapper();

    @Inject
    StreamSignals signals;

    @TestHTTPResource("/api/marketplace/notifications/stream")
    URI stream;

    private final UUID user = UUID.randomUUID();
    private final UUID other = UUID.randomUUID();

    @Test
    void aNotificationCommittedByAnotherReplicaReachesTheOpenStreamWithinASecondOfCommit() throws Exception {
        try (SseClient client = open(ticket(user), "notifications");
                Connection otherReplica = connect()) {
            assertEquals("text/event-stream", client.contentType().split(";")[0]);
            assertEquals("no", client.header("X-Accel-Buffering"));
            SseClient.Event ready = client.awaitEvent("ready", READY);
            assertEquals("{\"topics\":[\"notifications\"]}", ready.data());

            otherReplica.setAutoCommit(false);
            UUID id = insertAndSignal(otherReplica, user, "Hello from replica B");
            // NOTIFY is delivered on commit only
            client.assertNoEvent("notification", Duration.ofMillis(500));
            otherReplica.commit();
            Instant committed = Instant.now();

            SseClient.Event event = client.awaitEvent("notification", WITHIN_A_SECOND);
            assertTrue(Duration.between(committed, event.receivedAt()).toMillis() < 1000);
            assertEquals(id.toString(), event.id());
            JsonNode notification = JSON.readTree(event.data());
            assertEquals(id.toString(), notification.path("id").asText());
            assertEquals("Hello from replica B", notification.path("title").asText());
            assertEquals("high", notification.path("priority").asText());
            assertEquals("x1", notification.path("data").path("taskId").asText());

            // someone else's notification never reaches this stream
            insertAndSignal(otherReplica, other, "Not yours");
            otherReplica.commit();
            client.assertNoEvent("notification", Duration.ofSeconds(2));
        }
    }

    @Test
    void aKafkaEventBecomesANotificationOnTheStream() throws Exception {
        try (SseClient client = open(ticket(user), null)) {
            client.awaitEvent("ready", READY);
            UUID notificationId = UUID.randomUUID();
            UUID triggerId = UUID.randomUUID();
            ObjectNode requested = JSON.createObjectNode().put("notificationId", notificationId.toString())
                    .put("triggerId", triggerId.toString()).put("ownerId", user.toString())
                    .put("firingId", UUID.randomUUID().toString()).put("title", "Price above 1 USD")
                    .put("message", "ALGO is at 1.02").put("priority", "medium")
                    .put("requestedAt", Instant.now().toString());
            requested.putObject("data");
            NotificationEventsTest.send("triggers.v1", triggerId, "agora.trigger.notification-requested.v1", requested);

            SseClient.Event event = client.awaitEvent("notification", TestDatabase.TIMEOUT);
            assertEquals(notificationId.toString(), event.id());
            assertEquals("Price above 1 USD", JSON.readTree(event.data()).path("title").asText());
            Instant created = Instant.parse(JSON.readTree(event.data()).path("createdAt").asText());
            assertTrue(Duration.between(created, event.receivedAt()).toMillis() < 1000,
                    "pushed within a second of the consumer's write: " + created + " → " + event.receivedAt());
        }
    }

    @Test
    void ownAgentAndDeploymentChangesStreamToTheOwnerAndCatalogChangesToEveryone() throws Exception {
        try (SseClient mine = open(ticket(user), "agents,deployments");
                SseClient theirs = open(ticket(other), "agents,deployments,notifications")) {
            assertEquals("{\"topics\":[\"agents\",\"deployments\"]}", mine.awaitEvent("ready", READY).data());
            theirs.awaitEvent("ready", READY);

            TestAgent agent = Marketplace.listedAgent(user);
            JsonNode own = JSON.readTree(mine.await(e -> "agent".equals(e.name()) && e.data().contains(agent.id.toString()),
                    TestDatabase.TIMEOUT).data());
            assertEquals("agora.agent.registered.v1", own.path("type").asText());
            assertEquals("active", own.path("status").asText());
            JsonNode catalog = JSON.readTree(theirs.await(e -> "catalog".equals(e.name())
                    && e.data().contains(agent.id.toString()), TestDatabase.TIMEOUT).data());
            assertTrue(catalog.path("listed").asBoolean());
            assertEquals(agent.slug, catalog.path("slug").asText());
            assertTrue(catalog.path("ownerId").isMissingNode(), "the public change does not name the owner");

            ObjectNode deployment = JSON.createObjectNode().put("deploymentId", UUID.randomUUID().toString())
                    .put("agentId", agent.id.toString()).put("ownerId", user.toString());
            deployment.putObject("deployment").put("id", deployment.path("deploymentId").asText())
                    .put("agentId", agent.id.toString()).put("ownerId", user.toString()).put("version", 1)
                    .put("status", "deploying").put("triggerType", "manual").put("createdAt", Instant.now().toString());
            NotificationEventsTest.send("deployments.v1", agent.id, "agora.deployment.started.v1", deployment);
            JsonNode started = JSON.readTree(mine.awaitEvent("deployment", TestDatabase.TIMEOUT).data());
            assertEquals("agora.deployment.started.v1", started.path("type").asText());
            assertEquals("deploying", started.path("status").asText());

            theirs.assertNoEvent("agent", Duration.ofSeconds(1));
            theirs.assertNoEvent("deployment", Duration.ofSeconds(1));
        }
    }

    @Test
    void theChangesOfOnePollReachTheStreamOnceEachAndInTheirOrder() throws Exception {
        try (SseClient mine = open(ticket(user), "agents")) {
            mine.awaitEvent("ready", READY);
            TestAgent agent = TestAgent.of(user);
            List<TopicReader.Outgoing> records = new ArrayList<>();
            List<String> names = new ArrayList<>();
            for (int i = 0; i < 12; i++) {
                agent.name = "Oracle v" + i;
                agent.version++;
                names.add(agent.name);
                // one key: one partition, so the poll holds them in this order
                records.add(new TopicReader.Outgoing(agent.id.toString(), agent.envelope().toString(),
                        TopicReader.cloudEvent(UUID.randomUUID().toString(), i == 0 ? TestAgent.REGISTERED : TestAgent.UPDATED,
                                agent.id.toString())));
            }
            TopicReader.sendAll(TestEvents.bootstrapServers(), TestAgent.TOPIC, records);

            List<String> streamed = new ArrayList<>();
            for (int i = 0; i < names.size(); i++) {
                streamed.add(JSON.readTree(mine.awaitEvent("agent", TestDatabase.TIMEOUT).data()).path("name").asText());
            }
            assertEquals(names, streamed);
            mine.assertNoEvent("agent", Duration.ofSeconds(1));
        }
    }

    @Test
    void aSignalSentOutsideAConsumerReachesTheStreamWhenItsTransactionCommits() throws Throwable {
        try (SseClient mine = open(ticket(user), "agents")) {
            mine.awaitEvent("ready", READY);
            UUID agentId = UUID.randomUUID();
            ObjectNode change = JSON.createObjectNode().put("type", "agora.agent.updated.v1").put("agentId", agentId.toString());
            VertxContextSupport.subscribeAndAwait(() -> Panache.withTransaction(() -> signals.agent(user, change, null)));

            JsonNode streamed = JSON.readTree(mine.awaitEvent("agent", TestDatabase.TIMEOUT).data());
            assertEquals(agentId.toString(), streamed.path("agentId").asText());
        }
    }

    @Test
    void aTicketOpensOneStreamOnly() {
        String ticket = ticket(user);
        try (SseClient first = open(ticket, null)) {
            first.awaitEvent("ready", READY);
        }
        try (SseClient second = open(ticket, null)) {
            expectUnauthorized(second);
        }
    }

    @Test
    void aTicketWrittenByAnotherReplicaWorksAndAnExpiredOneDoesNot() throws Exception {
        String fresh = "ticket-from-replica-b-" + UUID.randomUUID();
        String expired = "expired-ticket-" + UUID.randomUUID();
        TestDatabase.execute("insert into stream_tickets (token_hash, user_id, expires_at) values (?, ?, ?)", sha256(fresh),
                user, Timestamp.from(Instant.now().plusSeconds(60)));
        TestDatabase.execute("insert into stream_tickets (token_hash, user_id, expires_at) values (?, ?, ?)",
                sha256(expired), user, Timestamp.from(Instant.now().minusSeconds(1)));

        try (SseClient client = open(fresh, null)) {
            client.awaitEvent("ready", READY);
        }
        try (SseClient client = open(expired, null)) {
            expectUnauthorized(client);
        }
        assertEquals(0, TestDatabase.queryLong("select count(*) from stream_tickets where token_hash in (?, ?)",
                sha256(fresh), sha256(expired)));
    }

    @Test
    void badTicketsAnswer401AndBadTopics400WithoutUsingTheTicket() {
        try (SseClient client = SseClient.open(stream)) {
            expectUnauthorized(client);
        }
        try (SseClient client = open("not-a-ticket", null)) {
            expectUnauthorized(client);
        }
        String ticket = ticket(user);
        try (SseClient client = open(ticket, "notifications,gossip")) {
            assertEquals(400, client.status());
            assertEquals("application/problem+json", client.contentType().split(";")[0]);
            assertTrue(client.body().contains("\"field\":\"topics\""));
        }
        try (SseClient client = open(ticket, "notifications")) {
            client.awaitEvent("ready", READY);
        }
    }

    @Test
    void anIdleStreamGetsHeartbeats() {
        try (SseClient client = open(ticket(user), null)) {
            client.awaitEvent("ready", READY);
            SseClient.Event heartbeat = client.await(event -> event.name() == null, Duration.ofSeconds(10));
            assertEquals("heartbeat", heartbeat.data());
        }
    }

    @Test
    void ticketsNeedABearerTokenAndExpireWithinAMinute() {
        given().when().post(TICKETS).then().statusCode(401).contentType("application/problem+json");
        Instant before = Instant.now();
        String expiresAt = as(user).when().post(TICKETS).then().statusCode(200)
                .body("ticket", notNullValue()).extract().path("expiresAt");
        long seconds = Duration.between(before, Instant.parse(expiresAt)).toSeconds();
        assertTrue(seconds >= 50 && seconds <= 61, "expires in about a minute: " + seconds);
        as(user).when().post(TICKETS).then().body("ticket.length()", equalTo(43));
    }

    private String ticket(UUID owner) {
        return as(owner).when().post(TICKETS).then().statusCode(200).extract().path("ticket");
    }

    private SseClient open(String ticket, String topics) {
        String query = "?ticket=" + URLEncoder.encode(ticket, StandardCharsets.UTF_8)
                + (topics == null ? "" : "&topics=" + URLEncoder.encode(topics, StandardCharsets.UTF_8));
        return SseClient.open(URI.create(stream + query));
    }

    private static void expectUnauthorized(SseClient client) {
        assertEquals(401, client.status());
        assertEquals("application/problem+json", client.contentType().split(";")[0]);
        assertTrue(client.body().contains("\"status\":401"));
    }

    /** What a replica's consumer does in its transaction. */
    private static UUID insertAndSignal(Connection connection, UUID recipient, String title) throws Exception {
        UUID id = UUID.randomUUID();
        try (PreparedStatement insert = connection.prepareStatement("insert into notifications"
                + " (id, user_id, type, title, message, data, priority, expires_at) values"
                + " (?, ?, 'task_created', ?, 'A message', '{\"taskId\":\"x1\"}', 'high', now() + interval '1 day')")) {
            insert.setObject(1, id);
            insert.setObject(2, recipient);
            insert.setString(3, title);
            insert.executeUpdate();
        }
        String channel = ConfigProvider.getConfig().getValue("agora.stream.channel", String.class);
        try (PreparedStatement notify = connection.prepareStatement("select pg_notify(?, ?)")) {
            notify.setString(1, channel);
            notify.setString(2, "{\"stream\":\"notifications\",\"userId\":\"" + recipient + "\",\"notificationId\":\""
                    + id + "\"}");
            notify.execute();
        }
        return id;
    }

    private static Connection connect() throws Exception {
        return DriverManager.getConnection(ConfigProvider.getConfig().getValue("quarkus.datasource.jdbc.url", String.class),
                Postgres.USER, Postgres.PASSWORD);
    }

    private static String sha256(String value) throws Exception {
        return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(value.getBytes(StandardCharsets.UTF_8)));
    }
}
