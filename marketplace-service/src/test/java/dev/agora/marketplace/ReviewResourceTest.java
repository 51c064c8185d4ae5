package dev.agora.marketplace;

import static dev.agora.marketplace.Marketplace.as;
import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.notNullValue;
import static org.hamcrest.Matchers.nullValue;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.ArrayList;
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
class ReviewResourceTest {
    static final String REVIEWS = "/api/marketplace/reviews";

    private final UUID owner = UUID.randomUUID();
    private final UUID hirer = UUID.randomUUID();
    private final UUID stranger = UUID.randomUUID();

    @Test
    void theHirerOfACompletedTaskReviewsItOnceAndTheAgentsRatingFollows() {
        TestAgent agent = Marketplace.listedAgent(owner);
        String task = Marketplace.completedTask(hirer, agent);
        String id = as(hirer).body(review(task, 4)).when().post(REVIEWS).then().statusCode(201)
                .body("taskId", equalTo(task))
                .body("agentId", equalTo(agent.id.toString()))
                .body("reviewerId", equalTo(hirer.toString()))
                .body("rating", equalTo(4))
                .body("qualityRating", equalTo(5))
                .body("pros", contains("fast", "clear"))
                .body("cons", contains("pricey"))
                .body("wouldHireAgain", equalTo(true))
                .body("ownerReply", nullValue())
                .extract().path("id");
        as(hirer).body(review(task, 1)).when().post(REVIEWS).then().statusCode(409)
                .body("errors[0].field", equalTo("taskId"));

        String second = Marketplace.completedTask(hirer, agent);
        as(hirer).body(review(second, 1)).when().post(REVIEWS).then().statusCode(201);

        given().when().get("/api/marketplace/agents/" + agent.id).then().statusCode(200)
                .body("rating", equalTo(2.5f))
                .body("reviewCount", equalTo(2))
                .body("ratingBreakdown.distribution.1", equalTo(1))
                .body("ratingBreakdown.distribution.4", equalTo(1))
                .body("ratingBreakdown.distribution.5", equalTo(0))
                .body("ratingBreakdown.quality", equalTo(5.0f))
                .body("ratingBreakdown.wouldHireAgain", equalTo(2))
                .body("recentReviews.rating", contains(1, 4));

        List<TopicReader.Received> events = Marketplace.awaitEvents(agent.id.toString(), r -> r.value().contains(id)
                && r.header("ce_type").startsWith("agora.review"), List.of("agora.review.submitted.v1"));
        JsonPath submitted = new JsonPath(events.get(0).value());
        assertEquals(hirer.toString(), submitted.getString("reviewerId"));
        assertEquals(4, submitted.getInt("review.rating"));
    }

    @Test
    void onlyACompletedTaskCanBeReviewed() {
        TestAgent agent = Marketplace.listedAgent(owner);
        String pending = Marketplace.createTask(hirer, agent);
        as(hirer).body(review(pending, 5)).when().post(REVIEWS).then().statusCode(409);
        as(owner).when().post(Marketplace.TASKS + "/" + pending + "/start").then().statusCode(200);
        as(hirer).body(review(pending, 5)).when().post(REVIEWS).then().statusCode(409);
        as(owner).when().post(Marketplace.TASKS + "/" + pending + "/fail").then().statusCode(200);
        as(hirer).body(review(pending, 5)).when().post(REVIEWS).then().statusCode(409);

        as(hirer).body(review(UUID.randomUUID().toString(), 5)).when().post(REVIEWS).then().statusCode(404);
        assertEquals(0, TestDatabase.queryLong("select count(*) from reviews where agent_id = ?", agent.id));
    }

