package dev.agora.agents.run.service;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * The headers a call to an agent's endpoint carries: the endpoint's own {@code headers} and its
 * {@code authentication} ({@code bearer}: {@code config.token}; {@code api-key}: {@code config.key} (or
 * {@code apiKey}, {@code token}) in {@code config.header}, default {@code X-Api-Key}; {@code basic}:
 * {@code config.username} and {@code config.password}). Built from the opened endpoint, never stored.
 */
public final class EndpointHeaders {
    private EndpointHeaders() {
    }

    public static Map<String, String> of(JsonNode endpoint) {
        Map<String, String> headers = new LinkedHashMap<>();
        endpoint.path("headers").fields().forEachRemaining(header -> {
            if (header.getValue().isTextual()) {
                headers.put(header.getKey(), header.getValue().asText());
            }
        });
        JsonNode authentication = endpoint.path("authentication");
        JsonNode config = authentication.path("config");
        switch (authentication.path("type").asText("")) {
            case "bearer" -> text(config, "token").ifPresent(token -> headers.put(header(config, "Authorization"),
                    token.regionMatches(true, 0, "Bearer ", 0, 7) ? token : "Bearer " + token));
            case "api-key" -> text(config, "key").or(() -> text(config, "apiKey")).or(() -> text(config, "token"))
                    .ifPresent(key -> headers.put(header(config, "X-Api-Key"), key));
            case "basic" -> headers.put("Authorization", "Basic " + Base64.getEncoder().encodeToString(
                    (text(config, "username").orElse("") + ":" + text(config, "password").orElse(""))
                            .getBytes(StandardCharsets.UTF_8)));
            default -> {
            }
        }
        return headers;
    }

    private static String header(JsonNode config, String fallback) {
        return text(config, "header").orElse(fallback);
    }

    private static Optional<String> text(JsonNode config, String field) {
        JsonNode value = config.path(field);
        return value.isTextual() && !value.asText().isEmpty() ? Optional.of(value.asText())
                : Optional.empty();
    }
}
