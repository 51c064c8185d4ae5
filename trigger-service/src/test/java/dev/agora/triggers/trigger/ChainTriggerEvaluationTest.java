package dev.agora.triggers.trigger;

import static dev.agora.triggers.TestChain.as;
import static dev.agora.triggers.TestChain.batch;
import static dev.agora.triggers.TestChain.feedback;
import static dev.agora.triggers.TestChain.ingestor;
import static dev.agora.triggers.TestChain.newChainId;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.empty;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasSize;
import static org.hamcrest.Matchers.nullValue;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.stream.IntStream;

import jakarta.inject.Inject;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.node.ObjectNode;

import dev.agora.testsupport.EventContracts;
import dev.agora.testsupport.KafkaTestResource;
import dev.agora.testsupport.PostgresTestResource;
import dev.agora.testsupport.TestDatabase;
import dev.agora.testsupport.TopicReader;
import dev.agora.triggers.TestTriggers;
import dev.agora.triggers.trigger.service.TriggerIndexes;
import io.quarkus.test.common.TestResourceScope;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.vertx.VertxContextSupport;

/** Chain events run through chain triggers end to end: firings, state, the fired event, the dry run. */
@QuarkusTest
@WithTestResource(value = PostgresTestResource.class, scope = TestResourceScope.GLOBAL)
@WithTestResource(value = KafkaTestResource.class, scope = TestResourceScope.GLOBAL)
class ChainTriggerEvaluationTest {
    private static final String LOW_SCORE_TWICE = "{\"all\":[{\"type\":\"score_threshold\",\"operator\":\"<\",\"value\":50},"
            + "{\"type\":\"rate_limit\",\"operator\":\">=\",\"value\":2,\"config\":{\"time_window\":\"1h\"}}]}";
    private static final String AGENT_7 = "[{\"type\":\"agent_id_equals\",\"value\":\"7\"}]";
    private static TopicReader fired;

    private final UUID owner = UUID.randomUUID();
    private final long chain = newChainId();

    @Inject
    TriggerIndexes indexes;

    @BeforeAll
    static void subscribe() {
        fired = TopicReader.of("triggers.v1");
    }

    @AfterAll
    static void close() {
        fired.close();
    }

    private String create(String body) {
        return as(owner).body(body).when().post("/api/triggers").then().statusCode(201).extract().path("id");
    }

    private void ingest(ObjectNode... events) {
        ingestor().body(batch(events)).when().post("/api/triggers/events").then().statusCode(200);
    }

    @Test
    void firesWhenTheConditionsHoldAndPublishesAConformingFiredEvent() {
        String id = create(TestTriggers.chain(chain, AGENT_7, LOW_SCORE_TWICE, null));

        // the high score does not satisfy the threshold, but it counts in the rate window all the same
        ingest(feedback(chain, 1, 0, "7", 90, 1000), feedback(chain, 2, 0, "8", 10, 1001));
        as(owner).when().get("/api/triggers/" + id + "/firings").then().statusCode(200).body("items", empty());
        ingestor().body(batch(feedback(chain, 3, 0, "7", 20, 1100))).when().post("/api/triggers/events")
                .then().statusCode(200).body("firings", equalTo(1));

        as(owner).when().get("/api/triggers/" + id + "/firings").then().statusCode(200)
                .body("items", hasSize(1))
                .body("items[0].eventId", equalTo(chain + "-3-0"))
                .body("items[0].eventSource", equalTo("chain"))
                .body("items[0].matchedConditions", contains("conditions.all[0]", "conditions.all[1]"))
                .body("items[0].state.'conditions.all[1]'.count", equalTo(2))
                .body("items[0].event.data.score", equalTo(20));

        TopicReader.Received event = fired.await(r -> id.equals(r.key()), Duration.ofSeconds(30));
        assertEquals("agora.trigger.fired.v1", event.header("ce_type"));
        assertEquals(List.of(), new EventContracts(Path.of("../contracts")).violations("triggers.v1",
                "agora.trigger.fired.v1", event.value()), event.value());
    }

    @Test
    void aRepeatedBatchIsNeverEvaluatedAgain() {
        String id = create(TestTriggers.chain(chain, AGENT_7, null, null).replace("\"conditions\":null,", ""));
        ingest(feedback(chain, 1, 0, "7", 10, 1000));
        ingest(feedback(chain, 1, 0, "7", 10, 1000));

        assertEquals(1, TestDatabase.queryLong("select count(*) from trigger_firings where trigger_id = ?::uuid", id));
    }

    @Test
    void keepsStatePerAgentWhenGroupingByAgent() {
        String id = create(TestTriggers.chain(chain, "[]",
                "{\"type\":\"rate_limit\",\"operator\":\">=\",\"value\":2,\"config\":{\"time_window\":\"1h\"}}", "agentId"));
        ingest(feedback(chain, 1, 0, "7", 10, 1000), feedback(chain, 1, 1, "8", 10, 1000));
        assertEquals(0, TestDatabase.queryLong("select count(*) from trigger_firings where trigger_id = ?::uuid", id));
        ingest(feedback(chain, 2, 0, "8", 10, 1010));

        as(owner).when().get("/api/triggers/" + id + "/firings").then().statusCode(200)
                .body("items.groupKey", contains("8"));
        as(owner).when().get("/api/triggers/" + id + "/state").then().statusCode(200)
                .body("groupKey", contains("7", "8")).body("condition", contains("conditions", "conditions"))
                .body("state.count", contains(1, 2));
    }

