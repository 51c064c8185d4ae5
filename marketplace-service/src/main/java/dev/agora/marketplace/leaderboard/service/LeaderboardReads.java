package dev.agora.marketplace.leaderboard.service;

import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.regex.Pattern;

import jakarta.enterprise.context.ApplicationScoped;

import dev.agora.common.paging.PageRequest;
import dev.agora.common.problem.FieldError;
import dev.agora.common.problem.ProblemException;
import dev.agora.marketplace.catalog.repository.CatalogSearchRepository;
import dev.agora.marketplace.leaderboard.repository.LeaderboardQueries;
import dev.agora.marketplace.leaderboard.model.AgentRankingsView;
import dev.agora.marketplace.leaderboard.model.LeaderboardEntryView;
import dev.agora.marketplace.leaderboard.model.LeaderboardPageView;
import io.smallrye.mutiny.Uni;

/** The public reads of the precomputed boards. */
@ApplicationScoped
public class LeaderboardReads {
    public static final int CURSOR_PARTS = 2;
    private static final Pattern DOMAIN = Pattern.compile("^[a-z0-9][a-z0-9-]{0,99}$");

    private final LeaderboardQueries queries;
    private final CatalogSearchRepository catalog;
    private final LeaderboardPageCache cache;

    public LeaderboardReads(LeaderboardQueries queries, CatalogSearchRepository catalog, LeaderboardPageCache cache) {
        this.queries = queries;
        this.catalog = catalog;
        this.cache = cache;
    }

    /** {@code domain} absent: the global board; {@code period} absent: all_time. */
    public Uni<LeaderboardPageView> page(String domain, String period, String limit, String cursor) {
        List<FieldError> errors = new ArrayList<>();
        String board = domain == null || domain.isBlank() ? "" : domain.strip();
        if (!board.isEmpty() && !DOMAIN.matcher(board).matches()) {
            errors.add(new FieldError("domain", "must be a domain slug (lowercase letters, digits and dashes)"));
        }
        Period chosen = period == null || period.isBlank() ? Period.ALL_TIME : Period.of(period.strip()).orElse(null);
        if (chosen == null) {
            errors.add(new FieldError("period", "must be one of " + Period.NAMES));
        }
        if (!errors.isEmpty()) {
            throw ProblemException.invalid(errors);
        }
        PageRequest page = PageRequest.of(limit, cursor, CURSOR_PARTS);
        int afterRank = page.hasCursor() ? rankAt(page) : 0;
        UUID afterId = page.hasCursor() ? page.uuidAt(1) : null;
        String key = LeaderboardPageCache.key(board, chosen.name, afterRank, afterId, page.limit());
        return cache.get(key, () -> queries.page(board, chosen.name, afterRank, afterId, page.limit() + 1).map(rows -> {
            boolean more = rows.size() > page.limit();
            List<LeaderboardEntryView> items = more ? rows.subList(0, page.limit()) : rows;
            LeaderboardEntryView last = items.isEmpty() ? null : items.get(items.size() - 1);
            String next = more ? PageRequest.encodeCursor(last.rank(), last.agentId()) : null;
            return new LeaderboardPageView(board.isEmpty() ? null : board, chosen.name, List.copyOf(items), next);
        }));
    }

    /** A listed agent's entries on every board (404 for an agent that is not listed). */
    public Uni<AgentRankingsView> rankings(UUID agentId) {
        return catalog.findListed(agentId, null)
                .onItem().ifNull().failWith(() -> ProblemException.notFound("agent " + agentId))
                .chain(agent -> queries.ofAgent(agentId))
                .map(entries -> new AgentRankingsView(agentId, entries));
    }

    private static int rankAt(PageRequest page) {
        try {
            int rank = Integer.parseInt(page.cursor()[0]);
            if (rank >= 1) {
                return rank;
            }
        } catch (NumberFormatException e) {
            // answered below
        }
        throw ProblemException.badRequest("cursor", "is not a cursor returned by this list");
    }
}
