package dev.agora.marketplace;

import static dev.agora.marketplace.Marketplace.TASKS;
import static dev.agora.marketplace.Marketplace.as;
import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.empty;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.notNullValue;
import static org.hamcrest.Matchers.nullValue;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;

import dev.agora.testsupport.KafkaTestResource;
import dev.agora.testsupport.PostgresTestResource;
import dev.agora.testsupport.TestDatabase;
import dev.agora.testsupport.TopicReader;
import io.quarkus.test.common.TestResourceScope;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;

@QuarkusTest
@WithTestResource(value = PostgresTestResource.class, scope = TestResourceScope.GLOBAL)
@WithTestResource(value = KafkaTestResource.class, scope = TestResourceScope.GLOBAL)
class TaskResourceTest {
    private final UUID owner = UUID.randomUUID();
    private final UUID hirer = UUID.randomUUID();
    private final UUID stranger = UUID.randomUUID();

    @Test
    void aHirerCreatesATaskAndTheOwnerRunsItToCompletionWithAnEventForEachStep() {
        TestAgent agent = Marketplace.listedAgent(owner);
        Marketplace.deposit(hirer, Marketplace.BUDGET);
        String id = as(hirer).body(Marketplace.taskJson(agent.id)).when().post(TASKS).then().statusCode(201)
                .body("agentId", equalTo(agent.id.toString()))
                .body("hirerId", equalTo(hirer.toString()))
                .body("ownerId", equalTo(owner.toString()))
                .body("title", equalTo("Audit my contract"))
                .body("status", equalTo("pending"))
                .body("priority", equalTo("high"))
                .body("budget", equalTo(12500000))
                .body("paymentType", equalTo("fixed"))
                .body("dueDate", equalTo("2099-01-01T00:00:00Z"))
                .body("startedAt", nullValue())
                .extract().path("id");
        as(owner).when().post(TASKS + "/" + id + "/start").then().statusCode(200)
                .body("status", equalTo("in_progress")).body("startedAt", notNullValue());
        as(owner).body("{}").when().post(TASKS + "/" + id + "/complete").then().statusCode(200)
                .body("status", equalTo("completed")).body("finishedAt", notNullValue());
        as(hirer).when().get(TASKS + "/" + id).then().statusCode(200).body("status", equalTo("completed"));
        // the hire counts towards the agent's popularity once its event is consumed
        Awaitility.await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> given().when()
                .get("/api/marketplace/agents/" + agent.id).then().statusCode(200).body("hireCount", equalTo(1)));

