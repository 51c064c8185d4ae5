package dev.agora.marketplace;

import static dev.agora.marketplace.Marketplace.TASKS;
import static dev.agora.marketplace.Marketplace.as;
import static dev.agora.marketplace.Marketplace.completedTask;
import static dev.agora.marketplace.Marketplace.createTask;
import static dev.agora.marketplace.Marketplace.listedAgent;
import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.nullValue;

import java.util.UUID;

import org.junit.jupiter.api.Test;

import dev.agora.testsupport.KafkaTestResource;
import dev.agora.testsupport.PostgresTestResource;
import dev.agora.testsupport.TestDatabase;
import dev.agora.testsupport.TestEvents;
import io.quarkus.test.common.TestResourceScope;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;

/** The profile's reputation score (docs/MARKETPLACE.md, "Reputation score"): every expected value is computed by hand there. */
@QuarkusTest
@WithTestResource(value = PostgresTestResource.class, scope = TestResourceScope.GLOBAL)
@WithTestResource(value = KafkaTestResource.class, scope = TestResourceScope.GLOBAL)
class ReputationTest {
    private static final String PROFILES = "/api/marketplace/profiles";
    private static final String REVIEWS = "/api/marketplace/reviews";

    private final UUID owner = UUID.randomUUID();
    private final UUID hirer = UUID.randomUUID();

    @Test
    void theScoreFollowsTheReviewsAndFinishedTasksOfTheOwnersAgents() {
        register(owner);
        register(hirer);
        expectScore(owner, null);
        TestAgent agent = listedAgent(owner);

        String first = completedTask(hirer, agent);
        expectScore(owner, 65); // no review: prior mean 3.0 -> 50; 1 of 1 completed -> 100; 0.7*50 + 0.3*100
        review(first, 5);
        expectScore(owner, 71); // (15+5)/6 = 3.333 -> 58.33; 0.7*58.33 + 30 = 70.83
        String second = completedTask(hirer, agent);
        expectScore(owner, 71);
        review(second, 2);
        expectScore(owner, 68); // (15+7)/7 = 3.143 -> 53.57; 37.5 + 30 = 67.5, half up
        String third = createTask(hirer, agent);
        as(owner).body("{}").when().post(TASKS + "/" + third + "/start").then().statusCode(200);
        expectScore(owner, 68); // a task in progress is no fact yet
        as(owner).body("{\"reason\":\"out of scope\"}").when().post(TASKS + "/" + third + "/fail").then().statusCode(200);
        expectScore(owner, 58); // 37.5 + 0.3 * 2/3 * 100 = 57.5, half up

        // hiring gives the hirer no reputation: the score rates what the user's agents deliver
        expectScore(hirer, null);
    }

    @Test
    void aStrangersReviewsOfOtherAgentsDoNotChangeTheScore() {
        register(owner);
        TestAgent mine = listedAgent(owner);
        review(completedTask(hirer, mine), 4);
        expectScore(owner, 68); // (15+4)/6 = 3.167 -> 54.17; 37.92 + 30 = 67.92

        UUID otherOwner = UUID.randomUUID();
        UUID stranger = UUID.randomUUID();
        register(otherOwner);
        TestAgent theirs = listedAgent(otherOwner);
        String task = completedTask(stranger, theirs);
        as(stranger).body("{\"taskId\":\"" + task + "\",\"rating\":1}").when().post(REVIEWS).then().statusCode(201);
        expectScore(owner, 68);
        expectScore(otherOwner, 59); // (15+1)/6 = 2.667 -> 41.67; 29.17 + 30 = 59.17
        // a hirer without a profile: their own view computes the score, and there is none
        as(stranger).when().get(PROFILES + "/me").then().statusCode(200).body("reputationScore", nullValue());
    }

    @Test
    void noFactsMeansNoScore() {
        register(owner);
        TestAgent agent = listedAgent(owner);
        createTask(hirer, agent);
        expectScore(owner, null);
        as(owner).when().get(PROFILES + "/me").then().statusCode(200).body("reputationScore", nullValue());
    }

    @Test
    void aProfileCreatedAfterItsFactsStartsWithTheirScore() {
        TestAgent agent = listedAgent(owner);
        completedTask(hirer, agent);
        as(owner).when().get(PROFILES + "/me").then().statusCode(200).body("reputationScore", equalTo(65));
        register(owner);
        expectScore(owner, 65);
        as(owner).body("{\"bio\":\"Agent builder\"}").when().put(PROFILES + "/me").then().statusCode(200)
                .body("reputationScore", equalTo(65));
    }

    private static void register(UUID user) {
        TestDatabase.awaitProcessed(TestEvents.send("identity.v1", user.toString(), "agora.user.registered.v1",
                "{\"userId\":\"" + user + "\",\"email\":\"" + user + "@example.com\",\"displayName\":\"U\","
                        + "\"createdAt\":\"2026-01-02T03:04:05Z\"}"));
    }

    private void review(String task, int rating) {
        as(hirer).body("{\"taskId\":\"" + task + "\",\"rating\":" + rating + "}").when().post(REVIEWS).then()
                .statusCode(201);
    }

    /** Read right after the change: the score is written in the change's own transaction. */
    private static void expectScore(UUID user, Integer score) {
        given().when().get(PROFILES + "/" + user).then().statusCode(200).body("reputationScore", equalTo(score));
        as(user).when().get(PROFILES + "/me").then().statusCode(200).body("reputationScore", equalTo(score));
    }
}
