package dev.agora.deployments.agentref;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.util.List;
import java.util.UUID;

import jakarta.inject.Inject;

import org.eclipse.microprofile.config.ConfigProvider;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

import dev.agora.common.consumer.IdempotentConsumer;
import dev.agora.testsupport.KafkaTestResource;
import dev.agora.testsupport.PostgresTestResource;
import dev.agora.testsupport.TopicReader;
import io.quarkus.test.common.TestResourceScope;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;

@QuarkusTest
@WithTestResource(value = PostgresTestResource.class, scope = TestResourceScope.GLOBAL)
@WithTestResource(value = KafkaTestResource.class, scope = TestResourceScope.GLOBAL)
class AgentRefProjectionTest {
    private static final Duration TIMEOUT = Duration.ofSeconds(30);
    private static final ObjectMapper JSON = new ObjectMapper();
    private static TopicReader deadLetters;

    private final UUID agentId = UUID.randomUUID();
    private final UUID ownerId = UUID.randomUUID();

    @Inject
    IdempotentConsumer consumer;

    /** A row of agent_refs, read with plain JDBC. */
    record Ref(UUID ownerId, List<String> orgSlugs, String subdomain, String repoOwner, String repoName, String status,
            String tokenHash, long version) {
    }

    @BeforeAll
    static void subscribe() {
        deadLetters = new TopicReader(bootstrapServers(), "agents.v1.dlq");
    }

    @AfterAll
    static void close() {
        deadLetters.close();
    }

    @Test
    void createsTheRefFromARegisteredEvent() {
        send("agora.agent.registered.v1", event(0, "pending", "oracle"));

        Ref ref = awaitRef(r -> true);
        assertEquals(new Ref(ownerId, List.of(), "oracle", "acme", "oracle-repo", "pending", null, 0), ref);
    }

    @Test
    void appliesANewerSnapshot() {
        send("agora.agent.registered.v1", event(0, "pending", "oracle"));
        ObjectNode updated = event(1, "pending", "oracle-v2");
        ((ObjectNode) updated.path("agent")).putArray("organizationSlugs").add("acme").add("labs");
        send("agora.agent.updated.v1", updated);

        Ref ref = awaitRef(r -> r.version() == 1);
        assertEquals(new Ref(ownerId, List.of("acme", "labs"), "oracle-v2", "acme", "oracle-repo", "pending", null, 1), ref);
    }

    @Test
    void ignoresAnOlderSnapshotArrivingLate() {
        send("agora.agent.registered.v1", event(0, "pending", "oracle"));
        send("agora.agent.status-changed.v1", event(2, "active", "oracle"));
        awaitRef(r -> r.version() == 2);

        String late = send("agora.agent.updated.v1", event(1, "pending", "stale"));

        await().atMost(TIMEOUT).until(() -> processed(late) == 1);
        assertEquals(new Ref(ownerId, List.of(), "oracle", "acme", "oracle-repo", "active", null, 2), ref());
    }

    @Test
    void appliesTheSameEventOnlyOnceWhenItIsDeliveredTwice() {
        long duplicatesBefore = consumer.duplicateCount();
        String eventId = UUID.randomUUID().toString();
        String body = event(0, "pending", "oracle").toString();

        sendRaw(eventId, "agora.agent.registered.v1", body);
        sendRaw(eventId, "agora.agent.registered.v1", body);

        await().atMost(TIMEOUT).until(() -> consumer.duplicateCount() > duplicatesBefore);
        assertEquals(1, processed(eventId));
        assertEquals(new Ref(ownerId, List.of(), "oracle", "acme", "oracle-repo", "pending", null, 0), ref());
    }

    @Test
    void marksTheRefDeletedOnADeletedEvent() {
        send("agora.agent.registered.v1", event(0, "pending", "oracle"));
        send("agora.agent.deleted.v1", event(1, "deleted", "oracle"));

        assertEquals("deleted", awaitRef(r -> r.version() == 1).status());
    }

    @Test
    void keepsTheDeletionEvenWhenTheDeletedSnapshotIsNotNewer() {
        send("agora.agent.status-changed.v1", event(3, "active", "oracle"));
        send("agora.agent.deleted.v1", event(3, "active", "oracle"));

        assertEquals(3, awaitRef(r -> "deleted".equals(r.status())).version());
    }

