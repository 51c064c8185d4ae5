package dev.agora.common.problem;

import io.quarkus.runtime.annotations.RegisterForReflection;

/** One invalid field of a request, by its JSON path (e.g. {@code llmConfig.parameters.temperature}). */
@RegisterForReflection
public record FieldError(String field, String message) {
}
