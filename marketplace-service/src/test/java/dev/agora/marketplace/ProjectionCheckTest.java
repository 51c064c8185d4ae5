package dev.agora.marketplace;

import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

import org.junit.jupiter.api.Test;

import dev.agora.testsupport.KafkaTestResource;
import dev.agora.testsupport.ManagementInterface;
import dev.agora.testsupport.PostgresTestResource;
import dev.agora.testsupport.TestDatabase;
import io.quarkus.test.common.TestResourceScope;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;

/**
 * The check compares agent stats, activity buckets and settled boards with their recomputation from the stored facts
 * and names what differs; the rebuild (or a board's recompute) makes them equal again. Rows are altered behind the
 * projection's back to stand for a lost or doubly applied event.
 */
@QuarkusTest
@WithTestResource(value = PostgresTestResource.class, scope = TestResourceScope.GLOBAL)
@WithTestResource(value = KafkaTestResource.class, scope = TestResourceScope.GLOBAL)
class ProjectionCheckTest {
    private static final String CHECK = "/api/marketplace/admin/projections/check";
    private static final String REBUILD = "/api/marketplace/admin/projections/rebuild";

    @Test
    void findsNoDifferenceForAnAgentWhoseFactsWereApplied() {
        String domain = domain("settled");
        TestAgent agent = activeAgentIn(domain);

        JsonPath report = check();
        for (String projection : List.of("agent_stats", "agent_activity_hourly", "leaderboards")) {
            assertFalse(report.getList(examplesOf(projection), String.class).stream()
                    .anyMatch(key -> key.contains(agent.id.toString())), projection + ": " + report.prettify());
        }
        assertTrue(report.getLong(comparedOf("leaderboards")) >= 4, "the agent's domain boards were compared");
    }

    @Test
    void reportsAStatsRowThatDiffersFromItsFactsUntilTheRebuild() {
        TestAgent agent = activeAgentIn(domain("drifted"));
        TestDatabase.execute("update agent_stats set tasks_completed = tasks_completed + 5 where agent_id = ?", agent.id);

        JsonPath report = check();
        assertFalse(report.getBoolean("consistent"));
        assertTrue(report.getLong(differencesOf("agent_stats")) >= 1);
        assertTrue(report.getList(examplesOf("agent_stats"), String.class).contains(agent.id.toString()),
                report.prettify());
        String metrics = ManagementInterface.given().when().get("/q/metrics").then().extract().asString();
        assertTrue(metrics.lines().anyMatch(line -> line.startsWith("agora_projection_differences{")
                && line.contains("projection=\"agent_stats\"") && !line.endsWith(" 0.0")), "differences metric");
        assertTrue(metrics.lines().anyMatch(line -> line.startsWith("agora_projection_checked_timestamp_seconds{")
                && line.contains("projection=\"agent_stats\"")), "last check metric");

        asAdmin().when().post(REBUILD).then().statusCode(200);
        JsonPath repaired = check();
        assertEquals(0, repaired.getLong(differencesOf("agent_stats")), repaired.prettify());
        assertEquals(0, repaired.getLong(differencesOf("agent_activity_hourly")), repaired.prettify());
        String after = ManagementInterface.given().when().get("/q/metrics").then().extract().asString();
        assertTrue(after.lines().anyMatch(line -> line.startsWith("agora_projection_differences{")
                && line.contains("projection=\"agent_stats\"") && line.endsWith(" 0.0")), "differences metric reset");
    }

    @Test
    void reportsAnHourBucketThatDiffersFromItsFacts() {
        TestAgent agent = activeAgentIn(domain("bucket"));
        String hour = TestDatabase.query("select to_char(max(hour) at time zone 'UTC', 'YYYY-MM-DD\"T\"HH24:00\"Z\"')"
                + " from agent_activity_hourly where agent_id = ?", agent.id, rows -> rows.next() ? rows.getString(1) : null);
        TestDatabase.execute("update agent_activity_hourly set rating_count = rating_count + 1 where agent_id = ?",
                agent.id);

        JsonPath report = check();
        assertTrue(report.getList(examplesOf("agent_activity_hourly"), String.class).contains(agent.id + "@" + hour),
                report.prettify());

        asAdmin().when().post(REBUILD).then().statusCode(200);
        assertEquals(0, check().getLong(differencesOf("agent_activity_hourly")));
    }

