package dev.agora.triggers.event.service;

import java.util.List;

import dev.agora.common.problem.FieldError;
import io.quarkus.runtime.annotations.RegisterForReflection;

/**
 * The answer to a posted batch: {@code accepted} new events (stored and evaluated), {@code duplicates} (ids already
 * stored or repeated in the batch: ignored, not evaluated again), {@code rejected} invalid ones with their errors.
 */
@RegisterForReflection
public record IngestResult(int received, int accepted, int duplicates, int rejected, int firings,
        List<String> acceptedIds, List<String> duplicateIds, List<FieldError> errors) {
}
