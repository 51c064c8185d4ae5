package dev.agora.deployments.deployment.service;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.Instant;
import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;

import dev.agora.common.problem.ProblemException;
import dev.agora.deployments.access.AgentAccess;
import dev.agora.deployments.access.Caller;
import dev.agora.deployments.deployment.repository.DeploymentRepository;
import dev.agora.deployments.runtime.repository.ExecutionRepository;
import io.quarkus.hibernate.reactive.panache.common.WithSession;
import io.quarkus.runtime.annotations.RegisterForReflection;
import io.smallrye.mutiny.Uni;

/** An agent's numbers (deployment counts plus its executions). */
@ApplicationScoped
public class DeploymentStatsService {
    private final DeploymentRepository deployments;
    private final ExecutionRepository executions;
    private final AgentAccess access;

    public DeploymentStatsService(DeploymentRepository deployments, ExecutionRepository executions, AgentAccess access) {
        this.deployments = deployments;
        this.executions = executions;
        this.access = access;
    }

    /**
     * successfulDeployments counts every deployment that was ever live (succeeded, or stopped after it); successRate is
     * successes / finished executions (null with none); averageDurationMs over finished executions.
     */
    @RegisterForReflection
    public record AgentStats(UUID agentId, long totalDeployments, long successfulDeployments, long failedDeployments,
            Instant lastDeploymentAt, long totalExecutions, long successfulExecutions, long failedExecutions,
            BigDecimal successRate, Long averageDurationMs) {
    }

    @WithSession
    public Uni<AgentStats> stats(Caller caller, UUID agentId) {
        if (agentId == null) {
            throw ProblemException.badRequest("agentId", "is required");
        }
        return access.readable(caller, agentId)
                .chain(() -> deployments.stats(agentId))
                .chain(d -> executions.stats(agentId).map(e -> {
                    long runs = number(e[0]);
                    long ok = number(e[1]);
                    BigDecimal rate = runs == 0 ? null
                            : BigDecimal.valueOf(ok).divide(BigDecimal.valueOf(runs), 4, RoundingMode.HALF_UP);
                    Long average = e[3] == null ? null : Math.round(((Number) e[3]).doubleValue());
                    return new AgentStats(agentId, number(d[0]), number(d[1]), number(d[2]), (Instant) d[3], runs, ok,
                            number(e[2]), rate, average);
                }));
    }

    private static long number(Object value) {
        return value == null ? 0 : ((Number) value).longValue();
    }
}
