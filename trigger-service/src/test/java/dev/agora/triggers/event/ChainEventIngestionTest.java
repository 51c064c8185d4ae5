package dev.agora.triggers.event;

import static dev.agora.triggers.TestChain.HASH;
import static dev.agora.triggers.TestChain.batch;
import static dev.agora.triggers.TestChain.feedback;
import static dev.agora.triggers.TestChain.ingestor;
import static dev.agora.triggers.TestChain.newChainId;
import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.empty;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.nullValue;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

import jakarta.inject.Inject;

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import dev.agora.testsupport.KafkaTestResource;
import dev.agora.testsupport.PostgresTestResource;
import dev.agora.testsupport.TestDatabase;
import dev.agora.triggers.TestChain;
import dev.agora.triggers.event.service.RetentionPurge;
import io.quarkus.test.common.TestResourceScope;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.vertx.VertxContextSupport;
import io.restassured.http.ContentType;

@QuarkusTest
@WithTestResource(value = PostgresTestResource.class, scope = TestResourceScope.GLOBAL)
@WithTestResource(value = KafkaTestResource.class, scope = TestResourceScope.GLOBAL)
class ChainEventIngestionTest {
    private final long chain = newChainId();

    @Inject
    RetentionPurge retention;

    @Test
    void storesABatchUnderChainBlockAndLogIndexIds() {
        ingestor().body(batch(feedback(chain, 10, 0, "7", 80, 1000), feedback(chain, 10, 1, "7", 20, 1000)))
                .when().post("/api/triggers/events")
                .then().statusCode(200)
                .body("received", equalTo(2)).body("accepted", equalTo(2)).body("duplicates", equalTo(0))
                .body("rejected", equalTo(0)).body("acceptedIds", contains(chain + "-10-0", chain + "-10-1"))
                .body("errors", empty());

        assertEquals(2, TestDatabase.queryLong("select count(*) from events where chain_id = ?", chain));
        assertEquals(20, TestDatabase.queryLong("select score from events where id = ?", chain + "-10-1"));
    }

    @Test
    void ignoresAndCountsEventsAlreadyStoredOrRepeatedInTheBatch() {
        String first = batch(feedback(chain, 10, 0, "7", 80, 1000));
        ingestor().body(first).when().post("/api/triggers/events").then().statusCode(200).body("accepted", equalTo(1));

        ObjectNode changed = feedback(chain, 10, 0, "7", 5, 1000);
        ingestor().body(batch(changed, feedback(chain, 11, 0, "7", 50, 1012), feedback(chain, 11, 0, "7", 50, 1012)))
                .when().post("/api/triggers/events")
                .then().statusCode(200)
                .body("accepted", equalTo(1)).body("duplicates", equalTo(2))
                .body("duplicateIds", contains(chain + "-10-0", chain + "-11-0"));

        assertEquals(80, TestDatabase.queryLong("select score from events where id = ?", chain + "-10-0"),
                "the stored event is never overwritten");
    }

    @Test
    void acceptsTheGoodEventsOfABatchAndNamesEachBadOneByIndexAndField() {
        ObjectNode badHash = feedback(chain, 12, 0, "7", 50, 1000).put("blockHash", "0x12");
        ObjectNode badScore = feedback(chain, 12, 1, "7", 50, 1000).put("score", 101);
        badScore.remove("timestamp");
        ingestor().body(batch(feedback(chain, 12, 2, "7", 50, 1000), badHash, badScore))
                .when().post("/api/triggers/events")
                .then().statusCode(200)
                .body("accepted", equalTo(1)).body("rejected", equalTo(2))
                .body("errors.field", contains("events[1].blockHash", "events[2].timestamp", "events[2].score"));

        assertEquals(1, TestDatabase.queryLong("select count(*) from events where chain_id = ?", chain));
    }

    @Test
    void rejectsTheWholeBatchWhenAllOrNothingIsAskedAndOneEventIsBad() {
        ArrayNode events = TestChain.JSON.createArrayNode().add(feedback(chain, 13, 0, "7", 50, 1000))
                .add(feedback(chain, 13, 1, "7", 50, 1000).put("registry", "nope"));
        ObjectNode body = TestChain.JSON.createObjectNode().put("allOrNothing", true);
        body.set("events", events);

        ingestor().body(body.toString()).when().post("/api/triggers/events")
                .then().statusCode(400).contentType("application/problem+json")
                .body("errors.field", contains("events[1].registry"));

        assertEquals(0, TestDatabase.queryLong("select count(*) from events where chain_id = ?", chain));
    }

