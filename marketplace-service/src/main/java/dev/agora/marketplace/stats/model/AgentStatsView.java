package dev.agora.marketplace.stats.model;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.UUID;

import io.quarkus.runtime.annotations.RegisterForReflection;

/**
 * An agent's task and deployment stats in one: successRate = completed / (completed + failed) as a
 * fraction (null without finished tasks), means null without data, totalEarnings = confirmed payments − refunds.
 */
@RegisterForReflection
public record AgentStatsView(UUID agentId, int tasksCompleted, int tasksFailed, BigDecimal successRate,
        Integer avgResponseTimeMinutes, BigDecimal totalEarnings, BigDecimal rating, int reviewCount,
        SubRatings subRatings, int hireCount, int followerCount, Deployments deployments, Executions executions,
        Instant lastActive, Instant updatedAt) {

    @RegisterForReflection
    public record SubRatings(BigDecimal responseTime, BigDecimal quality, BigDecimal communication, BigDecimal value) {
    }

    @RegisterForReflection
    public record Deployments(int total, int successful, int failed, Instant lastDeploymentAt) {
    }

    @RegisterForReflection
    public record Executions(int total, int success, int error, Long meanExecutionTimeMs) {
    }
}