        List<TopicReader.Received> events = Marketplace.awaitEvents(agent.id.toString(),
                r -> r.value().contains(id) && r.header("ce_type").startsWith("agora.task."),
                List.of("agora.task.created.v1", "agora.task.started.v1", "agora.task.completed.v1"));
        JsonPath created = new JsonPath(events.get(0).value());
        assertEquals(id, created.getString("taskId"));
        assertEquals(hirer.toString(), created.getString("actorId"));
        assertEquals(owner.toString(), new JsonPath(events.get(2).value()).getString("actorId"));
    }

    @Test
    void onlyTheRightPartyMayMoveATaskAndOnlyAlongTheStateMachine() {
        TestAgent agent = Marketplace.listedAgent(owner);
        String task = Marketplace.createTask(hirer, agent);
        String path = TASKS + "/" + task;

        as(owner).body("{nope").when().post(path + "/start").then().statusCode(400).body("errors[0].field", equalTo("body"));
        as(hirer).when().post(path + "/start").then().statusCode(409);
        as(owner).when().post(path + "/complete").then().statusCode(409);
        as(owner).when().post(path + "/cancel").then().statusCode(409);
        // a body is optional, and so is its content type
        given().auth().oauth2(dev.agora.testsupport.TestTokens.forUser(owner)).when().post(path + "/start").then()
                .statusCode(200);
        as(owner).when().post(path + "/start").then().statusCode(409);
        as(hirer).body("{\"reason\":\"changed my mind\"}").when().post(path + "/cancel").then().statusCode(200)
                .body("status", equalTo("cancelled")).body("failureReason", equalTo("changed my mind"));
        as(owner).when().post(path + "/fail").then().statusCode(409);
        as(hirer).when().post(path + "/cancel").then().statusCode(409);

        String failing = Marketplace.createTask(hirer, agent);
        as(hirer).when().post(TASKS + "/" + failing + "/fail").then().statusCode(409);
        as(owner).when().post(TASKS + "/" + failing + "/start").then().statusCode(200);
        as(owner).body("{\"reason\":\"the API is down\"}").when().post(TASKS + "/" + failing + "/fail").then()
                .statusCode(200).body("status", equalTo("failed")).body("failureReason", equalTo("the API is down"));
        as(owner).when().post(TASKS + "/" + failing + "/complete").then().statusCode(409);
        as(owner).when().post(TASKS + "/" + failing + "/teleport").then().statusCode(404);
        as(owner).when().post(TASKS + "/" + UUID.randomUUID() + "/start").then().statusCode(404);

        String pending = Marketplace.createTask(hirer, agent);
        as(hirer).when().post(TASKS + "/" + pending + "/cancel").then().statusCode(200).body("status", equalTo("cancelled"));
        Marketplace.awaitEvents(agent.id.toString(), r -> r.value().contains(failing),
                List.of("agora.task.created.v1", "agora.escrow.reserved.v1", "agora.task.started.v1",
                        "agora.task.failed.v1", "agora.escrow.refunded.v1"));
        Marketplace.awaitEvents(agent.id.toString(), r -> r.value().contains(pending),
                List.of("agora.task.created.v1", "agora.escrow.reserved.v1", "agora.task.cancelled.v1",
                        "agora.escrow.refunded.v1"));
    }

    @Test
    void onlyListedAgentsOfOthersCanBeHired() {
        TestAgent agent = Marketplace.listedAgent(owner);
        as(owner).body(Marketplace.taskJson(agent.id)).when().post(TASKS).then().statusCode(409)
                .body("errors[0].field", equalTo("agentId"));
        TestAgent draft = TestAgent.published(owner);
        draft.publicationStatus = "draft";
        draft.status = "active";
        TestDatabase.awaitProcessed(draft.register());
        as(hirer).body(Marketplace.taskJson(draft.id)).when().post(TASKS).then().statusCode(404);
        as(hirer).body(Marketplace.taskJson(UUID.randomUUID())).when().post(TASKS).then().statusCode(404);
        assertEquals(0, TestDatabase.queryLong("select count(*) from tasks where agent_id = ? or agent_id = ?",
                agent.id, draft.id));
    }

    @Test
    void rejectsBadTasksNamingTheFieldAndWritesNothing() {
        TestAgent agent = Marketplace.listedAgent(owner);
        String valid = Marketplace.taskJson(agent.id);
        expectBadRequest(valid.replace("\"title\":\"Audit my contract\",", ""), "title");
        expectBadRequest(valid.replace("Audit my contract", " "), "title");
        expectBadRequest(valid.replace("Audit my contract", "x".repeat(201)), "title");
        expectBadRequest(valid.replace("\"description\":\"Find the bugs\",", ""), "description");
        expectBadRequest(valid.replace("\"high\"", "\"critical\""), "priority");
        expectBadRequest(valid.replace("\"fixed\"", "\"barter\""), "paymentType");
        String budget = Long.toString(Marketplace.BUDGET);
        expectBadRequest(valid.replace(budget, "-1"), "budget");
        expectBadRequest(valid.replace(budget, "0.0000000001"), "budget");
        expectBadRequest(valid.replace(budget, "12.5"), "budget");
        expectBadRequest(valid.replace("\"fixed\"", "\"hourly\""), "paymentType");
        expectBadRequest(valid.replace("\"fixed\"", "\"subscription\""), "paymentType");
        expectBadRequest(valid.replace("2099-01-01T00:00:00Z", "2001-01-01T00:00:00Z"), "dueDate");
        expectBadRequest(valid.replace("\"agentId\":\"" + agent.id + "\",", ""), "agentId");
        as(hirer).body(valid.replace(agent.id.toString(), "not-a-uuid")).when().post(TASKS).then().statusCode(400)
                .contentType("application/problem+json");
        as(hirer).body("{not json").when().post(TASKS).then().statusCode(400);
        assertEquals(0, TestDatabase.queryLong("select count(*) from tasks where agent_id = ?", agent.id));
    }

    @Test
    void listsMyTasksAsHirerAndTheIncomingOnesAsOwnerNewestFirst() {
        TestAgent agent = Marketplace.listedAgent(owner);
        List<String> created = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            created.add(Marketplace.createTask(hirer, agent));
        }
        List<String> newestFirst = List.of(created.get(2), created.get(1), created.get(0));
        assertEquals(newestFirst, pageThrough(hirer, "hirer", null));
        assertEquals(newestFirst, pageThrough(owner, "owner", null));
        as(owner).when().post(TASKS + "/" + created.get(1) + "/start").then().statusCode(200);
        assertEquals(List.of(created.get(1)), pageThrough(owner, "owner", "in_progress"));
        assertEquals(List.of(), pageThrough(owner, "hirer", null));
        as(stranger).when().get(TASKS).then().statusCode(200).body("items", empty());
        as(stranger).queryParam("role", "owner").when().get(TASKS).then().statusCode(200).body("items", empty());
        as(hirer).queryParam("role", "boss").when().get(TASKS).then().statusCode(400).body("errors[0].field", equalTo("role"));
        as(hirer).queryParam("status", "done").when().get(TASKS).then().statusCode(400).body("errors[0].field", equalTo("status"));
        as(hirer).queryParam("cursor", "nope!").when().get(TASKS).then().statusCode(400).body("errors[0].field", equalTo("cursor"));
        as(hirer).queryParam("limit", 0).when().get(TASKS).then().statusCode(400).body("errors[0].field", equalTo("limit"));
        as(hirer).queryParam("limit", 1).when().get(TASKS).then().statusCode(200).body("items.id", contains(created.get(2)));
    }

    @Test
    void everyTaskEndpointNeedsAToken() {
        given().when().get(TASKS).then().statusCode(401).contentType("application/problem+json");
        given().contentType("application/json").body("{}").when().post(TASKS).then().statusCode(401);
        given().when().get(TASKS + "/" + UUID.randomUUID()).then().statusCode(401);
        given().when().post(TASKS + "/" + UUID.randomUUID() + "/start").then().statusCode(401);
    }

    private List<String> pageThrough(UUID user, String role, String status) {
        List<String> ids = new ArrayList<>();
        String cursor = null;
        do {
            var request = as(user).queryParam("role", role).queryParam("limit", 1);
            if (status != null) {
                request.queryParam("status", status);
            }
            if (cursor != null) {
                request.queryParam("cursor", cursor);
            }
            JsonPath page = request.when().get(TASKS).then().statusCode(200).extract().jsonPath();
            List<String> items = page.getList("items.id");
            items.forEach(id -> assertTrue(!ids.contains(id), "duplicate " + id));
            ids.addAll(items);
            cursor = page.getString("nextCursor");
        } while (cursor != null);
        return ids;
    }

    private void expectBadRequest(String body, String field) {
        as(hirer).body(body).when().post(TASKS).then().statusCode(400).contentType("application/problem+json")
                .body("errors.field", org.hamcrest.Matchers.hasItem(field));
    }
}
