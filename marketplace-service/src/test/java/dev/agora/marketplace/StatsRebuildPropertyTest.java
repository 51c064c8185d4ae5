package dev.agora.marketplace;

import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.greaterThanOrEqualTo;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.math.BigDecimal;
import java.sql.ResultSetMetaData;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.UUID;

import org.junit.jupiter.api.Test;

import dev.agora.testsupport.KafkaTestResource;
import dev.agora.testsupport.PostgresTestResource;
import dev.agora.testsupport.TestDatabase;
import io.quarkus.test.common.TestResourceScope;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;

/**
 * The property: after any sequence of events (every lifecycle of tasks, payments, reviews, follows, deployments and
 * executions, sent shuffled across topics and with redeliveries), the incrementally maintained stats and activity
 * buckets equal what the rebuild recomputes from the stored facts, and both equal a model of the final states.
 */
@QuarkusTest
@WithTestResource(value = PostgresTestResource.class, scope = TestResourceScope.GLOBAL)
@WithTestResource(value = KafkaTestResource.class, scope = TestResourceScope.GLOBAL)
class StatsRebuildPropertyTest {
    private static final String REBUILD = "/api/marketplace/admin/projections/rebuild";
    private static final Instant NOW = Instant.now().truncatedTo(ChronoUnit.SECONDS);

    /** What the final states of one agent's facts add up to, counted independently of the service. */
    static final class Expected {
        int completed;
        int failed;
        int hires;
        int followers;
        int reviews;
        BigDecimal earnings = BigDecimal.ZERO;
        int deployments;
        int deploymentsSucceeded;
        int deploymentsFailed;
        int executions;
        int executionErrors;
    }

    @Test
    void incrementalStatsEqualTheRebuiltOnesAfterShuffledAndRedeliveredEvents() {
        long seed = System.nanoTime();
        Random random = new Random(seed);
        List<UUID> agents = new ArrayList<>();
        Map<UUID, Expected> expected = new HashMap<>();
        List<FactEvents.Event> events = new ArrayList<>();
        for (int a = 0; a < 4; a++) {
            UUID owner = UUID.randomUUID();
            UUID agent;
            if (a < 2) {
                // two agents the catalog knows (agents.v1 first), two it does not know yet
                agent = Marketplace.listedAgent(owner).id;
            } else {
                agent = UUID.randomUUID();
            }
            agents.add(agent);
            Expected model = new Expected();
            expected.put(agent, model);
            generate(random, agent, owner, model, events);
        }
        // out of order: one shuffled sequence across topics and facts; redeliveries: a fifth sent again later
        Collections.shuffle(events, random);
        List<FactEvents.Event> sent = new ArrayList<>(events);
        for (FactEvents.Event event : events) {
            if (random.nextInt(5) == 0) {
                sent.add(random.nextInt(sent.size() + 1), event);
            }
        }
        List<String> ids = FactEvents.send(sent);
        await().atMost(Duration.ofSeconds(120)).pollInterval(Duration.ofMillis(500)).until(() -> processed(ids) == ids.size());

        Map<String, Map<String, Object>> incremental = snapshot(agents);
        for (UUID agent : agents) {
            Map<String, Object> stats = incremental.get("stats " + agent);
            Expected model = expected.get(agent);
            String context = "seed " + seed + ", agent " + agent + ": " + stats;
            assertEquals(model.completed, count(stats, "tasks_completed"), context);
            assertEquals(model.failed, count(stats, "tasks_failed"), context);
            assertEquals(model.hires, count(stats, "hire_count"), context);
            assertEquals(model.followers, count(stats, "follower_count"), context);
            assertEquals(model.reviews, count(stats, "review_count"), context);
            assertEquals(0, model.earnings.compareTo(new BigDecimal((String) stats.get("total_earnings"))), context);
            assertEquals(model.deployments, count(stats, "deployments_total"), context);
            assertEquals(model.deploymentsSucceeded, count(stats, "deployments_successful"), context);
            assertEquals(model.deploymentsFailed, count(stats, "deployments_failed"), context);
            assertEquals(model.executions, count(stats, "executions_total"), context);
            assertEquals(model.executionErrors, count(stats, "executions_error"), context);
        }

        given().auth().oauth2(dev.agora.testsupport.TestTokens.forUser(UUID.randomUUID(), List.of("admin"), Map.of()))
                .when().post(REBUILD).then().statusCode(200)
                .body("agentStats", greaterThanOrEqualTo(agents.size()));
        Map<String, Map<String, Object>> rebuilt = snapshot(agents);
        assertEquals(incremental, rebuilt, "seed " + seed);
    }

