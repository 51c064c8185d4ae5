package dev.agora.common.problem;

/** One invalid field of a request, by its JSON path (e.g. {@code llmConfig.parameters.temperature}). */
public record FieldError(String field, String message) {
}
