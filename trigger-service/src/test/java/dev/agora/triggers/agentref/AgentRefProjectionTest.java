package dev.agora.triggers.agentref;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static dev.agora.testsupport.TestDatabase.TIMEOUT;
import static dev.agora.testsupport.TestDatabase.query;

import java.util.List;
import java.util.UUID;
import java.util.function.Predicate;

import jakarta.inject.Inject;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

import dev.agora.common.consumer.IdempotentConsumer;
import dev.agora.testsupport.KafkaTestResource;
import dev.agora.testsupport.PostgresTestResource;
import dev.agora.testsupport.TestDatabase;
import dev.agora.testsupport.TestEvents;
import dev.agora.testsupport.TopicReader;
import io.quarkus.test.common.TestResourceScope;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;

@QuarkusTest
@WithTestResource(value = PostgresTestResource.class, scope = TestResourceScope.GLOBAL)
@WithTestResource(value = KafkaTestResource.class, scope = TestResourceScope.GLOBAL)
class AgentRefProjectionTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String TOPIC = "agents.v1";
    private static final String REGISTERED = "agora.agent.registered.v1";
    private static final String UPDATED = "agora.agent.updated.v1";
    private static final String STATUS_CHANGED = "agora.agent.status-changed.v1";
    private static final String DELETED = "agora.agent.deleted.v1";
    private static TopicReader deadLetters;

    private final UUID agentId = UUID.randomUUID();
    private final UUID ownerId = UUID.randomUUID();

    @Inject
    IdempotentConsumer consumer;

    /** A row of agent_refs, read with plain JDBC. */
    record Ref(UUID ownerId, List<String> orgSlugs, String name, String status, long version) {
    }

    @BeforeAll
    static void subscribe() {
        deadLetters = TopicReader.of("agents.v1.dlq");
    }

    @AfterAll
    static void close() {
        deadLetters.close();
    }

    @Test
    void createsTheRefFromARegisteredEvent() {
        send(REGISTERED, event(0, "pending", "Price oracle"));

        assertEquals(new Ref(ownerId, List.of(), "Price oracle", "pending", 0), awaitRef(r -> true));
    }

    @Test
    void appliesANewerSnapshot() {
        send(REGISTERED, event(0, "pending", "Price oracle"));
        ObjectNode updated = event(1, "pending", "Price oracle v2");
        ((ObjectNode) updated.path("agent")).putArray("organizationSlugs").add("acme").add("labs");
        send(UPDATED, updated);

        assertEquals(new Ref(ownerId, List.of("acme", "labs"), "Price oracle v2", "pending", 1),
                awaitRef(r -> r.version() == 1));
    }

    @Test
    void ignoresAnOlderSnapshotArrivingLate() {
        send(REGISTERED, event(0, "pending", "Price oracle"));
        send(STATUS_CHANGED, event(2, "active", "Price oracle"));
        awaitRef(r -> r.version() == 2);

        String late = send(UPDATED, event(1, "pending", "Stale name"));

        await().atMost(TIMEOUT).until(() -> processed(late) == 1);
        assertEquals(new Ref(ownerId, List.of(), "Price oracle", "active", 2), ref());
    }

    @Test
    void appliesTheSameEventOnlyOnceWhenItIsDeliveredTwice() {
        long duplicatesBefore = consumer.duplicateCount();
        String eventId = UUID.randomUUID().toString();
        String body = event(0, "pending", "Price oracle").toString();

        sendRaw(agentId, eventId, REGISTERED, body);
        sendRaw(agentId, eventId, REGISTERED, body);

        await().atMost(TIMEOUT).until(() -> consumer.duplicateCount() > duplicatesBefore);
        assertEquals(1, processed(eventId));
        assertEquals(new Ref(ownerId, List.of(), "Price oracle", "pending", 0), ref());
    }

    @Test
    void marksTheRefDeletedOnADeletedEvent() {
        send(REGISTERED, event(0, "pending", "Price oracle"));
        send(DELETED, event(1, "deleted", "Price oracle"));

        assertEquals("deleted", awaitRef(r -> r.version() == 1).status());
    }

    @Test
    void keepsTheDeletionEvenWhenTheDeletedSnapshotIsNotNewer() {
        send(STATUS_CHANGED, event(3, "active", "Price oracle"));
        send(DELETED, event(3, "active", "Price oracle"));

        assertEquals(3, awaitRef(r -> "deleted".equals(r.status())).version());
    }

    @Test
    void deadLettersAPoisonRecordAndGoesOnWithTheNextEvent() {
        String poison = UUID.randomUUID().toString();
        sendRaw(agentId, poison, REGISTERED, "this is not json");
        send(REGISTERED, event(0, "pending", "Price oracle"));

        TopicReader.Received dead = deadLetters.await(r -> poison.equals(r.header("ce_id")), TIMEOUT);
        assertEquals("this is not json", dead.value());
        assertEquals(agentId.toString(), dead.key());
        assertNotNull(dead.header("dead-letter-reason"));
        assertEquals(0, awaitRef(r -> true).version());
        assertEquals(0, processed(poison));
    }

    @Test
    void acknowledgesEventTypesItDoesNotApplyWithoutRecordingThem() {
        // an agent event trigger-service does not apply, with a well-formed snapshot that would create the ref if
        // it were applied; then an applied event for another agent under the same record key, so the same
        // partition: once that one is processed, the ignored one has been consumed
        UUID otherAgent = UUID.randomUUID();
        ObjectNode rotated = event(0, "pending", "Price oracle").put("tokenHash", "9f86d081884c7d659a2feaa0c55ad015");
        String ignored = send(otherAgent, "agora.agent.token-rotated.v1", rotated);
        String next = send(otherAgent, REGISTERED, event(otherAgent, 0, "pending", "Price oracle"));

        await().atMost(TIMEOUT).until(() -> processed(next) == 1);
        assertEquals(0, processed(ignored));
        assertNull(ref());
    }

    private ObjectNode event(long version, String status, String name) {
        return event(agentId, version, status, name);
    }

    private ObjectNode event(UUID agent, long version, String status, String name) {
        ObjectNode event = JSON.createObjectNode().put("agentId", agent.toString()).put("ownerId", ownerId.toString());
        event.putObject("agent")
                .put("id", agent.toString())
                .put("ownerId", ownerId.toString())
                .put("name", name)
                .put("subdomain", "oracle")
                .put("repoOwner", "acme")
                .put("repoName", "oracle-repo")
                .put("status", status)
                .put("version", version);
        return event;
    }

    private String send(String type, ObjectNode event) {
        return send(agentId, type, event);
    }

    /** Sends under record key {@code key} (which picks the partition) with a new event id, and returns that id. */
    private String send(UUID key, String type, ObjectNode event) {
        return TestEvents.send(TOPIC, key.toString(), type, event.toString());
    }

    private static String sendRaw(UUID key, String eventId, String type, String body) {
        return TestEvents.sendAs(TOPIC, key.toString(), eventId, type, body);
    }

    private Ref awaitRef(Predicate<Ref> condition) {
        return await().atMost(TIMEOUT).until(this::ref, ref -> ref != null && condition.test(ref));
    }

    private Ref ref() {
        return query("select owner_id, org_slugs, name, status, agent_version from agent_refs where agent_id = ?", agentId,
                row -> row.next()
                        ? new Ref(row.getObject("owner_id", UUID.class),
                                List.of((String[]) row.getArray("org_slugs").getArray()), row.getString("name"),
                                row.getString("status"), row.getLong("agent_version"))
                        : null);
    }

    private static long processed(String eventId) {
        return TestDatabase.processedCount(TOPIC, eventId);
    }
}
