package dev.agora.marketplace;

import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.notNullValue;
import static org.hamcrest.Matchers.nullValue;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

import jakarta.inject.Inject;

import org.junit.jupiter.api.Test;

import dev.agora.marketplace.leaderboard.service.LeaderboardService;
import dev.agora.marketplace.leaderboard.service.Period;
import dev.agora.testsupport.EventContracts;
import dev.agora.testsupport.KafkaTestResource;
import dev.agora.testsupport.PostgresTestResource;
import dev.agora.testsupport.TestDatabase;
import dev.agora.testsupport.TopicReader;
import io.quarkus.test.common.TestResourceScope;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.vertx.VertxContextSupport;
import io.restassured.path.json.JsonPath;

/**
 * Golden boards: hand-computed scores and ranks (ties share a rank, the next one skips), the window roll and the
 * trend, on a domain board of its own so that no other test's agents count.
 * <p>
 * With the default weights, score = 0.40·successRate + 0.30·tasks/maxTasks + 0.20·rating/5 + 0.10·earnings/maxEarnings:
 * <pre>
 * all_time (maxTasks 4 = A, maxEarnings 100 = A)
 *   A  4 done, 0 failed, rating 5, earned 100 : 0.40 + 0.30      + 0.20 + 0.10 = 1.000000  rank 1
 *   B  3 done, 1 failed, rating 4, earned 50  : 0.30 + 0.225     + 0.16 + 0.05 = 0.735000  rank 2
 *   C  2 done,           rating 3             : 0.40 + 0.15      + 0.12        = 0.670000  rank 3
 *   D  2 done,           rating 3             : same as C                      = 0.670000  rank 3 (tie)
 *   E           1 failed                      : 0                              = 0.000000  rank 5 (4 skipped)
 * daily (A's facts are 30 h old: maxTasks 3 = B, maxEarnings 50 = B)
 *   B  0.30 + 0.30 + 0.16 + 0.10 = 0.860000 rank 1;  C, D  0.40 + 0.20 + 0.12 = 0.720000 rank 2;  E 0 rank 4
 * </pre>
 */
@QuarkusTest
@WithTestResource(value = PostgresTestResource.class, scope = TestResourceScope.GLOBAL)
@WithTestResource(value = KafkaTestResource.class, scope = TestResourceScope.GLOBAL)
class LeaderboardTest {
    private static final String BOARDS = "/api/marketplace/leaderboards";
    private static final EventContracts CONTRACTS = new EventContracts(Path.of("../contracts"));

    @Inject
    LeaderboardService service;

