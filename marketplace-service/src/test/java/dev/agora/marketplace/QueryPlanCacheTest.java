package dev.agora.marketplace;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.UUID;

import jakarta.inject.Inject;

import org.hibernate.reactive.mutiny.Mutiny;
import org.hibernate.stat.Statistics;
import org.junit.jupiter.api.Test;

import dev.agora.testsupport.KafkaTestResource;
import dev.agora.testsupport.PostgresTestResource;
import dev.agora.testsupport.TestDatabase;
import io.quarkus.scheduler.Scheduler;
import io.quarkus.test.common.TestResourceScope;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;

/**
 * Applying an event must reuse the query plans of the statements it runs. Hibernate Reactive plans a native select
 * anew on every execution and keeps every copy in the plan cache (its result mappings have no equality), so a hot
 * path with one burns CPU and crowds the cache. The test profile turns Hibernate's statistics on to count misses.
 */
@QuarkusTest
@WithTestResource(value = PostgresTestResource.class, scope = TestResourceScope.GLOBAL)
@WithTestResource(value = KafkaTestResource.class, scope = TestResourceScope.GLOBAL)
class QueryPlanCacheTest {
    private static final int EVENTS = 20;

    @Inject
    Mutiny.SessionFactory sessions;

    @Inject
    Scheduler scheduler;

    @Test
    void applyingAgentEventsPlansNoQueryAgain() {
        TestAgent agent = TestAgent.published(UUID.randomUUID(), "plans");
        TestDatabase.awaitProcessed(agent.registerActive());
        TestDatabase.awaitProcessed(agent.rename("Warm-up"));
        Statistics statistics = sessions.getStatistics();
        // the periodic jobs (deadline sweep, leaderboard refresh) plan their own statements: not the events' doing
        scheduler.pause();
        long misses;
        try {
            long missesBefore = statistics.getQueryPlanCacheMissCount();
            String last = null;
            for (int i = 0; i < EVENTS; i++) {
                last = agent.rename("Planner " + i);
            }
            TestDatabase.awaitProcessed(last);
            misses = statistics.getQueryPlanCacheMissCount() - missesBefore;
        } finally {
            scheduler.resume();
        }
        // a few misses may come from the leaderboard refresher's first computations; one per event is the bug
        assertTrue(misses < EVENTS / 2, misses + " query plan cache misses while " + EVENTS + " agent events were applied");
    }
}
