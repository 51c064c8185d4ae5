package dev.agora.marketplace.leaderboard.model;

import java.util.List;
import java.util.UUID;

import io.quarkus.runtime.annotations.RegisterForReflection;

/** An agent's place on every board it is on (global first, then its domains; every period). */
@RegisterForReflection
public record AgentRankingsView(UUID agentId, List<LeaderboardEntryView> items) {
}