    @Test
    void goldenBoardsRankTiesRollTheWindowAndShowTheTrend() throws Throwable {
        String domain = "golden-" + UUID.randomUUID().toString().substring(0, 8);
        TestAgent a = agentIn(domain);
        TestAgent b = agentIn(domain);
        TestAgent c = agentIn(domain);
        TestAgent d = agentIn(domain);
        TestAgent e = agentIn(domain);
        TestAgent elsewhere = agentIn("elsewhere-" + domain.substring(7));
        Instant now = Instant.now();
        Instant hour = now.truncatedTo(ChronoUnit.HOURS);
        Instant old = now.minus(30, ChronoUnit.HOURS);
        Instant recent = hour.minus(59, ChronoUnit.MINUTES);

        List<FactEvents.Event> events = new ArrayList<>();
        for (int i = 0; i < 4; i++) {
            events.add(FactEvents.finishedTask(a.id, a.owner, true, old));
        }
        events.add(FactEvents.review(a.id, a.owner, 5, old));
        events.add(FactEvents.review(a.id, a.owner, 5, old));
        events.add(FactEvents.payment(a.id, a.owner, "100", old));
        for (int i = 0; i < 3; i++) {
            events.add(FactEvents.finishedTask(b.id, b.owner, true, recent));
        }
        events.add(FactEvents.finishedTask(b.id, b.owner, false, recent));
        events.add(FactEvents.review(b.id, b.owner, 4, recent));
        events.add(FactEvents.payment(b.id, b.owner, "50", recent));
        for (TestAgent tied : List.of(c, d)) {
            events.add(FactEvents.finishedTask(tied.id, tied.owner, true, recent));
            events.add(FactEvents.finishedTask(tied.id, tied.owner, true, recent));
            events.add(FactEvents.review(tied.id, tied.owner, 3, recent));
        }
        events.add(FactEvents.finishedTask(e.id, e.owner, false, hour));
        for (int i = 0; i < 5; i++) {
            events.add(FactEvents.finishedTask(elsewhere.id, elsewhere.owner, true, recent));
        }
        awaitApplied(events, domain);

        recompute(domain, Period.ALL_TIME, now);
        // PostgreSQL orders uuids by their unsigned bytes, like their hex text (UUID.compareTo compares signed longs)
        List<UUID> tied = c.id.toString().compareTo(d.id.toString()) < 0 ? List.of(c.id, d.id) : List.of(d.id, c.id);
        JsonPath allTime = board(domain, "all_time");
        assertEquals(List.of(a.id.toString(), b.id.toString(), tied.get(0).toString(), tied.get(1).toString(),
                e.id.toString()), allTime.getList("items.agentId"));
        assertEquals(List.of(1, 2, 3, 3, 5), allTime.getList("items.rank"));
        assertEquals(List.of(1.0f, 0.735f, 0.67f, 0.67f, 0.0f), allTime.getList("items.score"));
        assertEquals(List.of(5, 5, 5, 5, 5), allTime.getList("items.totalAgentsInDomain"));
        assertEquals(domain, allTime.getString("domain"));
        assertEquals(0.75f, allTime.getFloat("items[1].components.successRate"));
        assertEquals(0.75f, allTime.getFloat("items[1].components.tasksNorm"));
        assertEquals(4.0f, allTime.getFloat("items[1].components.rating"));
        assertEquals(0.5f, allTime.getFloat("items[1].components.earningsNorm"));
        assertEquals(3, allTime.getInt("items[1].components.tasksCompleted"));
        assertEquals(1, allTime.getInt("items[1].components.tasksFailed"));

        recompute(domain, Period.DAILY, now);
        JsonPath daily = board(domain, "daily");
        assertEquals(List.of(b.id.toString(), tied.get(0).toString(), tied.get(1).toString(), e.id.toString()),
                daily.getList("items.agentId"));
        assertEquals(List.of(1, 2, 2, 4), daily.getList("items.rank"));
        assertEquals(List.of(0.86f, 0.72f, 0.72f, 0.0f), daily.getList("items.score"));
        assertEquals(List.of(4, 4, 4, 4), daily.getList("items.totalAgentsInDomain"));

        // the window rolls by the hour: 23 h later only the current hour's facts are left, 24 h later none
        recompute(domain, Period.DAILY, now.plus(23, ChronoUnit.HOURS));
        JsonPath rolled = board(domain, "daily");
        assertEquals(List.of(e.id.toString()), rolled.getList("items.agentId"));
        assertEquals(List.of(1), rolled.getList("items.totalAgentsInDomain"));
        recompute(domain, Period.DAILY, now.plus(24, ChronoUnit.HOURS));
        assertEquals(List.of(), board(domain, "daily").getList("items"));
        recompute(domain, Period.DAILY, now);

        // one more task done by C: the refresher recomputes the board within seconds; C passes B
        // C = 0.40 + 0.30·3/4 + 0.12 = 0.745 > B 0.735 > D 0.670
        FactEvents.send(List.of(FactEvents.finishedTask(c.id, c.owner, true, recent)));
        await().atMost(Duration.ofSeconds(60)).until(() -> board(domain, "all_time").getList("items.agentId")
                .equals(List.of(a.id.toString(), c.id.toString(), b.id.toString(), d.id.toString(), e.id.toString())));
        JsonPath moved = board(domain, "all_time");
        assertEquals(List.of(1, 2, 3, 4, 5), moved.getList("items.rank"));
        assertEquals(List.of(0, 1, -1, -1, 0), moved.getList("items.trend"));
        assertEquals(0.745f, moved.getFloat("items[1].score"));
        assertEquals(3, moved.getInt("items[1].previousRank"));

        // moving inside the top 10 is announced
        try (TopicReader reader = TopicReader.of(Marketplace.TOPIC)) {
            TopicReader.Received announced = reader.await(r -> c.id.toString().equals(r.key())
                    && "agora.leaderboard.rank-changed.v1".equals(r.header("ce_type"))
                    && domain.equals(JsonPath.from(r.value()).getString("domain"))
                    && "all_time".equals(JsonPath.from(r.value()).getString("period"))
                    && JsonPath.from(r.value()).getInt("rank") == 2
                    // (the background refresher may have ranked C at 2 once before, from facts still arriving)
                    && Integer.valueOf(3).equals(JsonPath.from(r.value()).get("previousRank")), Duration.ofSeconds(60));
            assertEquals(List.of(), CONTRACTS.violations(Marketplace.TOPIC, announced.header("ce_type"), announced.value()));
            JsonPath payload = JsonPath.from(announced.value());
            assertEquals(3, payload.getInt("previousRank"));
            assertEquals(c.name, payload.getString("agentName"));
            assertEquals(0.745f, payload.getFloat("score"));
        }

        // the agent's rankings: the global board and its domain, every period
        given().when().get("/api/marketplace/agents/" + c.id + "/rankings").then().statusCode(200)
                .body("agentId", equalTo(c.id.toString()))
                .body("items.findAll { it.domain == '" + domain + "' }.period",
                        contains("all_time", "daily", "monthly", "weekly"))
                .body("items.find { it.domain == '" + domain + "' && it.period == 'all_time' }.rank", equalTo(2))
                .body("items.find { it.domain == null && it.period == 'all_time' }.rank", notNullValue())
                .body("items.domain", hasItem(nullValue()));
    }

