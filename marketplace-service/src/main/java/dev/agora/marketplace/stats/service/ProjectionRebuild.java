package dev.agora.marketplace.stats.service;

import java.time.Instant;
import java.util.List;

import jakarta.enterprise.context.ApplicationScoped;

import org.jboss.logging.Logger;

import dev.agora.marketplace.leaderboard.repository.LeaderboardMarks;
import dev.agora.marketplace.leaderboard.service.Period;
import dev.agora.marketplace.stats.repository.StatsRebuildSql;
import dev.agora.marketplace.stats.model.RebuildView;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.quarkus.hibernate.reactive.panache.common.WithTransaction;
import io.smallrye.mutiny.Uni;

/**
 * Recomputes every projection of this module from the stored facts (and this service's own tables, for facts that
 * are missing): agent_stats and the activity buckets in one transaction that holds the projection's tables, then
 * every board is marked and recomputed by the refresher.
 */
@ApplicationScoped
public class ProjectionRebuild {
    private static final Logger LOG = Logger.getLogger(ProjectionRebuild.class);

    private final LeaderboardMarks marks;

    public ProjectionRebuild(LeaderboardMarks marks) {
        this.marks = marks;
    }

    @WithTransaction
    public Uni<RebuildView> rebuild() {
        Instant started = Instant.now();
        return run(StatsRebuildSql.STATEMENTS, 0)
                .chain(() -> marks.markAllBoards(Period.NAMES))
                .chain(() -> count("select count(*) from agent_stats"))
                .chain(stats -> count("select count(*) from agent_activity_hourly")
                        .chain(buckets -> count("select count(*) from leaderboard_dirty")
                                .map(boards -> new RebuildView(stats, buckets, boards, started))))
                .invoke(view -> LOG.infof("Rebuilt %d agent stats and %d activity buckets; %d boards marked",
                        view.agentStats(), view.activityBuckets(), view.boardsMarked()));
    }

    private static Uni<Void> run(List<String> statements, int index) {
        if (index >= statements.size()) {
            return Uni.createFrom().voidItem();
        }
        return Panache.getSession().chain(session -> session.createNativeQuery(statements.get(index)).executeUpdate())
                .chain(() -> run(statements, index + 1));
    }

    private static Uni<Long> count(String sql) {
        return Panache.getSession().chain(session -> session.<Number> createNativeQuery(sql).getSingleResult())
                .map(Number::longValue);
    }
}