    @Test
    void theOwnerRepliesOnceAndNobodyElse() {
        TestAgent agent = Marketplace.listedAgent(owner);
        String task = Marketplace.completedTask(hirer, agent);
        String id = as(hirer).body(review(task, 5)).when().post(REVIEWS).then().statusCode(201).extract().path("id");
        String reply = REVIEWS + "/" + id + "/reply";
        as(hirer).body("{\"text\":\"me too\"}").when().post(reply).then().statusCode(404);
        as(stranger).body("{\"text\":\"hi\"}").when().post(reply).then().statusCode(404);
        as(owner).body("{\"text\":\" \"}").when().post(reply).then().statusCode(400).body("errors[0].field", equalTo("text"));
        as(owner).body("{\"text\":\"Thanks!\"}").when().post(reply).then().statusCode(200)
                .body("ownerReply", equalTo("Thanks!")).body("repliedAt", notNullValue());
        as(owner).body("{\"text\":\"Thanks again\"}").when().post(reply).then().statusCode(409);
        as(owner).body("{\"text\":\"x\"}").when().post(REVIEWS + "/" + UUID.randomUUID() + "/reply").then().statusCode(404);
    }

    @Test
    void listsAnAgentsReviewsNewestHighestAndLowestAcrossPages() {
        TestAgent agent = Marketplace.listedAgent(owner);
        int[] ratings = { 3, 5, 1, 5 };
        List<String> ids = new ArrayList<>();
        for (int rating : ratings) {
            String task = Marketplace.completedTask(hirer, agent);
            ids.add(as(hirer).body(review(task, rating)).when().post(REVIEWS).then().statusCode(201).extract().path("id"));
        }
        String list = "/api/marketplace/agents/" + agent.slug + "/reviews";
        assertEquals(List.of(ids.get(3), ids.get(2), ids.get(1), ids.get(0)), pageThrough(list, "newest"));
        assertEquals(List.of(ids.get(3), ids.get(1), ids.get(0), ids.get(2)), pageThrough(list, "highest"));
        assertEquals(List.of(ids.get(2), ids.get(0), ids.get(3), ids.get(1)), pageThrough(list, "lowest"));
        given().when().get(list).then().statusCode(200).body("ratingBreakdown.distribution.5", equalTo(2));
        given().queryParam("sort", "best").when().get(list).then().statusCode(400).body("errors[0].field", equalTo("sort"));
        given().when().get("/api/marketplace/agents/" + UUID.randomUUID() + "/reviews").then().statusCode(404);
    }

    @Test
    void rejectsBadReviewsNamingTheField() {
        TestAgent agent = Marketplace.listedAgent(owner);
        String task = Marketplace.completedTask(hirer, agent);
        expectBadRequest(review(task, 0), "rating");
        expectBadRequest(review(task, 6), "rating");
        expectBadRequest(review(task, 4).replace("\"qualityRating\":5", "\"qualityRating\":9"), "qualityRating");
        expectBadRequest(review(task, 4).replace("\"rating\":4,", ""), "rating");
        expectBadRequest(review(task, 4).replace("Great", "x".repeat(201)), "title");
        expectBadRequest(review(task, 4).replace("\"pricey\"", "\"\""), "cons");
        expectBadRequest("{\"rating\":4}", "taskId");
        given().contentType("application/json").body(review(task, 4)).when().post(REVIEWS).then().statusCode(401);
        assertEquals(0, TestDatabase.queryLong("select count(*) from reviews where agent_id = ?", agent.id));
    }

    private List<String> pageThrough(String path, String sort) {
        List<String> ids = new ArrayList<>();
        String cursor = null;
        do {
            var request = given().queryParam("sort", sort).queryParam("limit", 1);
            if (cursor != null) {
                request.queryParam("cursor", cursor);
            }
            JsonPath page = request.when().get(path).then().statusCode(200).extract().jsonPath();
            ids.addAll(page.getList("items.id"));
            cursor = page.getString("nextCursor");
        } while (cursor != null);
        return ids;
    }

    private void expectBadRequest(String body, String field) {
        as(hirer).body(body).when().post(REVIEWS).then().statusCode(400).contentType("application/problem+json")
                .body("errors.field", hasItem(field));
    }

    static String review(String taskId, int rating) {
        return "{\"taskId\":\"" + taskId + "\",\"rating\":" + rating + ",\"responseTimeRating\":4,\"qualityRating\":5,"
                + "\"communicationRating\":3,\"valueRating\":4,\"title\":\"Great\",\"text\":\"Did the job\","
                + "\"pros\":[\"fast\",\"clear\"],\"cons\":[\"pricey\"],\"wouldHireAgain\":true}";
    }
}
