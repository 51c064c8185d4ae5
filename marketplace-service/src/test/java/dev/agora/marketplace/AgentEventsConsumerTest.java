package dev.agora.marketplace;

import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Collectors;

import jakarta.inject.Inject;

import org.junit.jupiter.api.Test;

import dev.agora.common.consumer.IdempotentConsumer;
import dev.agora.marketplace.stats.repository.StatsRepository;
import dev.agora.testsupport.KafkaTestResource;
import dev.agora.testsupport.PostgresTestResource;
import dev.agora.testsupport.TestDatabase;
import dev.agora.testsupport.TestEvents;
import dev.agora.testsupport.TopicReader;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.quarkus.test.common.TestResourceScope;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.vertx.VertxContextSupport;

@QuarkusTest
@WithTestResource(value = PostgresTestResource.class, scope = TestResourceScope.GLOBAL)
@WithTestResource(value = KafkaTestResource.class, scope = TestResourceScope.GLOBAL)
class AgentEventsConsumerTest {
    @Inject
    IdempotentConsumer consumer;
    @Inject
    StatsRepository stats;


    @Test
    void poisonEventsAreDeadLetteredAndConsumptionGoesOn() throws Exception {
        TestAgent agent = TestAgent.of(UUID.randomUUID());
        String key = agent.id.toString();
        String notJson = UUID.randomUUID().toString();
        String noSnapshot = UUID.randomUUID().toString();
        // all on the agent's key, so on one partition, in this order
        TopicReader.send(TestEvents.bootstrapServers(), TestAgent.TOPIC, key, "{not json",
                TopicReader.cloudEvent(notJson, TestAgent.REGISTERED, key));
        TopicReader.send(TestEvents.bootstrapServers(), TestAgent.TOPIC, key, agent.envelope().toString(),
                Map.of("content-type", "application/json"));
        TopicReader.send(TestEvents.bootstrapServers(), TestAgent.TOPIC, key, "{\"agentId\":\"" + key + "\"}",
                TopicReader.cloudEvent(noSnapshot, TestAgent.REGISTERED, key));
        String valid = agent.registerActive();

        TestDatabase.awaitProcessed(valid);
        await().atMost(TestDatabase.TIMEOUT).untilAsserted(() -> given().when().get("/api/marketplace/agents/" + key)
                .then().statusCode(200).body("id", equalTo(key)));

        try (TopicReader dlq = TopicReader.of("agents.v1.dlq")) {
            List<TopicReader.Received> dead = dlq.awaitCount(r -> key.equals(r.key()), 3, Duration.ofSeconds(30));
            assertEquals(3, dead.size(), "exactly the three poison records: " + dead);
            dead.forEach(record -> assertNotNull(record.header("dead-letter-reason"), "reason of " + record));
            TopicReader.Received badBody = only(dead, notJson);
            assertEquals("{not json", badBody.value());
            assertEquals(TestAgent.REGISTERED, badBody.header("ce_type"));
            TopicReader.Received noHeaders = only(dead, null);
            assertTrue(noHeaders.header("dead-letter-reason").contains("ce_id"), noHeaders.header("dead-letter-reason"));
            assertTrue(only(dead, noSnapshot).header("dead-letter-reason").contains("snapshot"));
        }
        assertFalse(TestDatabase.isProcessed(notJson));
        assertFalse(TestDatabase.isProcessed(noSnapshot));
    }

    @Test
    void unknownEventTypesAreAcknowledgedAndIgnored() throws Exception {
        TestAgent agent = TestAgent.of(UUID.randomUUID());
        String unknown = agent.sendAs(UUID.randomUUID().toString(), "agora.agent.teleported.v1", "not even json");
        String valid = agent.registerActive();

        TestDatabase.awaitProcessed(valid);
        assertFalse(TestDatabase.isProcessed(unknown), "ignored without a trace");
        given().when().get("/api/marketplace/agents/" + agent.id).then().statusCode(200);
    }

