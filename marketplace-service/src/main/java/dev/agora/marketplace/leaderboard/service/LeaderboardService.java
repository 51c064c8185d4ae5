package dev.agora.marketplace.leaderboard.service;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;

import jakarta.enterprise.context.ApplicationScoped;

import dev.agora.common.events.Audience;
import dev.agora.common.events.Topics;
import dev.agora.common.outbox.OutboxWriter;
import dev.agora.common.reconciliation.Comparison;
import dev.agora.common.reconciliation.ProjectionDifferences;
import dev.agora.common.outbox.WithOutboxTransaction;
import dev.agora.marketplace.leaderboard.events.RankChangedEvent;
import dev.agora.marketplace.leaderboard.model.LeaderboardFormula;
import dev.agora.marketplace.leaderboard.repository.LeaderboardMarks;
import dev.agora.marketplace.leaderboard.repository.LeaderboardRepository;
import io.smallrye.mutiny.Uni;

/**
 * Computes boards (global, {@code board = ""}, or one domain) and announces the agents that entered or moved inside
 * the top ranks, in the transaction that stores the board.
 */
@ApplicationScoped
public class LeaderboardService {
    /** The projection's name in reconciliation reports and metrics. */
    public static final String PROJECTION = "leaderboards";

    private final LeaderboardRepository boards;
    private final LeaderboardMarks marks;
    private final OutboxWriter outbox;
    private final LeaderboardConfig config;
    private final LeaderboardPageCache pages;
    private final LeaderboardFormula formula;

    public LeaderboardService(LeaderboardRepository boards, LeaderboardMarks marks, OutboxWriter outbox,
            LeaderboardConfig config, LeaderboardPageCache pages) {
        this.boards = boards;
        this.marks = marks;
        this.outbox = outbox;
        this.config = config;
        this.pages = pages;
        LeaderboardConfig.Weights weights = config.weights();
        this.formula = new LeaderboardFormula(weights.successRate(), weights.tasks(), weights.rating(), weights.earnings());
    }

    /** Recomputes one marked board whose first mark is older than the debounce; false when there was none. */
    @WithOutboxTransaction
    public Uni<Boolean> recomputeNextMarked(Instant now) {
        return boards.claimMarked(now.minus(config.debounce())).chain(claimed -> claimed == null
                ? Uni.createFrom().item(false)
                : computeLocked(claimed.board(), Period.of(claimed.period()).orElseThrow(), now).replaceWith(true));
    }

    /** Recomputes a board as of {@code now} (the hour of {@code now} is the window's last). */
    @WithOutboxTransaction
    public Uni<Void> recompute(String board, Period period, Instant now) {
        return computeLocked(board, period, now);
    }

    /** The window roll: every board of every rolling period is marked (at a new hour). */
    @WithOutboxTransaction
    public Uni<Void> markRollingBoards() {
        return marks.markAllBoards(Period.ROLLING);
    }

    /**
     * Every board with no recompute pending compared with its computation as of when it was stored (as of
     * {@code now} for a board never computed), in the caller's transaction; changes nothing.
     */
    public Uni<ProjectionDifferences> compareSettledBoards(Instant now) {
        return boards.settledBoards().chain(settled -> compare(settled, 0, now, new ArrayList<>()))
                .map(parts -> Comparison.combined(PROJECTION, parts));
    }

    private Uni<List<ProjectionDifferences>> compare(List<LeaderboardRepository.SettledBoard> settled, int index,
            Instant now, List<ProjectionDifferences> parts) {
        if (index >= settled.size()) {
            return Uni.createFrom().item(parts);
        }
        LeaderboardRepository.SettledBoard board = settled.get(index);
        Period period = Period.of(board.period()).orElseThrow();
        Instant at = board.computedAt() != null ? board.computedAt() : now;
        String label = period.name + ":" + (board.board().isEmpty() ? "global" : board.board());
        return boards.differences(board.board(), period.name, label, period.since(at), at.truncatedTo(ChronoUnit.HOURS),
                formula).chain(part -> {
                    parts.add(part);
                    return compare(settled, index + 1, now, parts);
                });
    }

    private Uni<Void> computeLocked(String board, Period period, Instant at) {
        Instant now = at.truncatedTo(ChronoUnit.MICROS);
        return boards.lock(board, period.name)
                .chain(() -> boards.compute(board, period.name, period.since(now), now.truncatedTo(ChronoUnit.HOURS), now,
                        formula, config.announcedRanks()))
                .chain(moves -> announce(board, period, now, moves, 0))
                .invoke(pages::clear);
    }

    private Uni<Void> announce(String board, Period period, Instant now, List<LeaderboardRepository.Move> moves, int index) {
        if (index >= moves.size()) {
            return Uni.createFrom().voidItem();
        }
        LeaderboardRepository.Move move = moves.get(index);
        RankChangedEvent event = new RankChangedEvent(move.agentId(), move.name(),
                board.isEmpty() ? null : board, period.name, move.rank(), move.previousRank(), move.score(), now);
        return outbox.append(Topics.MARKETPLACE, RankChangedEvent.TYPE, move.agentId(), event, Audience.everyone())
                .chain(() -> announce(board, period, now, moves, index + 1));
    }
}
