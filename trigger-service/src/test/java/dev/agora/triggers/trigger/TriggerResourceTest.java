package dev.agora.triggers.trigger;

import static dev.agora.triggers.TestChain.as;
import static dev.agora.triggers.TestChain.newChainId;
import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItems;
import static org.hamcrest.Matchers.notNullValue;
import static org.hamcrest.Matchers.nullValue;
import static org.hamcrest.Matchers.startsWith;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import org.junit.jupiter.api.Test;

import dev.agora.testsupport.KafkaTestResource;
import dev.agora.testsupport.PostgresTestResource;
import dev.agora.testsupport.TestDatabase;
import dev.agora.triggers.TestTriggers;
import io.quarkus.test.common.TestResourceScope;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.response.Response;

@QuarkusTest
@WithTestResource(value = PostgresTestResource.class, scope = TestResourceScope.GLOBAL)
@WithTestResource(value = KafkaTestResource.class, scope = TestResourceScope.GLOBAL)
class TriggerResourceTest {
    static final String LOW_SCORE_RATE = "{\"all\":[{\"type\":\"score_threshold\",\"operator\":\"<\",\"value\":50},"
            + "{\"type\":\"rate_limit\",\"operator\":\">=\",\"value\":2,\"config\":{\"time_window\":\"1h\"}}]}";
    static final String AGENT_7 = "[{\"type\":\"agent_id_equals\",\"value\":\"7\"}]";

    private final UUID owner = UUID.randomUUID();
    private final long chain = newChainId();

    /** Creates the trigger as {@code user} (201) and returns its id. */
    static String create(UUID user, String body) {
        return as(user).body(body).when().post("/api/triggers").then().statusCode(201).extract().path("id");
    }

    @Test
    void createsAWholeTriggerInOneRequest() {
        String id = as(owner).body(TestTriggers.chain(chain, AGENT_7, LOW_SCORE_RATE, "agentId"))
                .when().post("/api/triggers")
                .then().statusCode(201)
                .header("Location", notNullValue())
                .body("name", equalTo("Low scores")).body("enabled", equalTo(true))
                .body("source.type", equalTo("chain")).body("source.chainId", equalTo((int) chain))
                .body("source.registry", equalTo("reputation")).body("filter[0].type", equalTo("agent_id_equals"))
                .body("conditions.all[1].config.time_window", equalTo("1h")).body("groupBy", equalTo("agentId"))
                .body("actions.type", contains("rest", "notification")).body("actions[0].priority", equalTo(2))
                .body("actions[1].priority", equalTo(1))
                .extract().path("id");

        as(owner).when().get("/api/triggers/" + id).then().statusCode(200).body("id", equalTo(id))
                .body("actions[0].config.url", equalTo("https://example.com/hook"));
    }

    @Test
    void masksSecretLookingActionSettings() {
        String id = create(owner, TestTriggers.chain(chain, AGENT_7, LOW_SCORE_RATE, null));
        as(owner).when().get("/api/triggers/" + id).then().statusCode(200)
                .body("actions[0].config.authToken", equalTo("********"));
    }

    @Test
    void namesEveryInvalidFieldByItsJsonPath() {
        String body = ("{'name':'','source':{'type':'chain','chainId':0,'registry':'x'},"
                + "'filter':[{'type':'ema_threshold','operator':'<','value':1,'config':{'window_size':3}}],"
                + "'conditions':{'any':[{'type':'score_threshold','operator':'=~','value':1},"
                + "{'type':'rate_limit','operator':'>','value':1,'config':{'time_window':'10y'}},{'type':'unknown'},"
                + "{'type':'ema_threshold','operator':'<','value':1}]},'groupBy':'owner',"
                + "'actions':[{'type':'sms'}],'extra':1}").replace('\'', '"');
        as(owner).body(body).when().post("/api/triggers")
                .then().statusCode(400).contentType("application/problem+json")
                .body("errors.field", hasItems("extra", "name", "source.chainId", "source.registry", "filter[0].type",
                        "conditions.any[0].operator", "conditions.any[1].config.time_window", "conditions.any[2].type",
                        "conditions.any[3].config", "groupBy", "actions[0].type"));
        assertEquals(0, TestDatabase.queryLong("select count(*) from triggers where owner_id = ?", owner));
    }

    @Test
    void validatesPlatformSources() {
        as(owner).body(TestTriggers.platform("[]", "[]", "null")).when().post("/api/triggers")
                .then().statusCode(400).body("errors.field", contains("source.eventTypes"));
        as(owner).body(TestTriggers.platform("[\"deployment failed\"]", "[]", "null")).when().post("/api/triggers")
                .then().statusCode(400).body("errors.field", contains("source.eventTypes[0]"));
        as(owner).body("{\"name\":\"x\",\"source\":{\"type\":\"mail\"}}").when().post("/api/triggers")
                .then().statusCode(400).body("errors.field", contains("source.type"));
        as(owner).body(TestTriggers.platform("[\"agora.deployment.failed.v1\"]", "[]",
                "{\"type\":\"field\",\"path\":\"deployment.errorMessage\",\"operator\":\"exists\"}"))
                .when().post("/api/triggers").then().statusCode(201).body("source.eventTypes", contains("agora.deployment.failed.v1"))
                .body("conditions.path", equalTo("deployment.errorMessage"));
    }