    @Test
    void eventsArrivingTogetherAreAppliedInOneTransactionPerPoll() {
        List<TopicReader.Outgoing> records = new ArrayList<>();
        List<String> eventIds = new ArrayList<>();
        for (int i = 0; i < 20; i++) {
            records.add(newAgentRegistered(eventIds));
        }
        TopicReader.sendAll(TestEvents.bootstrapServers(), TestAgent.TOPIC, records);

        eventIds.forEach(TestDatabase::awaitProcessed);
        eventIds.forEach(id -> assertEquals(1, TestDatabase.processedCount(id), "applied once: " + id));
        // xmin is the id of the transaction that wrote the row
        long transactions = TestDatabase.queryLong("select count(distinct xmin::text) from processed_events where event_id in ("
                + eventIds.stream().map(id -> "'" + id + "'").collect(Collectors.joining(",")) + ")");
        assertTrue(transactions <= eventIds.size() / 2, "20 events sent together committed in " + transactions + " transactions");
        // the stats rows the poll's agents need, made together at its end
        records.forEach(r -> assertEquals(1, TestDatabase.queryLong(
                "select count(*) from agent_stats where agent_id::text = ? and tasks_completed = 0", r.key()),
                "stats row of " + r.key()));
    }

    @Test
    void aPollOfManyEventsForKnownAgentsLeavesEachAtItsNewestSnapshotAndMovesItsBoards() {
        String domain = "poll-" + UUID.randomUUID().toString().substring(0, 8);
        List<TestAgent> listed = new ArrayList<>();
        for (int i = 0; i < 6; i++) {
            listed.add(publishedIn(domain));
        }
        TestAgent deleted = publishedIn(domain);
        // known to the catalog first: the poll then finds every row it needs loaded, and applies its events in memory;
        // each listed one has a finished task, so that it ranks once listed
        listed.forEach(agent -> TestDatabase.awaitProcessed(agent.register()));
        TestDatabase.awaitProcessed(deleted.register());
        FactEvents.send(listed.stream().map(agent -> FactEvents.finishedTask(agent.id, agent.owner, true, Instant.now()))
                .toList()).forEach(TestDatabase::awaitProcessed);

        List<TopicReader.Outgoing> records = new ArrayList<>();
        for (int i = 0; i < listed.size(); i++) {
            TestAgent agent = listed.get(i).holdingEventsIn(records);
            agent.changeStatus("active");
            for (int rename = 1; rename < 15; rename++) {
                agent.rename("Agent " + i + " take " + rename);
            }
            agent.rename("Final " + i);
        }
        // the first agent's activation comes last: an older snapshot, applied after newer ones, changes nothing
        records.add(records.remove(0));
        deleted.holdingEventsIn(records).changeStatus("active");
        deleted.delete();
        // a deletion is final, even when an older snapshot follows it in the same poll
        Collections.swap(records, records.size() - 2, records.size() - 1);
        List<String> eventIds = records.stream().map(r -> r.headers().get("ce_id")).toList();

        TopicReader.sendAll(TestEvents.bootstrapServers(), TestAgent.TOPIC, records);

        eventIds.forEach(TestDatabase::awaitProcessed);
        long transactions = TestDatabase.queryLong("select count(distinct xmin::text) from processed_events where event_id in ("
                + eventIds.stream().map(id -> "'" + id + "'").collect(Collectors.joining(",")) + ")");
        assertTrue(transactions <= eventIds.size() / 10, eventIds.size() + " events sent together committed in "
                + transactions + " transactions");
        for (int i = 0; i < listed.size(); i++) {
            assertEquals("Final " + i + " " + listed.get(i).version + " active true", catalogRow(listed.get(i).id),
                    "agent " + i);
        }
        assertEquals(deleted.name + " " + deleted.version + " deleted false", catalogRow(deleted.id));
        // the boards were marked from the rows the poll wrote: the domain's board holds exactly its listed agents
        List<String> listedIds = listed.stream().map(agent -> agent.id.toString()).sorted().toList();
        await().atMost(Duration.ofSeconds(60)).until(() -> given().queryParam("domain", domain)
                .queryParam("period", "all_time").when().get("/api/marketplace/leaderboards").then().statusCode(200)
                .extract().jsonPath().<String> getList("items.agentId").stream().sorted().toList().equals(listedIds));
    }

    private static TestAgent publishedIn(String domain) {
        TestAgent agent = TestAgent.published(UUID.randomUUID());
        agent.domains = List.of(domain);
        return agent;
    }

    private static String catalogRow(UUID agentId) {
        return TestDatabase.query("select name || ' ' || agent_version || ' ' || status || ' ' || listed"
                + " from catalog_agents where agent_id = ?", agentId, rows -> rows.next() ? rows.getString(1) : null);
    }

