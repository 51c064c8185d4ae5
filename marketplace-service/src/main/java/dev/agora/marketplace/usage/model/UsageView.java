package dev.agora.marketplace.usage.model;

import java.math.BigDecimal;
import java.time.LocalDate;
import java.util.List;
import java.util.UUID;

import io.quarkus.runtime.annotations.RegisterForReflection;

/** My API usage between two UTC days: a row per day, endpoint and agent, and the totals. */
@RegisterForReflection
public record UsageView(LocalDate from, LocalDate to, List<Day> items, Totals totals) {

    @RegisterForReflection
    public record Day(LocalDate day, String method, String route, UUID agentId, long requests, long errors,
            BigDecimal meanLatencyMs, Long p95LatencyMs, long maxLatencyMs, BigDecimal costUsd) {
    }

    @RegisterForReflection
    public record Totals(long requests, long errors, BigDecimal costUsd) {
    }
}
