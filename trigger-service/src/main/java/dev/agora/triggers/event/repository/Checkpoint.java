package dev.agora.triggers.event.repository;

import java.time.Instant;

/** The last block an indexer processed on a chain. */
public record Checkpoint(long chainId, long lastBlockNumber, String lastBlockHash, Instant updatedAt) {
}