    @Test
    void aPollHoldingRedeliveredEventsSkipsThemAndAppliesEachOfTheOthersOnce() {
        List<TopicReader.Outgoing> first = new ArrayList<>();
        List<String> firstIds = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            first.add(newAgentRegistered(firstIds));
        }
        TopicReader.sendAll(TestEvents.bootstrapServers(), TestAgent.TOPIC, first);
        firstIds.forEach(TestDatabase::awaitProcessed);
        long duplicatesBefore = consumer.duplicateCount();
        long appliedBefore = consumer.appliedCount();

        // the five again (a redelivery), five new ones, and one new event sent twice in the same poll
        List<TopicReader.Outgoing> again = new ArrayList<>(first);
        List<String> newIds = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            again.add(newAgentRegistered(newIds));
        }
        TopicReader.Outgoing twice = newAgentRegistered(newIds);
        again.add(twice);
        again.add(twice);
        TopicReader.sendAll(TestEvents.bootstrapServers(), TestAgent.TOPIC, again);

        newIds.forEach(TestDatabase::awaitProcessed);
        await().atMost(TestDatabase.TIMEOUT).untilAsserted(() -> {
            assertEquals(6, consumer.duplicateCount() - duplicatesBefore, "skipped");
            assertEquals(6, consumer.appliedCount() - appliedBefore, "applied");
        });
        firstIds.forEach(id -> assertEquals(1, TestDatabase.processedCount(id), "recorded once: " + id));
        newIds.forEach(id -> assertEquals(1, TestDatabase.processedCount(id), "recorded once: " + id));
    }

    @Test
    void aStatsRowAskedForOutsideAConsumerIsWrittenAtOnce() throws Throwable {
        UUID agent = UUID.randomUUID();
        VertxContextSupport.subscribeAndAwait(() -> Panache.withTransaction(() -> stats.ensureRow(agent)));
        assertEquals(1, TestDatabase.queryLong("select count(*) from agent_stats where agent_id::text = ?", agent.toString()));
    }

    @Test
    void aFailingEventIsDeadLetteredAloneWhileTheRestOfItsPollIsApplied() throws Exception {
        List<TopicReader.Outgoing> records = new ArrayList<>();
        List<String> valid = new ArrayList<>();
        String failing = UUID.randomUUID().toString();
        String failingKey = UUID.randomUUID().toString();
        for (int i = 0; i < 10; i++) {
            records.add(newAgentRegistered(valid));
            if (i == 4) {
                // a well-formed CloudEvent whose projection fails inside the transaction: no agent snapshot
                records.add(new TopicReader.Outgoing(failingKey, "{\"agentId\":\"" + failingKey + "\"}",
                        TopicReader.cloudEvent(failing, TestAgent.REGISTERED, failingKey)));
            }
        }
        TopicReader.sendAll(TestEvents.bootstrapServers(), TestAgent.TOPIC, records);

        valid.forEach(TestDatabase::awaitProcessed);
        try (TopicReader dlq = TopicReader.of("agents.v1.dlq")) {
            TopicReader.Received dead = dlq.await(r -> failing.equals(r.header("ce_id")), Duration.ofSeconds(30));
            assertTrue(dead.header("dead-letter-reason").contains("snapshot"), dead.header("dead-letter-reason"));
        }
        assertFalse(TestDatabase.isProcessed(failing));
        // a dead-lettered event is never recorded as processed: each of the others was applied, once
        valid.forEach(id -> assertEquals(1, TestDatabase.processedCount(id), "applied once: " + id));
    }

    /** The registration of a new agent, its event id added to {@code eventIds}. */
    private static TopicReader.Outgoing newAgentRegistered(List<String> eventIds) {
        TestAgent agent = TestAgent.of(UUID.randomUUID());
        String eventId = UUID.randomUUID().toString();
        eventIds.add(eventId);
        return new TopicReader.Outgoing(agent.id.toString(), agent.envelope().toString(),
                TopicReader.cloudEvent(eventId, TestAgent.REGISTERED, agent.id.toString()));
    }

    private static TopicReader.Received only(List<TopicReader.Received> records, String ceId) {
        List<TopicReader.Received> matching = records.stream()
                .filter(r -> java.util.Objects.equals(ceId, r.header("ce_id"))).toList();
        assertEquals(1, matching.size(), "records with ce_id " + ceId + ": " + records);
        return matching.get(0);
    }
}
