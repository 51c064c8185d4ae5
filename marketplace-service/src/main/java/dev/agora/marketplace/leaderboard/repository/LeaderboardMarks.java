package dev.agora.marketplace.leaderboard.repository;

import java.util.List;
import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;

import io.quarkus.hibernate.reactive.panache.Panache;
import io.smallrye.mutiny.Uni;

/**
 * Marks boards for a debounced recompute, in the caller's transaction: a mark is durable, survives a restart, and
 * keeps its first time so that a steady stream of events cannot postpone the recompute forever.
 */
@ApplicationScoped
public class LeaderboardMarks {
    private static final String PERIODS = "(values ('daily'), ('weekly'), ('monthly'), ('all_time')) as p (period)";
    private static final String MARK_AGENT_BOARDS = "insert into leaderboard_dirty (board, period)"
            + " select b.board, p.period from ("
            + "   select '' as board where exists (select 1 from catalog_agents where agent_id = :agent and listed)"
            + "   union select unnest(domain_slugs) from catalog_agents where agent_id = :agent and listed"
            + "   union select distinct board from leaderboard_entries where agent_id = :agent) b"
            + " cross join " + PERIODS
            + " on conflict do nothing";
    private static final String MARK_ALL_BOARDS = "insert into leaderboard_dirty (board, period)"
            + " select b.board, p.period from ("
            + "   select '' as board"
            + "   union select distinct unnest(domain_slugs) from catalog_agents where listed"
            + "   union select distinct board from leaderboard_entries) b"
            + " cross join " + PERIODS + " where p.period in (:periods)"
            + " on conflict do nothing";

    /** The boards the agent is on or belongs on (global and its domains, if listed), every period. */
    public Uni<Void> markBoardsOf(UUID agentId) {
        return Panache.getSession().chain(session -> session.createNativeQuery(MARK_AGENT_BOARDS)
                .setParameter("agent", agentId).executeUpdate()).replaceWithVoid();
    }

    /** Every board, for the given periods (the hourly window roll, a rebuild). */
    public Uni<Void> markAllBoards(List<String> periods) {
        return Panache.getSession().chain(session -> session.createNativeQuery(MARK_ALL_BOARDS)
                .setParameter("periods", periods).executeUpdate()).replaceWithVoid();
    }
}
