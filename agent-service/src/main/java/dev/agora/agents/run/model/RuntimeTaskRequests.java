package dev.agora.agents.run.model;

import java.util.List;

import com.fasterxml.jackson.databind.JsonNode;

import io.quarkus.runtime.annotations.RegisterForReflection;

/** What a deployed agent's runtime sends about the task it holds; {@code leaseToken} is the one its claim answered. */
public final class RuntimeTaskRequests {
    private RuntimeTaskRequests() {
    }

    @RegisterForReflection
    public record Lease(String leaseToken) {
    }

    /** A step: {@code status}, {@code thought} or {@code output}, with its text and optional structured data. */
    @RegisterForReflection
    public record Progress(String leaseToken, String kind, String text, JsonNode data) {
    }

    @RegisterForReflection
    public record Question(String leaseToken, String question) {
    }

    /** The result: its text, its structured parts, its files by URI; at least one of them. */
    @RegisterForReflection
    public record Result(String leaseToken, String text, List<JsonNode> data, List<File> files) {
    }

    @RegisterForReflection
    public record File(String uri, String name, String mimeType) {
    }

    @RegisterForReflection
    public record Failure(String leaseToken, String reason) {
    }
}
