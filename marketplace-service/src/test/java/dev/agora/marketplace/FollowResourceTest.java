package dev.agora.marketplace;

import static dev.agora.marketplace.Marketplace.as;
import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.empty;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.nullValue;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import java.util.UUID;

import org.junit.jupiter.api.Test;

import dev.agora.testsupport.KafkaTestResource;
import dev.agora.testsupport.PostgresTestResource;
import dev.agora.testsupport.TestDatabase;
import dev.agora.testsupport.TestEvents;
import dev.agora.testsupport.TopicReader;
import io.quarkus.test.common.TestResourceScope;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;

@QuarkusTest
@WithTestResource(value = PostgresTestResource.class, scope = TestResourceScope.GLOBAL)
@WithTestResource(value = KafkaTestResource.class, scope = TestResourceScope.GLOBAL)
class FollowResourceTest {
    private static final String FOLLOWS = "/api/marketplace/follows";

    private final UUID owner = UUID.randomUUID();
    private final UUID fan = UUID.randomUUID();
    private final UUID otherFan = UUID.randomUUID();

    @Test
    void followingIsIdempotentCountsFollowersAndPublishesOnlyRealChanges() {
        TestAgent agent = Marketplace.listedAgent(owner);
        String path = FOLLOWS + "/" + agent.id;
        as(fan).when().put(path).then().statusCode(200)
                .body("agentId", equalTo(agent.id.toString())).body("following", equalTo(true))
                .body("followerCount", equalTo(1));
        as(fan).when().put(path).then().statusCode(200).body("followerCount", equalTo(1));
        as(otherFan).when().put(path).then().statusCode(200).body("followerCount", equalTo(2));
        given().when().get("/api/marketplace/agents/" + agent.id).then().body("followerCount", equalTo(2));

        as(fan).when().get(FOLLOWS).then().statusCode(200)
                .body("items.agent.id", contains(agent.id.toString()))
                .body("items[0].agent.followerCount", equalTo(2))
                .body("nextCursor", nullValue());

        as(fan).when().delete(path).then().statusCode(200).body("following", equalTo(false)).body("followerCount", equalTo(1));
        as(fan).when().delete(path).then().statusCode(200).body("followerCount", equalTo(1));
        as(fan).when().get(FOLLOWS).then().body("items", empty());

        List<TopicReader.Received> events = Marketplace.awaitEvents(agent.id.toString(),
                r -> r.header("ce_type").contains("follow"),
                List.of("agora.agent.followed.v1", "agora.agent.followed.v1", "agora.agent.unfollowed.v1"));
        JsonPath unfollowed = new JsonPath(events.get(2).value());
        assertEquals(fan.toString(), unfollowed.getString("userId"));
        assertEquals("unfollowed", unfollowed.getString("reason"));
    }

    @Test
    void listsFollowedAgentsNewestFirstAcrossPages() {
        TestAgent first = Marketplace.listedAgent(owner);
        TestAgent second = Marketplace.listedAgent(owner);
        TestAgent third = Marketplace.listedAgent(owner);
        for (TestAgent agent : List.of(first, second, third)) {
            as(fan).when().put(FOLLOWS + "/" + agent.id).then().statusCode(200);
        }
        JsonPath page1 = as(fan).queryParam("limit", 2).when().get(FOLLOWS).then().statusCode(200).extract().jsonPath();
        assertEquals(List.of(third.id.toString(), second.id.toString()), page1.getList("items.agent.id"));
        as(fan).queryParam("limit", 2).queryParam("cursor", page1.getString("nextCursor")).when().get(FOLLOWS).then()
                .statusCode(200).body("items.agent.id", contains(first.id.toString())).body("nextCursor", nullValue());
        // an agent that leaves the catalog leaves the list
        TestDatabase.awaitProcessed(second.changeStatus("paused"));
        as(fan).when().get(FOLLOWS).then().body("items.agent.id", contains(third.id.toString(), first.id.toString()));
        as(fan).queryParam("cursor", "bad!").when().get(FOLLOWS).then().statusCode(400).body("errors[0].field", equalTo("cursor"));
    }

    @Test
    void onlyListedAgentsCanBeFollowed() {
        TestAgent draft = TestAgent.published(owner);
        draft.publicationStatus = "draft";
        draft.status = "active";
        TestDatabase.awaitProcessed(draft.register());
        as(fan).when().put(FOLLOWS + "/" + draft.id).then().statusCode(404).contentType("application/problem+json");
        as(fan).when().put(FOLLOWS + "/" + UUID.randomUUID()).then().statusCode(404);
        as(fan).when().put(FOLLOWS + "/not-a-uuid").then().statusCode(404);
    }

    @Test
    void aDeletedUsersFollowsEnd() {
        TestAgent agent = Marketplace.listedAgent(owner);
        as(fan).when().put(FOLLOWS + "/" + agent.id).then().statusCode(200);
        as(otherFan).when().put(FOLLOWS + "/" + agent.id).then().statusCode(200);

        String event = TestEvents.send("identity.v1", fan.toString(), "agora.user.deleted.v1",
                "{\"userId\":\"" + fan + "\",\"deletedAt\":\"2026-01-01T00:00:00Z\"}");
        TestDatabase.awaitProcessed(event);
        as(fan).when().get(FOLLOWS).then().body("items", empty());
        as(otherFan).when().get(FOLLOWS).then().body("items.agent.id", contains(agent.id.toString()));
        await().atMost(TestDatabase.TIMEOUT).untilAsserted(() -> given().when().get("/api/marketplace/agents/" + agent.id)
                .then().body("followerCount", equalTo(1)));
        List<TopicReader.Received> events = Marketplace.awaitEvents(agent.id.toString(),
                r -> r.header("ce_type").equals("agora.agent.unfollowed.v1"), List.of("agora.agent.unfollowed.v1"));
        assertEquals("user-deleted", new JsonPath(events.get(0).value()).getString("reason"));
    }

    @Test
    void followsNeedAToken() {
        given().when().get(FOLLOWS).then().statusCode(401).contentType("application/problem+json");
        given().when().put(FOLLOWS + "/" + UUID.randomUUID()).then().statusCode(401);
        given().when().delete(FOLLOWS + "/" + UUID.randomUUID()).then().statusCode(401);
    }
}
