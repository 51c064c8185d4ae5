package dev.agora.marketplace.leaderboard.repository;

import java.math.BigDecimal;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;

import org.hibernate.reactive.mutiny.Mutiny;

import dev.agora.common.reconciliation.Comparison;
import dev.agora.common.reconciliation.ProjectionDifferences;
import dev.agora.marketplace.leaderboard.model.LeaderboardFormula;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.smallrye.mutiny.Uni;

/** The boards' computation, in the caller's transaction. Reads of the computed boards: {@link LeaderboardQueries}. */
@ApplicationScoped
public class LeaderboardRepository {
    /**
     * One board and period, computed from the hourly buckets: components, norms against the board's maxima, the
     * weighted score and standard competition ranks (ties share a rank, the next one skips), as the CTE {@code ranked}.
     */
    public static final String RANKED = "with members as ("
            + "  select agent_id from catalog_agents where listed and (:board = '' or :board = any(domain_slugs))"
            + "), facts as ("
            + "  select h.agent_id, sum(h.tasks_completed) as completed, sum(h.tasks_failed) as failed,"
            + "    sum(h.rating_sum) as rating_sum, sum(h.rating_count) as rating_count,"
            + "    greatest(sum(h.earnings), 0) as earnings"
            + "  from members m join agent_activity_hourly h on h.agent_id = m.agent_id"
            + "    and h.hour >= cast(:since as timestamptz) and h.hour <= cast(:until as timestamptz)"
            + "  group by h.agent_id"
            + "), components as ("
            + "  select agent_id, completed, failed, rating_count, earnings,"
            + "    case when completed + failed > 0 then round(completed::numeric / (completed + failed), 6) else 0 end"
            + "      as success_rate,"
            + "    case when rating_count > 0 then round(rating_sum::numeric / rating_count, 6) else 0 end as rating,"
            + "    max(completed) over () as max_completed, max(earnings) over () as max_earnings"
            + "  from facts where completed + failed + rating_count > 0 or earnings > 0"
            + "), normed as ("
            + "  select *, case when max_completed > 0 then round(completed::numeric / max_completed, 6) else 0 end"
            + "      as tasks_norm,"
            + "    case when max_earnings > 0 then round(earnings / max_earnings, 6) else 0 end as earnings_norm"
            + "  from components"
            + "), scored as ("
            + "  select *, " + LeaderboardFormula.SCORE_SQL + " as score from normed"
            + "), ranked as ("
            + "  select *, rank() over (order by score desc) as position, count(*) over () as total from scored"
            + ")";
    /** {@link #RANKED} stored in one statement; the previous rank of each agent is kept for the trend. */
    public static final String COMPUTE = RANKED
            + " insert into leaderboard_entries (board, period, agent_id, rank, previous_rank, total_agents, score,"
            + "   success_rate, tasks_completed, tasks_failed, tasks_norm, rating, review_count, earnings, earnings_norm,"
            + "   computed_at)"
            + " select :board, :period, agent_id, position, null, total, score, success_rate, completed, failed,"
            + "   tasks_norm, rating, rating_count, earnings, earnings_norm, cast(:now as timestamptz) from ranked"
            + " on conflict (board, period, agent_id) do update set previous_rank = leaderboard_entries.rank,"
            + "   rank = excluded.rank, total_agents = excluded.total_agents, score = excluded.score,"
            + "   success_rate = excluded.success_rate, tasks_completed = excluded.tasks_completed,"
            + "   tasks_failed = excluded.tasks_failed, tasks_norm = excluded.tasks_norm, rating = excluded.rating,"
            + "   review_count = excluded.review_count, earnings = excluded.earnings,"
            + "   earnings_norm = excluded.earnings_norm, computed_at = excluded.computed_at";
    /** Agents no longer on the board (unlisted, left the domain, no activity left in the window). */
    static final String DROP_LEFT = "delete from leaderboard_entries where board = :board and period = :period"
            + " and computed_at <> cast(:now as timestamptz)";
    static final String MOVED_INTO_TOP = "select e.agent_id, c.owner_id, c.name, e.rank, e.previous_rank, e.score"
            + " from leaderboard_entries e join catalog_agents c on c.agent_id = e.agent_id"
            + " where e.board = :board and e.period = :period and e.rank <= :top"
            + " and (e.previous_rank is null or e.previous_rank <> e.rank) order by e.rank, e.agent_id";
    static final String CLAIM = "select board, period from leaderboard_dirty where marked_at <= cast(:cutoff as timestamptz)"
            + " order by marked_at limit 1 for update skip locked";