    @Test
    void rejectsEmptyOversizedAndMalformedBatches() {
        ingestor().body("{\"events\":[]}").when().post("/api/triggers/events").then().statusCode(400)
                .body("errors.field", contains("events"));
        ArrayNode many = TestChain.JSON.createArrayNode();
        for (int i = 0; i < 1001; i++) {
            many.add(feedback(chain, 14, i, "7", 50, 1000));
        }
        ObjectNode body = TestChain.JSON.createObjectNode();
        body.set("events", many);
        ingestor().body(body.toString()).when().post("/api/triggers/events").then().statusCode(400);
        ingestor().body("[1,2]").when().post("/api/triggers/events").then().statusCode(400);
        ingestor().body("{\"events\":[1], \"allOrNothing\":\"yes\"}").when().post("/api/triggers/events").then()
                .statusCode(400).body("errors.field", contains("allOrNothing"));
        ingestor().body("{\"events\":[1]}").when().post("/api/triggers/events").then().statusCode(200)
                .body("errors.field", contains("events[0]"));
        assertEquals(0, TestDatabase.queryLong("select count(*) from events where chain_id = ?", chain));
    }

    @Test
    void acceptsAThousandEventsInOneBatch() {
        ArrayNode many = TestChain.JSON.createArrayNode();
        for (int i = 0; i < 1000; i++) {
            many.add(feedback(chain, 15 + i / 10, i % 10, String.valueOf(i % 7), i % 101, 1000 + i));
        }
        ObjectNode body = TestChain.JSON.createObjectNode();
        body.set("events", many);
        ingestor().body(body.toString()).when().post("/api/triggers/events").then().statusCode(200)
                .body("accepted", equalTo(1000));
        ingestor().body(body.toString()).when().post("/api/triggers/events").then().statusCode(200)
                .body("accepted", equalTo(0)).body("duplicates", equalTo(1000));
    }

    @Test
    void onlyIngestorsMayPostEvents() {
        String body = batch(feedback(chain, 16, 0, "7", 50, 1000));
        given().contentType(ContentType.JSON).body(body).when().post("/api/triggers/events").then().statusCode(401);
        TestChain.as(UUID.randomUUID()).body(body).when().post("/api/triggers/events").then().statusCode(403);
        assertEquals(0, TestDatabase.queryLong("select count(*) from events where chain_id = ?", chain));
    }

    @Test
    void theEventsTableIsAppendOnly() {
        ingestor().body(batch(feedback(chain, 17, 0, "7", 50, 1000))).when().post("/api/triggers/events").then().statusCode(200);
        assertThrows(RuntimeException.class,
                () -> TestDatabase.execute("update events set score = 1 where id = ?", chain + "-17-0"));
    }

    @Test
    void listsEventsNewestBlockTimeFirstWithFiltersAndKeysetPaging() {
        ingestor().body(batch(feedback(chain, 20, 0, "7", 50, 1000), feedback(chain, 21, 0, "7", 50, 2000),
                feedback(chain, 22, 0, "8", 50, 3000), feedback(chain, 23, 0, "7", 50, 4000),
                feedback(chain, 24, 0, "7", 50, 5000).put("registry", "validation").put("eventType", "ValidationResponse")))
                .when().post("/api/triggers/events").then().statusCode(200).body("accepted", equalTo(5));
        UUID reader = UUID.randomUUID();

        String cursor = TestChain.as(reader).queryParam("chainId", chain).queryParam("agentId", "7")
                .queryParam("registry", "reputation").queryParam("limit", 2)
                .when().get("/api/triggers/events")
                .then().statusCode(200)
                .body("items.id", contains(chain + "-23-0", chain + "-21-0"))
                .extract().path("nextCursor");
        TestChain.as(reader).queryParam("chainId", chain).queryParam("agentId", "7").queryParam("registry", "reputation")
                .queryParam("limit", 2).queryParam("cursor", cursor)
                .when().get("/api/triggers/events")
                .then().statusCode(200).body("items.id", contains(chain + "-20-0")).body("nextCursor", nullValue());

        TestChain.as(reader).queryParam("chainId", chain).queryParam("from", 2000).queryParam("to", Instant.ofEpochSecond(4000).toString())
                .when().get("/api/triggers/events")
                .then().statusCode(200).body("items.id", contains(chain + "-22-0", chain + "-21-0"));
        TestChain.as(reader).queryParam("chainId", chain).queryParam("eventType", "ValidationResponse")
                .when().get("/api/triggers/events")
                .then().statusCode(200).body("items.id", contains(chain + "-24-0"))
                .body("items[0].registry", equalTo("validation")).body("items[0].blockHash", equalTo(HASH));
    }

