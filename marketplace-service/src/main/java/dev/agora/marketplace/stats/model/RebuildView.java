package dev.agora.marketplace.stats.model;

import java.time.Instant;

import io.quarkus.runtime.annotations.RegisterForReflection;

/** What a rebuild recomputed; the boards it marked are recomputed by the refresher within seconds. */
@RegisterForReflection
public record RebuildView(long agentStats, long activityBuckets, long boardsMarked, Instant rebuiltAt) {
}
