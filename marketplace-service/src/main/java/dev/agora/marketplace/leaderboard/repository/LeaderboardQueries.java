package dev.agora.marketplace.leaderboard.repository;

import java.util.List;
import java.util.UUID;
import java.util.stream.StreamSupport;

import jakarta.enterprise.context.ApplicationScoped;

import dev.agora.marketplace.leaderboard.model.LeaderboardEntryView;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.RowSet;
import io.vertx.mutiny.sqlclient.Tuple;

/** Reads of the precomputed boards: index range scans, nothing computed on read. */
@ApplicationScoped
public class LeaderboardQueries {
    private static final String COLUMNS = "e.board, e.period, e.agent_id, c.name, c.slug, c.avatar_url, e.rank,"
            + " e.previous_rank, e.total_agents, e.score, e.success_rate, e.tasks_completed, e.tasks_failed,"
            + " e.tasks_norm, e.rating, e.review_count, e.earnings, e.earnings_norm, e.computed_at";
    /** One page of a board in rank order: keyset on (rank, agent_id), served by idx_leaderboard_page. */
    public static final String PAGE = "select " + COLUMNS
            + " from leaderboard_entries e join catalog_agents c on c.agent_id = e.agent_id"
            + " where e.board = $1 and e.period = $2 and (e.rank, e.agent_id) > ($3, $4) and c.listed"
            + " order by e.rank, e.agent_id limit $5";
    public static final String OF_AGENT = "select " + COLUMNS
            + " from leaderboard_entries e join catalog_agents c on c.agent_id = e.agent_id"
            + " where e.agent_id = $1 order by e.board, e.period";
    private static final UUID NO_ID = new UUID(0, 0);

    private final Pool pool;

    public LeaderboardQueries(Pool pool) {
        this.pool = pool;
    }

    public Uni<List<LeaderboardEntryView>> page(String board, String period, int afterRank, UUID afterId, int limit) {
        return pool.preparedQuery(PAGE)
                .execute(Tuple.of(board, period, afterRank, afterId == null ? NO_ID : afterId, limit))
                .map(LeaderboardQueries::views);
    }

    public Uni<List<LeaderboardEntryView>> ofAgent(UUID agentId) {
        return pool.preparedQuery(OF_AGENT).execute(Tuple.of(agentId)).map(LeaderboardQueries::views);
    }

    private static List<LeaderboardEntryView> views(RowSet<Row> rows) {
        return StreamSupport.stream(rows.spliterator(), false).map(LeaderboardQueries::view).toList();
    }

    private static LeaderboardEntryView view(Row row) {
        Integer previous = row.getInteger("previous_rank");
        int rank = row.getInteger("rank");
        String board = row.getString("board");
        return new LeaderboardEntryView(rank, row.getUUID("agent_id"), row.getString("name"), row.getString("slug"),
                row.getString("avatar_url"), board.isEmpty() ? null : board, row.getString("period"),
                row.getBigDecimal("score"), previous == null ? null : previous - rank, previous,
                row.getInteger("total_agents"),
                new LeaderboardEntryView.Components(row.getBigDecimal("success_rate"), row.getInteger("tasks_completed"),
                        row.getInteger("tasks_failed"), row.getBigDecimal("tasks_norm"), row.getBigDecimal("rating"),
                        row.getInteger("review_count"), row.getBigDecimal("earnings"), row.getBigDecimal("earnings_norm")),
                row.getOffsetDateTime("computed_at").toInstant());
    }
}
