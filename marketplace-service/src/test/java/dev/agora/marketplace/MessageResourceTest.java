package dev.agora.marketplace;

import static dev.agora.marketplace.Marketplace.as;
import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.nullValue;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import java.util.UUID;

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
class MessageResourceTest {
    private static final String MESSAGES = "/api/marketplace/messages";

    private final UUID owner = UUID.randomUUID();
    private final UUID hirer = UUID.randomUUID();
    private final UUID stranger = UUID.randomUUID();

    @Test
    void theTwoPartiesOfATaskTalkInItsThreadWithUnreadCounts() {
        TestAgent agent = Marketplace.listedAgent(owner);
        String task = Marketplace.createTask(hirer, agent);
        String first = as(hirer).body(message(task, "Hello, can you start today?")).when().post(MESSAGES).then()
                .statusCode(201).body("senderId", equalTo(hirer.toString())).body("recipientId", equalTo(owner.toString()))
                .body("readAt", nullValue()).extract().path("id");
        as(hirer).body(message(task, "It is urgent")).when().post(MESSAGES).then().statusCode(201);
        String answer = as(owner).body(message(task, "Yes")).when().post(MESSAGES).then().statusCode(201)
                .body("recipientId", equalTo(hirer.toString())).extract().path("id");

        as(owner).when().get(MESSAGES + "/unread-count").then().statusCode(200).body("unread", equalTo(2));
        as(hirer).when().get(MESSAGES + "/unread-count").then().statusCode(200).body("unread", equalTo(1));
        JsonPath page = as(hirer).queryParam("limit", 2).when().get(MESSAGES + "/threads/" + task).then().statusCode(200)
                .body("items.text", contains("Hello, can you start today?", "It is urgent")).extract().jsonPath();
        as(owner).queryParam("limit", 2).queryParam("cursor", page.getString("nextCursor"))
                .when().get(MESSAGES + "/threads/" + task).then().statusCode(200)
                .body("items.id", contains(answer)).body("nextCursor", nullValue());

        as(owner).when().post(MESSAGES + "/threads/" + task + "/read").then().statusCode(200).body("marked", equalTo(2));
        as(owner).when().get(MESSAGES + "/unread-count").then().body("unread", equalTo(0));
        as(hirer).when().get(MESSAGES + "/unread-count").then().body("unread", equalTo(1));

        List<TopicReader.Received> events = Marketplace.awaitEvents(agent.id.toString(), r -> r.value().contains(first),
                List.of("agora.message.sent.v1"));
        assertEquals(task, new JsonPath(events.get(0).value()).getString("taskId"));
    }

    @Test
    void nobodyElseReadsOrWritesTheThread() {
        TestAgent agent = Marketplace.listedAgent(owner);
        String task = Marketplace.createTask(hirer, agent);
        as(hirer).body(message(task, "private")).when().post(MESSAGES).then().statusCode(201);
        as(stranger).body(message(task, "let me in")).when().post(MESSAGES).then().statusCode(404);
        as(stranger).when().get(MESSAGES + "/threads/" + task).then().statusCode(404);
        as(stranger).when().post(MESSAGES + "/threads/" + task + "/read").then().statusCode(404);
        as(hirer).body(message(UUID.randomUUID().toString(), "x")).when().post(MESSAGES).then().statusCode(404);
        assertEquals(1, TestDatabase.queryLong("select count(*) from messages where task_id = ?", UUID.fromString(task)));
    }

    @Test
    void rejectsBadMessagesAndRequiresAToken() {
        TestAgent agent = Marketplace.listedAgent(owner);
        String task = Marketplace.createTask(hirer, agent);
        as(hirer).body(message(task, " ")).when().post(MESSAGES).then().statusCode(400).body("errors[0].field", equalTo("text"));
        as(hirer).body(message(task, "x".repeat(5001))).when().post(MESSAGES).then().statusCode(400)
                .body("errors[0].field", equalTo("text"));
        as(hirer).body("{\"text\":\"hi\"}").when().post(MESSAGES).then().statusCode(400).body("errors[0].field", equalTo("taskId"));
        as(hirer).queryParam("cursor", "bad!").when().get(MESSAGES + "/threads/" + task).then().statusCode(400);
        given().when().get(MESSAGES + "/unread-count").then().statusCode(401).contentType("application/problem+json");
        given().contentType("application/json").body(message(task, "hi")).when().post(MESSAGES).then().statusCode(401);
        given().when().get(MESSAGES + "/threads/" + task).then().statusCode(401);
    }

    private static String message(String taskId, String text) {
        return "{\"taskId\":\"" + taskId + "\",\"text\":\"" + text + "\"}";
    }
}
