package dev.agora.gateway.usage;

import java.math.BigDecimal;
import java.time.Instant;

import io.quarkus.runtime.annotations.RegisterForReflection;

/** {@code agora.usage.recorded.v1}: one request seen at the edge. */
@RegisterForReflection
public record UsageRecord(String requestId, String principal, String principalType, String apiKeyId, String route,
        String method, int status, long durationMs, Instant at, String agentId, BigDecimal costUsd) {
    public static final String TYPE = "agora.usage.recorded.v1";
}
