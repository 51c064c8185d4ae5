package dev.agora.marketplace.usage.consumers;

import java.math.BigDecimal;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Set;
import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;

import com.fasterxml.jackson.databind.JsonNode;

import dev.agora.common.events.IncomingEvent;
import dev.agora.marketplace.projection.EventProjection;
import dev.agora.marketplace.usage.repository.UsageRepository;
import io.smallrye.mutiny.Uni;

/**
 * {@code usage.v1} → daily aggregates per user, endpoint (method + route template) and agent. Records without a
 * principal (anonymous or refused at the edge) belong to nobody and are skipped. {@code agentId} and {@code costUsd}
 * are optional (without them the agent is none and the cost 0). A deployed agent's own calls ({@code agent_runtime},
 * whose principal is a token digest, not a user) count as its owner's usage, through the catalog's record of the
 * agent; one naming no agent, or an agent this service has not heard of, belongs to nobody.
 */
@ApplicationScoped
public class UsageProjection implements EventProjection {
    static final String RECORDED = "agora.usage.recorded.v1";
    static final String AGENT_RUNTIME = "agent_runtime";
    private static final int ROUTE_LENGTH = 255;
    private static final int METHOD_LENGTH = 10;

    private final UsageRepository usage;

    public UsageProjection(UsageRepository usage) {
        this.usage = usage;
    }

    @Override
    public String topic() {
        return "usage.v1";
    }

    @Override
    public Set<String> types() {
        return Set.of(RECORDED);
    }

    @Override
    public Uni<Void> apply(IncomingEvent event) {
        String principal = event.text("principal");
        if (principal == null) {
            return Uni.createFrom().voidItem();
        }
        UUID agentId = event.text("agentId") == null ? null : event.requiredUuid("agentId");
        if (AGENT_RUNTIME.equals(event.text("principalType"))) {
            if (agentId == null) {
                return Uni.createFrom().voidItem();
            }
            return usage.ownerOf(agentId).chain(owner -> owner == null ? Uni.createFrom().voidItem()
                    : add(event, owner, agentId));
        }
        return add(event, event.requiredUuid("principal"), agentId);
    }

    private Uni<Void> add(IncomingEvent event, UUID userId, UUID agentId) {
        Instant at = event.requiredInstant("at");
        long status = event.requiredLong("status");
        long durationMs = event.requiredLong("durationMs");
        if (durationMs < 0) {
            throw event.poison("has a negative durationMs");
        }
        String route = event.requiredText("route");
        String method = event.requiredText("method");
        return usage.add(new UsageRepository.Request(userId, at.atOffset(ZoneOffset.UTC).toLocalDate(),
                method.length() > METHOD_LENGTH ? method.substring(0, METHOD_LENGTH) : method,
                route.length() > ROUTE_LENGTH ? route.substring(0, ROUTE_LENGTH) : route,
                agentId, status >= 400, durationMs, cost(event), at));
    }

    private static BigDecimal cost(IncomingEvent event) {
        JsonNode cost = event.data().path("costUsd");
        if (cost.isMissingNode() || cost.isNull()) {
            return BigDecimal.ZERO;
        }
        try {
            BigDecimal value = new BigDecimal(cost.asText());
            if (value.signum() < 0) {
                throw event.poison("has a negative costUsd");
            }
            return value;
        } catch (NumberFormatException e) {
            throw event.poison("has a costUsd that is not a number");
        }
    }
}
