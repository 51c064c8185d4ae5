package dev.agora.marketplace.leaderboard.model;

import java.util.List;

import io.quarkus.runtime.annotations.RegisterForReflection;

/** A page of one board (domain null: the global board). */
@RegisterForReflection
public record LeaderboardPageView(String domain, String period, List<LeaderboardEntryView> items, String nextCursor) {
}
