package dev.agora.marketplace.stats.service;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.stream.Collectors;

import jakarta.enterprise.context.ApplicationScoped;

import org.jboss.logging.Logger;

import dev.agora.common.reconciliation.ReconciliationMetrics;
import dev.agora.common.reconciliation.ReconciliationReport;
import dev.agora.marketplace.leaderboard.service.LeaderboardService;
import dev.agora.marketplace.stats.repository.StatsComparison;
import io.quarkus.hibernate.reactive.panache.common.WithTransaction;
import io.quarkus.scheduler.Scheduled;
import io.smallrye.mutiny.Uni;

/**
 * Compares the projections this service derives from its stored facts with their recomputation: agent stats, the
 * hourly activity buckets and every board with no recompute pending, all read in one snapshot, so that events
 * applied meanwhile never show as differences. Runs on a schedule (every replica; it only reads) and on demand;
 * each run updates the metrics. A difference is repaired by the rebuild ({@link ProjectionRebuild}).
 */
@ApplicationScoped
public class ProjectionCheck {
    private static final Logger LOG = Logger.getLogger(ProjectionCheck.class);

    private final StatsComparison stats;
    private final LeaderboardService boards;
    private final ReconciliationMetrics metrics;

    public ProjectionCheck(StatsComparison stats, LeaderboardService boards, ReconciliationMetrics metrics) {
        this.stats = stats;
        this.boards = boards;
        this.metrics = metrics;
    }

    @Scheduled(every = "${agora.projections.check-every}", delayed = "${agora.projections.check-every}",
            concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    Uni<Void> scheduled() {
        return check().onFailure().invoke(e -> LOG.warn("Projection check failed; the next one retries", e))
                .replaceWithVoid().onFailure().recoverWithNull();
    }

    @WithTransaction
    public Uni<ReconciliationReport> check() {
        Instant now = Instant.now().truncatedTo(ChronoUnit.MICROS);
        return stats.readOneSnapshot()
                .chain(stats::stats)
                .chain(agentStats -> stats.activity()
                        .chain(activity -> boards.compareSettledBoards(now)
                                .map(leaderboards -> ReconciliationReport.of(now, List.of(agentStats, activity,
                                        leaderboards)))))
                .invoke(metrics::record)
                .invoke(ProjectionCheck::log);
    }

    private static void log(ReconciliationReport report) {
        if (!report.consistent()) {
            LOG.warnf("Projections differ from their recomputation: %s; the rebuild repairs them",
                    report.projections().stream().filter(p -> p.differences() > 0)
                            .map(p -> p.projection() + " " + p.differences() + " (first: " + p.examples().get(0) + ")")
                            .collect(Collectors.joining(", ")));
        }
    }
}