    @Test
    void aFactWithAnUnknownStatusIsDeadLetteredAndChangesNothing() {
        UUID agent = UUID.randomUUID();
        UUID owner = UUID.randomUUID();
        Instant at = NOW.minus(1, ChronoUnit.HOURS);
        FactEvents.Event unknown = FactEvents.task(UUID.randomUUID(), agent, UUID.randomUUID(), owner, "exploded", at,
                null, null);
        FactEvents.Event poison = new FactEvents.Event(unknown.topic(), unknown.key(), unknown.id(),
                "agora.task.completed.v1", unknown.body());
        FactEvents.Event good = FactEvents.finishedTask(agent, owner, true, at);
        FactEvents.send(List.of(poison, good));
        try (dev.agora.testsupport.TopicReader dlq = dev.agora.testsupport.TopicReader.of("marketplace.v1.dlq")) {
            dlq.await(r -> poison.id().equals(r.header("ce_id")), Duration.ofSeconds(60));
        }
        TestDatabase.awaitProcessed(good.id());
        assertEquals(0, TestDatabase.processedCount(poison.id()));
        assertEquals(1, TestDatabase.queryLong("select tasks_completed from agent_stats where agent_id = ?", agent));
        assertEquals(1, TestDatabase.queryLong("select count(*) from stats_task_facts where agent_id = ?", agent));
    }

    /** One agent's facts: each fact walks a random lifecycle; every state it passes through is an event. */
    private static void generate(Random random, UUID agent, UUID owner, Expected model, List<FactEvents.Event> events) {
        for (int i = 0; i < 8; i++) {
            UUID task = UUID.randomUUID();
            UUID hirer = UUID.randomUUID();
            Instant created = NOW.minus(random.nextInt(60 * 24 * 40), ChronoUnit.MINUTES);
            Instant started = created.plus(1 + random.nextInt(600), ChronoUnit.MINUTES);
            Instant finished = started.plus(1 + random.nextInt(600), ChronoUnit.MINUTES);
            model.hires++;
            events.add(FactEvents.task(task, agent, hirer, owner, "pending", created, null, null));
            switch (random.nextInt(5)) {
                case 0 -> events.add(FactEvents.task(task, agent, hirer, owner, "cancelled", created, null, finished));
                case 1 -> {
                    // left pending
                }
                default -> {
                    events.add(FactEvents.task(task, agent, hirer, owner, "in_progress", created, started, null));
                    int outcome = random.nextInt(4);
                    String status = outcome == 0 ? "failed" : outcome == 1 ? "cancelled" : "completed";
                    if (random.nextInt(6) > 0) {
                        events.add(FactEvents.task(task, agent, hirer, owner, status, created, started, finished));
                        model.completed += "completed".equals(status) ? 1 : 0;
                        model.failed += "failed".equals(status) ? 1 : 0;
                    }
                }
            }
        }
        for (int i = 0; i < 4; i++) {
            UUID tx = UUID.randomUUID();
            BigDecimal amount = new BigDecimal(1 + random.nextInt(1000)).movePointLeft(random.nextInt(4));
            Instant created = NOW.minus(random.nextInt(60 * 24 * 40), ChronoUnit.MINUTES);
            Instant settled = created.plus(5, ChronoUnit.MINUTES);
            if (random.nextInt(4) == 0) {
                events.add(FactEvents.transaction(tx, agent, owner, "failed", amount, BigDecimal.ZERO, created, null, null,
                        settled));
                continue;
            }
            events.add(FactEvents.transaction(tx, agent, owner, "confirmed", amount, BigDecimal.ZERO, created, settled,
                    null, null));
            BigDecimal refunded = BigDecimal.ZERO;
            if (random.nextBoolean()) {
                refunded = random.nextBoolean() ? amount : amount.divide(new BigDecimal(4));
                events.add(FactEvents.transaction(tx, agent, owner, "refunded", amount, refunded, created, settled,
                        settled.plus(1, ChronoUnit.HOURS), null));
            }
            model.earnings = model.earnings.add(amount.subtract(refunded));
        }
        for (int i = 0; i < 3; i++) {
            events.add(FactEvents.review(UUID.randomUUID(), agent, owner, 1 + random.nextInt(5), optionalRating(random),
                    optionalRating(random), optionalRating(random), optionalRating(random),
                    NOW.minus(random.nextInt(60 * 24 * 40), ChronoUnit.MINUTES)));
            model.reviews++;
        }
        for (int i = 0; i < 3; i++) {
            UUID user = UUID.randomUUID();
            Instant at = NOW.minus(random.nextInt(60 * 24 * 40), ChronoUnit.MINUTES);
            int changes = 1 + random.nextInt(4);
            for (int c = 0; c < changes; c++) {
                events.add(FactEvents.follow(agent, user, c % 2 == 0, at.plus(c, ChronoUnit.MINUTES)));
            }
            model.followers += changes % 2;
        }
        for (int i = 0; i < 3; i++) {
            UUID deployment = UUID.randomUUID();
            Instant created = NOW.minus(random.nextInt(60 * 24 * 40), ChronoUnit.MINUTES);
            Instant started = created.plus(1, ChronoUnit.MINUTES);
            Instant done = created.plus(3, ChronoUnit.MINUTES);
            model.deployments++;
            events.add(FactEvents.deployment(deployment, agent, owner, "pending", created, null, null, null));
            events.add(FactEvents.deployment(deployment, agent, owner, "deploying", created, started, null, null));
            switch (random.nextInt(4)) {
                case 0 -> {
                    events.add(FactEvents.deployment(deployment, agent, owner, "failed", created, started, null, done));
                    model.deploymentsFailed++;
                }
                case 1 -> events.add(FactEvents.deployment(deployment, agent, owner, "cancelled", created, started, null,
                        done));
                default -> {
                    events.add(FactEvents.deployment(deployment, agent, owner, "succeeded", created, started, done, done));
                    if (random.nextBoolean()) {
                        events.add(FactEvents.deployment(deployment, agent, owner, "stopped", created, started, done,
                                done.plus(1, ChronoUnit.HOURS)));
                    }
                    model.deploymentsSucceeded++;
                }
            }
        }
        for (int i = 0; i < 6; i++) {
            boolean success = random.nextInt(4) > 0;
            events.add(FactEvents.execution(agent, owner, success, random.nextInt(5000),
                    NOW.minus(random.nextInt(60 * 24 * 40), ChronoUnit.MINUTES)));
            model.executions++;
            model.executionErrors += success ? 0 : 1;
        }
    }

