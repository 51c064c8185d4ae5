package dev.agora.triggers.engine;

/** A flaw in a trigger definition, at its JSON path ({@code conditions.all[0].config.window_size}). */
public record DefinitionError(String path, String message) {
}