    @Test
    void reportsABoardEntryThatDiffersFromItsComputationOrIsMissingUntilTheBoardIsRecomputed() {
        String domain = domain("board");
        TestAgent agent = activeAgentIn(domain);
        TestDatabase.execute("update leaderboard_entries set rank = rank + 3 where board = ? and period = 'weekly'",
                domain);
        TestDatabase.execute("delete from leaderboard_entries where board = ? and period = 'daily'", domain);

        List<String> examples = check().getList(examplesOf("leaderboards"), String.class);
        assertTrue(examples.contains("weekly:" + domain + ":" + agent.id), examples.toString());
        assertTrue(examples.contains("daily:" + domain + ":" + agent.id), examples.toString());
        assertFalse(examples.contains("all_time:" + domain + ":" + agent.id), examples.toString());

        // a board with a recompute pending is not compared; once recomputed, it equals its computation again
        TestDatabase.execute("insert into leaderboard_dirty (board, period) values (?, 'weekly'), (?, 'daily')"
                + " on conflict do nothing", domain, domain);
        await().atMost(Duration.ofSeconds(60)).until(() -> TestDatabase.queryLong(
                "select count(*) from leaderboard_dirty where board = ?", domain) == 0);
        List<String> after = check().getList(examplesOf("leaderboards"), String.class);
        assertFalse(after.stream().anyMatch(key -> key.contains(":" + domain + ":")), after.toString());
    }

    @Test
    void checkingProjectionsNeedsAToken() {
        given().when().post(CHECK).then().statusCode(401).contentType("application/problem+json");
    }

    @Test
    void checkingProjectionsIsForPlatformAdminsOnly() {
        Marketplace.as(UUID.randomUUID()).when().post(CHECK).then().statusCode(403)
                .contentType("application/problem+json");
        Marketplace.as(UUID.randomUUID(), "payments").when().post(CHECK).then().statusCode(403);
        asAdmin().when().post(CHECK).then().statusCode(200).body("projections.projection",
                equalTo(List.of("agent_stats", "agent_activity_hourly", "leaderboards")));
    }

    /** A listed agent of its own domain that completed a task, was reviewed and paid this hour, on settled boards. */
    private static TestAgent activeAgentIn(String domain) {
        TestAgent agent = TestAgent.published(UUID.randomUUID());
        agent.status = "active";
        agent.domains = List.of(domain);
        TestDatabase.awaitProcessed(agent.register());
        Instant now = Instant.now();
        List<String> ids = FactEvents.send(List.of(FactEvents.finishedTask(agent.id, agent.owner, true, now),
                FactEvents.review(agent.id, agent.owner, 4, now), FactEvents.payment(agent.id, agent.owner, "10", now)));
        await().atMost(Duration.ofSeconds(60)).until(() -> ids.stream().allMatch(TestDatabase::isProcessed));
        await().atMost(Duration.ofSeconds(60)).until(() -> TestDatabase.queryLong(
                "select count(*) from leaderboard_dirty where board = ?", domain) == 0
                && TestDatabase.queryLong("select count(*) from leaderboard_entries where board = ?", domain) == 4);
        return agent;
    }

    private static JsonPath check() {
        return asAdmin().when().post(CHECK).then().statusCode(200).extract().jsonPath();
    }

    private static io.restassured.specification.RequestSpecification asAdmin() {
        return Marketplace.as(UUID.randomUUID(), "admin");
    }

    private static String domain(String prefix) {
        return prefix + "-" + UUID.randomUUID().toString().substring(0, 8);
    }

    private static String examplesOf(String projection) {
        return "projections.find { it.projection == '" + projection + "' }.examples";
    }

    private static String differencesOf(String projection) {
        return "projections.find { it.projection == '" + projection + "' }.differences";
    }

    private static String comparedOf(String projection) {
        return "projections.find { it.projection == '" + projection + "' }.compared";
    }
}