    private static int count(Map<String, Object> stats, String column) {
        return Integer.parseInt((String) stats.get(column));
    }

    private static Integer optionalRating(Random random) {
        return random.nextBoolean() ? 1 + random.nextInt(5) : null;
    }

    private static long processed(List<String> ids) {
        return TestDatabase.query("select count(*) from processed_events where event_id = any(?)",
                new Object[] { ids.toArray(String[]::new) }, rows -> rows.next() ? rows.getLong(1) : 0);
    }

    /** Every stats column (but updated_at) and every activity bucket of the agents, as plain values. */
    private static Map<String, Map<String, Object>> snapshot(List<UUID> agents) {
        Map<String, Map<String, Object>> rows = new LinkedHashMap<>();
        for (UUID agent : agents) {
            rows.put("stats " + agent, TestDatabase.query("select * from agent_stats where agent_id = ?", agent,
                    result -> result.next() ? row(result) : Map.of()));
            TestDatabase.query("select * from agent_activity_hourly where agent_id = ? order by hour", agent, result -> {
                while (result.next()) {
                    rows.put("bucket " + agent + " " + result.getObject("hour"), row(result));
                }
                return null;
            });
        }
        return rows;
    }

    private static Map<String, Object> row(java.sql.ResultSet result) throws java.sql.SQLException {
        ResultSetMetaData meta = result.getMetaData();
        Map<String, Object> values = new LinkedHashMap<>();
        for (int i = 1; i <= meta.getColumnCount(); i++) {
            String column = meta.getColumnName(i);
            if (!"updated_at".equals(column)) {
                Object value = result.getObject(i);
                values.put(column, value instanceof BigDecimal decimal ? decimal.stripTrailingZeros().toPlainString()
                        : value == null ? null : value.toString());
            }
        }
        return values;
    }
}
