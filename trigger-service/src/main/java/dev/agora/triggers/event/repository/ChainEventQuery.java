package dev.agora.triggers.event.repository;

/** Filters of {@code GET /api/triggers/events} ({@code from}/{@code to}: block time in unix seconds) and the keyset. */
public record ChainEventQuery(String agentId, Long chainId, String registry, String eventType, Long from, Long to,
        Long afterTimestamp, String afterId, int limit) {
}