    @Test
    void rejectsBadListFilters() {
        TestChain.as(UUID.randomUUID()).queryParam("registry", "x").queryParam("from", "yesterday")
                .queryParam("agentId", "abc").when().get("/api/triggers/events")
                .then().statusCode(400).body("errors.field", contains("agentId", "registry", "from"));
        TestChain.as(UUID.randomUUID()).queryParam("cursor", "zzz").when().get("/api/triggers/events").then().statusCode(400);
        given().when().get("/api/triggers/events").then().statusCode(401);
    }

    @Test
    void keepsACheckpointPerChain() {
        ingestor().when().get("/api/triggers/checkpoints/" + chain).then().statusCode(404);
        ingestor().body("{\"lastBlockNumber\": 120, \"lastBlockHash\": \"" + HASH + "\"}")
                .when().put("/api/triggers/checkpoints/" + chain)
                .then().statusCode(200).body("chainId", equalTo((int) chain)).body("lastBlockNumber", equalTo(120));
        ingestor().body("{\"lastBlockNumber\": 118, \"lastBlockHash\": \"" + HASH + "\"}")
                .when().put("/api/triggers/checkpoints/" + chain).then().statusCode(200);
        ingestor().when().get("/api/triggers/checkpoints/" + chain)
                .then().statusCode(200).body("lastBlockNumber", equalTo(118)).body("lastBlockHash", equalTo(HASH));
    }

    @Test
    void rejectsBadCheckpointsAndCallersWithoutTheIngestorRole() {
        ingestor().body("{\"lastBlockNumber\": -1, \"lastBlockHash\": \"0x1\"}").when().put("/api/triggers/checkpoints/" + chain)
                .then().statusCode(400).body("errors.field", contains("lastBlockNumber", "lastBlockHash"));
        ingestor().when().get("/api/triggers/checkpoints/abc").then().statusCode(400).body("errors.field", hasItem("chainId"));
        TestChain.as(UUID.randomUUID()).body("{\"lastBlockNumber\": 1, \"lastBlockHash\": \"" + HASH + "\"}")
                .when().put("/api/triggers/checkpoints/" + chain).then().statusCode(403);
        given().when().get("/api/triggers/checkpoints/" + chain).then().statusCode(401);
        ingestor().when().get("/api/triggers/checkpoints/" + chain).then().statusCode(404)
                .body("detail", containsString("checkpoint"));
    }

    @Test
    void retentionPurgesFiringsOlderThanTheConfiguredAge() throws Throwable {
        UUID owner = UUID.randomUUID();
        String trigger = TestChain.as(owner).body(dev.agora.triggers.TestTriggers.chain(chain, "[]", "null", null))
                .when().post("/api/triggers").then().statusCode(201).extract().path("id");
        ingestor().body(batch(feedback(chain, 40, 0, "7", 50, 1000), feedback(chain, 41, 0, "7", 50, 1000)))
                .when().post("/api/triggers/events").then().statusCode(200).body("firings", equalTo(2));
        TestDatabase.execute("update trigger_firings set fired_at = now() - interval '91 days' where event_id = ?",
                chain + "-40-0");

        VertxContextSupport.subscribeAndAwait(() -> retention.purge(Instant.now()));

        TestChain.as(owner).when().get("/api/triggers/" + trigger + "/firings").then().statusCode(200)
                .body("items.eventId", contains(chain + "-41-0"));
    }

    @Test
    void retentionPurgesEventsOlderThanTheConfiguredAge() throws Throwable {
        ingestor().body(batch(feedback(chain, 30, 0, "7", 50, 1000), feedback(chain, 31, 0, "7", 50, 1000)))
                .when().post("/api/triggers/events").then().statusCode(200);
        // the purge compares the time each event was stored: pretend the first one is 400 days old
        TestDatabase.execute("alter table events disable trigger events_append_only");
        try {
            TestDatabase.execute("update events set created_at = now() - interval '400 days' where id = ?", chain + "-30-0");
        } finally {
            TestDatabase.execute("alter table events enable trigger events_append_only");
        }

        VertxContextSupport.subscribeAndAwait(() -> retention.purge(Instant.now()));

        assertEquals(List.of(chain + "-31-0"), TestDatabase.query("select id from events where chain_id = ?", chain, rows -> {
            java.util.List<String> ids = new java.util.ArrayList<>();
            while (rows.next()) {
                ids.add(rows.getString(1));
            }
            return ids;
        }));
    }

}