    /** Every board with no recompute pending (global and each domain, each period), and when it was computed. */
    static final String SETTLED_BOARDS = "select b.board, p.period,"
            + " (select max(e.computed_at) from leaderboard_entries e where e.board = b.board and e.period = p.period)"
            + " from (select '' as board union select unnest(domain_slugs) from catalog_agents where listed"
            + "   union select board from leaderboard_entries) b"
            + " cross join (values ('daily'), ('weekly'), ('monthly'), ('all_time')) p (period)"
            + " where not exists (select 1 from leaderboard_dirty d where d.board = b.board and d.period = p.period)"
            + " order by 1, 2";
    /** One board's stored entries against {@link #RANKED} as of its computation, agent by agent. */
    static final String DIFFERENCES = RANKED + ", compared as ("
            + " select :label || ':' || coalesce(r.agent_id, e.agent_id)::text as key,"
            + "   (r.agent_id is null or e.agent_id is null or e.rank <> r.position or e.score <> r.score"
            + "     or e.total_agents <> r.total) as differs"
            + " from ranked r full join (select * from leaderboard_entries where board = :board and period = :period) e"
            + "   on e.agent_id = r.agent_id)" + Comparison.SUMMARY;

    /** A board with no recompute pending; {@code computedAt} is null for one never computed. */
    public record SettledBoard(String board, String period, Instant computedAt) {
    }

    /** An agent that entered or moved inside the top ranks at this computation. */
    public record Move(UUID agentId, UUID ownerId, String name, int rank, Integer previousRank, BigDecimal score) {
    }

    public record Board(String board, String period) {
    }

    /** One marked board whose first mark is older than {@code cutoff}, locked and unmarked (null when none). */
    public Uni<Board> claimMarked(Instant cutoff) {
        return Panache.getSession().chain(session -> session.<Object[]> createNativeQuery(CLAIM)
                .setParameter("cutoff", cutoff).getResultList()
                .chain(rows -> {
                    if (rows.isEmpty()) {
                        return Uni.createFrom().nullItem();
                    }
                    Board board = new Board((String) rows.get(0)[0], (String) rows.get(0)[1]);
                    return session.createNativeQuery("delete from leaderboard_dirty where board = :board and period = :period")
                            .setParameter("board", board.board()).setParameter("period", board.period())
                            .executeUpdate().replaceWith(board);
                }));
    }

    /** Serialises computations of one board across replicas, until the transaction ends. */
    public Uni<Void> lock(String board, String period) {
        // a statement, not a native select (whose plan is never cached: docs/BENCHMARKS.md, "native selects")
        return Panache.getSession().chain(session -> session
                .createNativeQuery("select pg_advisory_xact_lock(hashtext(:key))")
                .setParameter("key", "leaderboard:" + board + ":" + period).executeUpdate()).replaceWithVoid();
    }

    public Uni<List<SettledBoard>> settledBoards() {
        return Panache.getSession().chain(session -> session.<Object[]> createNativeQuery(SETTLED_BOARDS).getResultList())
                .map(rows -> rows.stream().map(row -> new SettledBoard((String) row[0], (String) row[1],
                        row[2] instanceof OffsetDateTime at ? at.toInstant() : (Instant) row[2])).toList());
    }

    /**
     * How the board's stored entries differ from its computation over {@code [since, until]}, each key
     * {@code <label>:<agent id>}; changes nothing.
     */
    public Uni<ProjectionDifferences> differences(String board, String period, String label, Instant since,
            Instant until, LeaderboardFormula formula) {
        return Panache.getSession().chain(session -> weighted(session.<Object[]> createNativeQuery(DIFFERENCES), formula)
                .setParameter("board", board).setParameter("period", period).setParameter("label", label)
                .setParameter("since", since).setParameter("until", until)
                .getSingleResult())
                .map(row -> Comparison.summary(label, row));
    }

    /** Computes the board at {@code now} from the buckets in {@code [since, hour of now]}; returns the moves into the top. */
    public Uni<List<Move>> compute(String board, String period, Instant since, Instant until, Instant now,
            LeaderboardFormula formula, int top) {
        return Panache.getSession().chain(session -> weighted(session.createNativeQuery(COMPUTE), formula)
                .setParameter("board", board).setParameter("period", period)
                .setParameter("since", since).setParameter("until", until).setParameter("now", now)
                .executeUpdate()
                .chain(() -> session.createNativeQuery(DROP_LEFT).setParameter("board", board)
                        .setParameter("period", period).setParameter("now", now).executeUpdate())
                .chain(() -> session.<Object[]> createNativeQuery(MOVED_INTO_TOP).setParameter("board", board)
                        .setParameter("period", period).setParameter("top", top).getResultList())
                .map(rows -> rows.stream().map(row -> new Move((UUID) row[0], (UUID) row[1], (String) row[2],
                        ((Number) row[3]).intValue(), row[4] == null ? null : ((Number) row[4]).intValue(),
                        (BigDecimal) row[5])).toList()));
    }

    /** The query with the formula's weights bound. */
    private static <Q extends Mutiny.AbstractQuery> Q weighted(Q query, LeaderboardFormula formula) {
        formula.parameters().forEach(query::setParameter);
        return query;
    }
}