    @Test
    void storesTheTokenHashAnEventCarriesAndKeepsItThroughLaterSnapshots() {
        send("agora.agent.registered.v1", event(0, "active", "oracle"));
        ObjectNode rotated = event(1, "active", "oracle");
        rotated.put("tokenHash", "9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08");
        send("agora.agent.token-rotated.v1", rotated);
        send("agora.agent.updated.v1", event(2, "active", "oracle-v2"));

        Ref ref = awaitRef(r -> r.version() == 2);
        assertEquals("9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08", ref.tokenHash());
        assertEquals("oracle-v2", ref.subdomain());
    }

    @Test
    void deadLettersAPoisonRecordAndGoesOnWithTheNextEvent() {
        String poison = UUID.randomUUID().toString();
        sendRaw(poison, "agora.agent.registered.v1", "this is not json");
        send("agora.agent.registered.v1", event(0, "pending", "oracle"));

        TopicReader.Received dead = deadLetters.await(r -> poison.equals(r.header("ce_id")), TIMEOUT);
        assertEquals("this is not json", dead.value());
        assertEquals(agentId.toString(), dead.key());
        assertNotNull(dead.header("dead-letter-reason"));
        assertEquals(0, awaitRef(r -> true).version());
        assertEquals(0, processed(poison));
    }

    @Test
    void acknowledgesEventTypesItDoesNotApply() {
        String other = sendRaw(UUID.randomUUID().toString(), "agora.template.created.v1",
                "{\"templateId\":\"" + agentId + "\"}");

        await().atMost(TIMEOUT).until(() -> processed(other) == 1);
        assertNull(ref());
    }

    private ObjectNode event(long version, String status, String subdomain) {
        ObjectNode event = JSON.createObjectNode().put("agentId", agentId.toString()).put("ownerId", ownerId.toString());
        event.putObject("agent")
                .put("id", agentId.toString())
                .put("ownerId", ownerId.toString())
                .put("name", "Price oracle")
                .put("subdomain", subdomain)
                .put("repoOwner", "acme")
                .put("repoName", "oracle-repo")
                .put("status", status)
                .put("version", version);
        return event;
    }

    private String send(String type, ObjectNode event) {
        return sendRaw(UUID.randomUUID().toString(), type, event.toString());
    }

    private String sendRaw(String eventId, String type, String body) {
        TopicReader.send(bootstrapServers(), "agents.v1", agentId.toString(), body,
                TopicReader.cloudEvent(eventId, type, agentId.toString()));
        return eventId;
    }

    private Ref awaitRef(java.util.function.Predicate<Ref> condition) {
        return await().atMost(TIMEOUT).until(this::ref, ref -> ref != null && condition.test(ref));
    }

    private Ref ref() {
        try (Connection connection = connect();
                PreparedStatement query = connection.prepareStatement("select owner_id, org_slugs, subdomain, repo_owner,"
                        + " repo_name, status, token_hash, agent_version from agent_refs where agent_id = ?")) {
            query.setObject(1, agentId);
            try (ResultSet row = query.executeQuery()) {
                if (!row.next()) {
                    return null;
                }
                return new Ref(row.getObject("owner_id", UUID.class),
                        List.of((String[]) row.getArray("org_slugs").getArray()), row.getString("subdomain"),
                        row.getString("repo_owner"), row.getString("repo_name"), row.getString("status"),
                        row.getString("token_hash"), row.getLong("agent_version"));
            }
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    private static long processed(String eventId) {
        try (Connection connection = connect();
                PreparedStatement query = connection.prepareStatement(
                        "select count(*) from processed_events where event_id = ? and topic = 'agents.v1'")) {
            query.setString(1, eventId);
            try (ResultSet row = query.executeQuery()) {
                row.next();
                return row.getLong(1);
            }
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    private static Connection connect() throws SQLException {
        return DriverManager.getConnection(
                ConfigProvider.getConfig().getValue("quarkus.datasource.jdbc.url", String.class), "postgres", "postgres");
    }

    private static String bootstrapServers() {
        return ConfigProvider.getConfig().getValue("kafka.bootstrap.servers", String.class);
    }
}