    @Test
    void stateSurvivesARestart() throws Throwable {
        String id = create(TestTriggers.chain(chain, AGENT_7, LOW_SCORE_TWICE, null));
        ingest(feedback(chain, 1, 0, "7", 10, 1000));

        // what a restart does: the index is rebuilt from the database; state lives only there
        VertxContextSupport.subscribeAndAwait(() -> indexes.reload());
        ingest(feedback(chain, 2, 0, "7", 10, 1010));

        assertEquals(1, TestDatabase.queryLong("select count(*) from trigger_firings where trigger_id = ?::uuid", id));
    }

    @Test
    void concurrentBatchesNeverLoseAStateUpdate() {
        String id = create(TestTriggers.chain(chain, "[]",
                "{\"type\":\"rate_limit\",\"operator\":\">=\",\"value\":1000,\"config\":{\"time_window\":\"1d\"}}", null));
        List<CompletableFuture<Void>> posts = IntStream.range(0, 4).mapToObj(batch -> CompletableFuture.runAsync(() -> {
            ObjectNode[] events = IntStream.range(0, 25)
                    .mapToObj(i -> feedback(chain, 100 + batch, i, "7", 10, 1000 + batch * 25 + i)).toArray(ObjectNode[]::new);
            ingest(events);
        })).toList();
        posts.forEach(CompletableFuture::join);

        as(owner).when().get("/api/triggers/" + id + "/state").then().statusCode(200).body("state[0].count", equalTo(100));
    }

    @Test
    void aDisabledTriggerDoesNotFireAndAnEnabledOneFiresAgain() {
        String id = create(TestTriggers.chain(chain, AGENT_7, null, null).replace("\"conditions\":null,", ""));
        as(owner).when().post("/api/triggers/" + id + "/disable").then().statusCode(200);
        ingest(feedback(chain, 1, 0, "7", 10, 1000));
        as(owner).when().post("/api/triggers/" + id + "/enable").then().statusCode(200);
        ingest(feedback(chain, 2, 0, "7", 10, 1000));

        as(owner).when().get("/api/triggers/" + id + "/firings").then().statusCode(200)
                .body("items.eventId", contains(chain + "-2-0"));
    }

    @Test
    void pagesThroughFiringsOfOneBatchThatShareTheirFiringTime() {
        String id = create(TestTriggers.chain(chain, "[]", "null", null));
        ingest(feedback(chain, 1, 0, "7", 10, 1000), feedback(chain, 1, 1, "7", 10, 1000), feedback(chain, 1, 2, "7", 10, 1000));

        String cursor = as(owner).queryParam("limit", 2).when().get("/api/triggers/" + id + "/firings")
                .then().statusCode(200).body("items", hasSize(2)).extract().path("nextCursor");
        List<String> first = as(owner).queryParam("limit", 2).when().get("/api/triggers/" + id + "/firings")
                .then().extract().path("items.eventId");
        List<String> rest = as(owner).queryParam("limit", 2).queryParam("cursor", cursor)
                .when().get("/api/triggers/" + id + "/firings")
                .then().statusCode(200).body("items", hasSize(1)).body("nextCursor", nullValue())
                .extract().path("items.eventId");
        assertEquals(3, new java.util.HashSet<>(List.of(first.get(0), first.get(1), rest.get(0))).size());
        as(owner).queryParam("cursor", "bm9wZQ").when().get("/api/triggers/" + id + "/firings").then().statusCode(400);
    }

    @Test
    void onlyTriggersOnTheEventsChainAndRegistryAreEvaluated() {
        String id = create(TestTriggers.chain(chain, "[]", null, null).replace("\"conditions\":null,", ""));
        ingest(feedback(newChainId(), 1, 0, "7", 10, 1000), feedback(chain, 1, 0, "7", 10, 1000).put("registry", "validation"));

        assertEquals(0, TestDatabase.queryLong("select count(*) from trigger_firings where trigger_id = ?::uuid", id));
    }

    @Test
    void theDryRunShowsEachNodeAndTheStateItWouldProduceWithoutSavingAnything() {
        String id = create(TestTriggers.chain(chain, AGENT_7, LOW_SCORE_TWICE, null));
        ingest(feedback(chain, 1, 0, "7", 90, 1000));
        String stateBefore = TestDatabase.query("select state::text from trigger_state where trigger_id = ?::uuid", id,
                rows -> rows.next() ? rows.getString(1) : null);

        ObjectNode sample = feedback(chain, 2, 0, "7", 10, 1010);
        as(owner).body("{\"event\":" + sample + "}").when().post("/api/triggers/" + id + "/test")
                .then().statusCode(200)
                .body("passedFilter", equalTo(true)).body("fired", equalTo(true))
                .body("result.kind", equalTo("all"))
                .body("result.children.path", contains("conditions.all[0]", "conditions.all[1]"))
                .body("result.children.matched", contains(true, true))
                .body("state.'conditions.all[1]'.count", equalTo(2));

        as(owner).body("{\"event\":" + feedback(chain, 2, 0, "9", 10, 1010) + "}").when().post("/api/triggers/" + id + "/test")
                .then().statusCode(200).body("passedFilter", equalTo(false)).body("fired", equalTo(false));
        as(owner).body("{\"event\":{\"chainId\":1}}").when().post("/api/triggers/" + id + "/test")
                .then().statusCode(400).body("errors.field", contains("event.blockNumber", "event.blockHash",
                        "event.transactionHash", "event.logIndex", "event.registry", "event.eventType", "event.timestamp"));

        assertEquals(stateBefore, TestDatabase.query("select state::text from trigger_state where trigger_id = ?::uuid", id,
                rows -> rows.next() ? rows.getString(1) : null));
        assertEquals(0, TestDatabase.queryLong("select count(*) from trigger_firings where trigger_id = ?::uuid", id));
        assertEquals(0, TestDatabase.queryLong("select count(*) from events where id = ?", chain + "-2-0"));
    }
}