    @Test
    void listsOnlyMyTriggersNewestFirstWithPaging() {
        String first = create(owner, TestTriggers.chain(chain, "[]", "null", null));
        String second = create(owner, TestTriggers.chain(chain, "[]", "null", null));
        as(UUID.randomUUID()).body(TestTriggers.chain(chain, "[]", "null", null)).when().post("/api/triggers").then().statusCode(201);

        String cursor = as(owner).queryParam("limit", 1).when().get("/api/triggers")
                .then().statusCode(200).body("items.id", contains(second)).extract().path("nextCursor");
        as(owner).queryParam("limit", 1).queryParam("cursor", cursor).when().get("/api/triggers")
                .then().statusCode(200).body("items.id", contains(first)).body("nextCursor", nullValue());
    }

    @Test
    void replacesATriggerAndStartsItsStateAfreshWhenTheConditionsChange() {
        String id = create(owner, TestTriggers.chain(chain, AGENT_7, LOW_SCORE_RATE, null));
        TestDatabase.execute("insert into trigger_state (trigger_id, group_key, condition_path, state)"
                + " values (?::uuid, '', 'conditions.all[1]', '{\"kind\":\"window\",\"watermark\":1,\"times\":[1]}'::jsonb)", id);

        as(owner).body(TestTriggers.chain(chain, AGENT_7, LOW_SCORE_RATE, null).replace("Low scores", "Renamed"))
                .when().put("/api/triggers/" + id).then().statusCode(200).body("name", equalTo("Renamed"))
                .body("actions.type", contains("rest", "notification"));
        assertEquals(1, TestDatabase.queryLong("select count(*) from trigger_state where trigger_id = ?::uuid", id),
                "same logic: state kept");

        as(owner).body(TestTriggers.chain(chain, AGENT_7, "{\"type\":\"score_threshold\",\"operator\":\"<\",\"value\":10}", null))
                .when().put("/api/triggers/" + id).then().statusCode(200).body("conditions.value", equalTo(10));
        assertEquals(0, TestDatabase.queryLong("select count(*) from trigger_state where trigger_id = ?::uuid", id));
        assertEquals(2, TestDatabase.queryLong("select count(*) from trigger_actions where trigger_id = ?::uuid", id));

        as(owner).body("{\"name\":1}").when().put("/api/triggers/" + id).then().statusCode(400);
    }

    /** Replaces of one trigger at once: a writer that read an older version gets a 409 problem, never a 500. */
    @Test
    void concurrentReplacesOfOneTriggerAnswerConflictNotServerError() throws Exception {
        String id = create(owner, TestTriggers.chain(chain, AGENT_7, LOW_SCORE_RATE, null));
        ExecutorService callers = Executors.newFixedThreadPool(12);
        try {
            List<Future<Response>> answers = new ArrayList<>();
            for (int i = 0; i < 36; i++) {
                String body = TestTriggers.chain(chain, AGENT_7, LOW_SCORE_RATE, null).replace("Low scores", "Writer " + i);
                answers.add(callers.submit(() -> as(owner).body(body).when().put("/api/triggers/" + id)));
            }
            int replaced = 0;
            for (Future<Response> answer : answers) {
                Response response = answer.get();
                if (response.statusCode() == 200) {
                    replaced++;
                } else {
                    assertEquals(409, response.statusCode(), response.asString());
                    assertEquals("application/problem+json", response.contentType());
                }
            }
            assertTrue(replaced > 0, "at least one writer replaced it");
        } finally {
            callers.shutdownNow();
        }
        as(owner).when().get("/api/triggers/" + id).then().statusCode(200).body("name", startsWith("Writer "));
    }

    @Test
    void enablesDisablesAndDeletes() {
        String id = create(owner, TestTriggers.chain(chain, "[]", "null", null));
        as(owner).when().post("/api/triggers/" + id + "/disable").then().statusCode(200).body("enabled", equalTo(false));
        as(owner).when().post("/api/triggers/" + id + "/disable").then().statusCode(200).body("enabled", equalTo(false));
        as(owner).when().post("/api/triggers/" + id + "/enable").then().statusCode(200).body("enabled", equalTo(true));
        as(owner).when().delete("/api/triggers/" + id).then().statusCode(204);
        as(owner).when().get("/api/triggers/" + id).then().statusCode(404);
        assertEquals(0, TestDatabase.queryLong("select count(*) from trigger_actions where trigger_id = ?::uuid", id));
    }

    @Test
    void someoneElsesTriggerIsNotFoundAndNothingWorksWithoutAToken() {
        String id = create(owner, TestTriggers.chain(chain, "[]", "null", null));
        UUID stranger = UUID.randomUUID();
        as(stranger).when().get("/api/triggers/" + id).then().statusCode(404);
        as(stranger).body(TestTriggers.chain(chain, "[]", "null", null)).when().put("/api/triggers/" + id).then().statusCode(404);
        as(stranger).when().post("/api/triggers/" + id + "/disable").then().statusCode(404);
        as(stranger).when().get("/api/triggers/" + id + "/state").then().statusCode(404);
        as(stranger).when().get("/api/triggers/" + id + "/firings").then().statusCode(404);
        as(stranger).body("{\"event\":{}}").when().post("/api/triggers/" + id + "/test").then().statusCode(404);
        as(stranger).when().delete("/api/triggers/" + id).then().statusCode(404);
        as(owner).when().get("/api/triggers/" + id).then().statusCode(200).body("enabled", equalTo(true));

        given().contentType(ContentType.JSON).when().get("/api/triggers").then().statusCode(401);
        given().contentType(ContentType.JSON).body(TestTriggers.chain(chain, "[]", "null", null)).when().post("/api/triggers")
                .then().statusCode(401);
        given().when().get("/api/triggers/" + id).then().statusCode(401);
    }
}