    @Test
    void anAgentThatLeavesTheCatalogLeavesItsBoards() throws Throwable {
        String domain = "leaving-" + UUID.randomUUID().toString().substring(0, 8);
        TestAgent agent = agentIn(domain);
        awaitApplied(List.of(FactEvents.finishedTask(agent.id, agent.owner, true, Instant.now())), domain);
        await().atMost(Duration.ofSeconds(60)).until(() -> board(domain, "weekly").getList("items.agentId")
                .equals(List.of(agent.id.toString())));
        TestDatabase.awaitProcessed(agent.changeStatus("paused"));
        await().atMost(Duration.ofSeconds(60)).until(() -> TestDatabase.queryLong(
                "select count(*) from leaderboard_entries where agent_id = ?", agent.id) == 0);
        given().when().get("/api/marketplace/agents/" + agent.id + "/rankings").then().statusCode(404);
    }

    @Test
    void anAgentMovedToAnotherDomainMovesBoardsWhileARenameRecomputesNone() throws Throwable {
        String from = "moving-" + UUID.randomUUID().toString().substring(0, 8);
        String to = "arriving-" + from.substring(7);
        TestAgent agent = agentIn(from);
        awaitApplied(List.of(FactEvents.finishedTask(agent.id, agent.owner, true, Instant.now())), from);
        String computedAt = TestDatabase.query("select max(computed_at)::text from leaderboard_entries where board = ?",
                from, rows -> rows.next() ? rows.getString(1) : null);

        TestDatabase.awaitProcessed(agent.rename("Renamed " + agent.name));
        // marks are claimed oldest first: once a board marked after the rename is recomputed, a mark the rename
        // had left would have been recomputed too
        String later = "later-" + from.substring(7);
        TestAgent sentinel = agentIn(later);
        awaitApplied(List.of(FactEvents.finishedTask(sentinel.id, sentinel.owner, true, Instant.now())), later);
        assertEquals(0, TestDatabase.queryLong("select count(*) from leaderboard_dirty where board = ?", from));
        assertEquals(computedAt, TestDatabase.query("select max(computed_at)::text from leaderboard_entries where board = ?",
                from, rows -> rows.next() ? rows.getString(1) : null), "a rename leaves the boards as they were");

        agent.domains = List.of(to);
        TestDatabase.awaitProcessed(agent.update());
        await().atMost(Duration.ofSeconds(60)).until(() -> board(to, "all_time").getList("items.agentId")
                .equals(List.of(agent.id.toString())));
        await().atMost(Duration.ofSeconds(60)).until(() -> board(from, "all_time").getList("items").isEmpty());
    }

    private static TestAgent agentIn(String domain) {
        TestAgent agent = TestAgent.published(UUID.randomUUID());
        agent.status = "active";
        agent.domains = List.of(domain);
        agent.name = "Agent " + agent.id.toString().substring(0, 6);
        TestDatabase.awaitProcessed(agent.register());
        return agent;
    }

    /** Sends the events and waits until they are applied and the refresher has recomputed the domain's boards. */
    private static void awaitApplied(List<FactEvents.Event> events, String domain) {
        List<String> ids = FactEvents.send(events);
        await().atMost(Duration.ofSeconds(60)).until(() -> ids.stream().allMatch(TestDatabase::isProcessed));
        await().atMost(Duration.ofSeconds(60)).until(() -> TestDatabase.queryLong(
                "select count(*) from leaderboard_dirty where board = ?", domain) == 0
                && TestDatabase.queryLong("select count(*) from leaderboard_entries where board = ?", domain) > 0);
    }

    private void recompute(String domain, Period period, Instant at) throws Throwable {
        VertxContextSupport.subscribeAndAwait(() -> service.recompute(domain, period, at));
    }

    private static JsonPath board(String domain, String period) {
        return given().queryParam("domain", domain).queryParam("period", period).when().get(BOARDS).then()
                .statusCode(200).extract().jsonPath();
    }
}
