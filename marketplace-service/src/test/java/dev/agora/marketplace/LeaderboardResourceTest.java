package dev.agora.marketplace;

import static dev.agora.marketplace.Marketplace.as;
import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasSize;
import static org.hamcrest.Matchers.notNullValue;
import static org.hamcrest.Matchers.nullValue;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

import org.junit.jupiter.api.Test;

import dev.agora.testsupport.KafkaTestResource;
import dev.agora.testsupport.PostgresTestResource;
import dev.agora.testsupport.TestDatabase;
import io.quarkus.test.common.TestResourceScope;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;

/** The public reads (validation, paging), the stats read and the admin rebuild's authorization. */
@QuarkusTest
@WithTestResource(value = PostgresTestResource.class, scope = TestResourceScope.GLOBAL)
@WithTestResource(value = KafkaTestResource.class, scope = TestResourceScope.GLOBAL)
class LeaderboardResourceTest {
    private static final String BOARDS = "/api/marketplace/leaderboards";
    private static final String REBUILD = "/api/marketplace/admin/projections/rebuild";

    @Test
    void rejectsAnUnknownPeriodNamingTheField() {
        given().queryParam("period", "yearly").when().get(BOARDS).then().statusCode(400)
                .contentType("application/problem+json").body("errors[0].field", equalTo("period"));
    }

    @Test
    void rejectsALimitOutOfRangeNamingTheField() {
        given().queryParam("limit", "0").when().get(BOARDS).then().statusCode(400).body("errors[0].field", equalTo("limit"));
        given().queryParam("limit", "201").when().get(BOARDS).then().statusCode(400).body("errors[0].field", equalTo("limit"));
        given().queryParam("limit", "ten").when().get(BOARDS).then().statusCode(400).body("errors[0].field", equalTo("limit"));
    }

    @Test
    void rejectsACursorThisListDidNotReturn() {
        given().queryParam("cursor", "not-a-cursor").when().get(BOARDS).then().statusCode(400)
                .body("errors[0].field", equalTo("cursor"));
        String forged = java.util.Base64.getUrlEncoder().withoutPadding()
                .encodeToString(("x|" + UUID.randomUUID()).getBytes(java.nio.charset.StandardCharsets.UTF_8));
        given().queryParam("cursor", forged).when().get(BOARDS).then().statusCode(400)
                .body("errors[0].field", equalTo("cursor"));
    }

    @Test
    void rejectsADomainThatIsNotASlug() {
        given().queryParam("domain", "Not A Slug!").queryParam("period", "hourly").when().get(BOARDS).then()
                .statusCode(400).body("errors.field", org.hamcrest.Matchers.containsInAnyOrder("domain", "period"));
    }

    @Test
    void anUnknownDomainIsAnEmptyBoard() {
        given().queryParam("domain", "nobody-here").when().get(BOARDS).then().statusCode(200)
                .body("items", hasSize(0)).body("nextCursor", nullValue()).body("period", equalTo("all_time"));
    }

    @Test
    void pagesABoardInRankOrderWithoutGapsOrDuplicates() {
        String domain = "paged-" + UUID.randomUUID().toString().substring(0, 8);
        List<FactEvents.Event> events = new ArrayList<>();
        List<String> byScore = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            TestAgent agent = TestAgent.published(UUID.randomUUID());
            agent.status = "active";
            agent.domains = List.of(domain);
            TestDatabase.awaitProcessed(agent.register());
            byScore.add(agent.id.toString());
            // agent i: 5 - i completed tasks, so the first is best
            for (int t = 0; t < 5 - i; t++) {
                events.add(FactEvents.finishedTask(agent.id, agent.owner, true, Instant.now()));
            }
        }
        FactEvents.send(events);
        await().atMost(Duration.ofSeconds(60)).until(() -> page(domain, null).getList("items.agentId").size() == 5
                && page(domain, null).getList("items.agentId").equals(byScore));
        List<String> seen = new ArrayList<>();
        String cursor = null;
        do {
            JsonPath page = given().queryParam("domain", domain).queryParam("period", "weekly").queryParam("limit", 2)
                    .queryParam("cursor", cursor).when().get(BOARDS).then().statusCode(200).extract().jsonPath();
            seen.addAll(page.getList("items.agentId"));
            cursor = page.getString("nextCursor");
        } while (cursor != null);
        assertEquals(byScore, seen);
    }

    @Test
    void statsFollowTheHiresReviewsAndFollowsMadeThroughTheApi() {
        TestAgent agent = Marketplace.listedAgent(UUID.randomUUID());
        UUID hirer = UUID.randomUUID();
        String task = Marketplace.completedTask(hirer, agent);
        as(hirer).body("{\"taskId\":\"" + task + "\",\"rating\":4,\"qualityRating\":5}").when()
                .post("/api/marketplace/reviews").then().statusCode(201);
        as(hirer).when().put("/api/marketplace/follows/" + agent.id).then().statusCode(200);
        String stats = "/api/marketplace/stats/agents/" + agent.id;
        await().atMost(Duration.ofSeconds(60)).untilAsserted(() -> given().when().get(stats).then().statusCode(200)
                .body("tasksCompleted", equalTo(1)).body("reviewCount", equalTo(1)).body("followerCount", equalTo(1)));
        given().when().get(stats).then().statusCode(200)
                .body("agentId", equalTo(agent.id.toString()))
                .body("tasksFailed", equalTo(0))
                .body("successRate", equalTo(1.0f))
                .body("avgResponseTimeMinutes", equalTo(0))
                .body("hireCount", equalTo(1))
                .body("rating", equalTo(4.0f))
                .body("subRatings.quality", equalTo(5.0f))
                .body("subRatings.value", nullValue())
                .body("totalEarnings", equalTo(0.0f))
                .body("deployments.total", equalTo(0))
                .body("executions.meanExecutionTimeMs", nullValue())
                .body("lastActive", notNullValue());
    }

    @Test
    void statsOfAnAgentThatIsNotListedAreNotFound() {
        given().when().get("/api/marketplace/stats/agents/" + UUID.randomUUID()).then().statusCode(404);
        given().when().get("/api/marketplace/agents/" + UUID.randomUUID() + "/rankings").then().statusCode(404);
    }

    @Test
    void rebuildingProjectionsNeedsAToken() {
        given().when().post(REBUILD).then().statusCode(401);
    }

    @Test
    void rebuildingProjectionsIsForPlatformAdminsOnly() {
        as(UUID.randomUUID()).when().post(REBUILD).then().statusCode(403);
        as(UUID.randomUUID(), "payments").when().post(REBUILD).then().statusCode(403);
        as(UUID.randomUUID(), "admin").when().post(REBUILD).then().statusCode(200)
                .body("agentStats", notNullValue()).body("rebuiltAt", notNullValue());
    }

    private static JsonPath page(String domain, String cursor) {
        return given().queryParam("domain", domain).queryParam("period", "weekly").queryParam("cursor", cursor).when()
                .get(BOARDS).then().statusCode(200).extract().jsonPath();
    }
}
