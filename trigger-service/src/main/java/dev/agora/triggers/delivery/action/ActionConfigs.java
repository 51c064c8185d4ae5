package dev.agora.triggers.delivery.action;

import java.net.URI;
import java.net.URISyntaxException;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

import com.fasterxml.jackson.databind.JsonNode;

import dev.agora.common.problem.FieldError;

/** Validation of each action type's settings; every flaw is named by its JSON path ({@code actions[0].config.url}). */
public final class ActionConfigs {
    public static final int DEFAULT_TIMEOUT_MS = 30_000;
    public static final int MAX_TIMEOUT_MS = 300_000;
    public static final Set<String> METHODS = Set.of("GET", "POST", "PUT", "PATCH", "DELETE");
    public static final Set<String> PRIORITIES = Set.of("low", "medium", "high", "critical");
    private static final Pattern HEADER_NAME = Pattern.compile("[!#$%&'*+.^_`|~0-9A-Za-z-]{1,100}");
    private static final Set<String> RESERVED_HEADERS = Set.of("host", "content-length", "transfer-encoding", "connection",
            "webhook-id", "webhook-timestamp", "webhook-signature");
    private static final Map<String, Set<String>> KEYS = Map.of(
            "rest", Set.of("url", "method", "headers", "body", "timeoutMs", "expectedStatusCodes", "authToken", "retry"),
            "telegram", Set.of("chatId", "message", "botToken", "timeoutMs", "retry"),
            "mcp", Set.of("serverUrl", "toolName", "arguments", "authToken", "headers", "timeoutMs", "retry"),
            "notification", Set.of("title", "message", "priority", "data", "retry"));

    private ActionConfigs() {
    }

    public static void validate(String type, JsonNode config, String path, List<FieldError> errors) {
        Set<String> keys = KEYS.get(type);
        if (keys == null || config == null || !config.isObject()) {
            return;
        }
        for (Iterator<String> names = config.fieldNames(); names.hasNext();) {
            String name = names.next();
            if (!keys.contains(name)) {
                errors.add(new FieldError(path + "." + name, "is not a setting of a " + type + " action"));
            }
        }
        RetryPolicy.validate(config.get("retry"), path + ".retry", errors);
        switch (type) {
            case "rest" -> {
                url(config.get("url"), path + ".url", errors);
                JsonNode method = config.get("method");
                if (method != null && (!method.isTextual() || !METHODS.contains(method.asText()))) {
                    errors.add(new FieldError(path + ".method", "must be one of GET, POST, PUT, PATCH, DELETE"));
                }
                headers(config.get("headers"), path + ".headers", errors);
                JsonNode body = config.get("body");
                if (body != null && !body.isNull()) {
                    template(body.isTextual() ? body.asText() : body.toString(), path + ".body", 16_384, errors);
                }
                timeout(config.get("timeoutMs"), path + ".timeoutMs", errors);
                expected(config.get("expectedStatusCodes"), path + ".expectedStatusCodes", errors);
                secretText(config.get("authToken"), path + ".authToken", errors);
            }
            case "telegram" -> {
                JsonNode chat = config.get("chatId");
                if (chat == null || !(chat.isIntegralNumber() || (chat.isTextual() && !chat.asText().isBlank()
                        && chat.asText().length() <= 100))) {
                    errors.add(new FieldError(path + ".chatId", "is required: a chat id (number) or @channelusername"));
                }
                requiredTemplate(config.get("message"), path + ".message", 4096, errors);
                secretText(config.get("botToken"), path + ".botToken", errors);
                timeout(config.get("timeoutMs"), path + ".timeoutMs", errors);
            }
            case "mcp" -> {
                url(config.get("serverUrl"), path + ".serverUrl", errors);
                JsonNode tool = config.get("toolName");
                if (tool == null || !tool.isTextual() || tool.asText().isBlank() || tool.asText().length() > 200) {
                    errors.add(new FieldError(path + ".toolName", "is required, the name of the tool to call"));
                }
                JsonNode arguments = config.get("arguments");
                if (arguments != null && !arguments.isNull()) {
                    if (!arguments.isObject()) {
                        errors.add(new FieldError(path + ".arguments", "must be an object (its texts may hold templates)"));
                    } else {
                        template(arguments.toString(), path + ".arguments", 16_384, errors);
                    }
                }
                headers(config.get("headers"), path + ".headers", errors);
                secretText(config.get("authToken"), path + ".authToken", errors);
                timeout(config.get("timeoutMs"), path + ".timeoutMs", errors);
            }
            case "notification" -> {
                optionalTemplate(config.get("title"), path + ".title", 200, errors);
                optionalTemplate(config.get("message"), path + ".message", 2000, errors);
                JsonNode priority = config.get("priority");
                if (priority != null && (!priority.isTextual() || !PRIORITIES.contains(priority.asText()))) {
                    errors.add(new FieldError(path + ".priority", "must be one of low, medium, high, critical"));
                }
                JsonNode data = config.get("data");
                if (data != null && !data.isNull()) {
                    if (!data.isObject()) {
                        errors.add(new FieldError(path + ".data", "must be an object (its texts may hold templates)"));
                    } else {
                        template(data.toString(), path + ".data", 8192, errors);
                    }
                }
            }
            default -> {
            }
        }
    }

    /** Whether a setting of this name holds a secret: sealed at rest, masked in responses. */
    public static boolean isSecretName(String name) {
        String lower = name.toLowerCase(Locale.ROOT);
        return lower.contains("token") || lower.contains("secret") || lower.contains("password")
                || lower.contains("authorization") || lower.contains("apikey") || lower.contains("api_key")
                || lower.contains("api-key") || lower.contains("cookie");
    }

    /**
     * The setting holding the address an action's secrets are sent to ({@code url} of rest, {@code serverUrl} of mcp),
     * or null when the address is fixed (Telegram's Bot API) or there is none.
     */
    public static String addressSetting(String type) {
        return switch (type) {
            case "rest" -> "url";
            case "mcp" -> "serverUrl";
            default -> null;
        };
    }

    private static void url(JsonNode node, String path, List<FieldError> errors) {
        if (node == null || !node.isTextual() || node.asText().length() > 2048) {
            errors.add(new FieldError(path, "is required, an absolute http(s) URL"));
            return;
        }
        try {
            URI uri = new URI(node.asText());
            String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
            if (!(scheme.equals("http") || scheme.equals("https")) || uri.getHost() == null || uri.getUserInfo() != null) {
                errors.add(new FieldError(path, "must be an absolute http(s) URL with a host and no user info"));
            }
        } catch (URISyntaxException e) {
            errors.add(new FieldError(path, "is not a valid URL"));
        }
    }

    private static void headers(JsonNode node, String path, List<FieldError> errors) {
        if (node == null || node.isNull()) {
            return;
        }
        if (!node.isObject() || node.size() > 30) {
            errors.add(new FieldError(path, "must be an object of at most 30 header names and text values"));
            return;
        }
        node.fields().forEachRemaining(header -> {
            String name = header.getKey();
            if (!HEADER_NAME.matcher(name).matches() || RESERVED_HEADERS.contains(name.toLowerCase(Locale.ROOT))) {
                errors.add(new FieldError(path + "." + name, "is not a header name you may set"));
            } else if (!header.getValue().isTextual() || header.getValue().asText().length() > 4096) {
                errors.add(new FieldError(path + "." + name, "must be a text of at most 4096 characters"));
            } else {
                template(header.getValue().asText(), path + "." + name, 4096, errors);
            }
        });
    }

    private static void requiredTemplate(JsonNode node, String path, int max, List<FieldError> errors) {
        if (node == null || !node.isTextual() || node.asText().isBlank()) {
            errors.add(new FieldError(path, "is required, a text (it may hold templates)"));
            return;
        }
        template(node.asText(), path, max, errors);
    }

    private static void optionalTemplate(JsonNode node, String path, int max, List<FieldError> errors) {
        if (node == null || node.isNull()) {
            return;
        }
        if (!node.isTextual()) {
            errors.add(new FieldError(path, "must be a text (it may hold templates)"));
            return;
        }
        template(node.asText(), path, max, errors);
    }

    private static void template(String text, String path, int max, List<FieldError> errors) {
        if (text.length() > max) {
            errors.add(new FieldError(path, "must be at most " + max + " characters"));
        }
        List<String> unknown = Templates.unknownVariables(text);
        if (!unknown.isEmpty()) {
            errors.add(new FieldError(path, "uses unknown template variable(s) " + unknown
                    + "; the variables available are listed in docs/TRIGGERS.md (Templates)"));
        }
    }

    private static void secretText(JsonNode node, String path, List<FieldError> errors) {
        if (node != null && !node.isNull() && (!node.isTextual() || node.asText().isBlank() || node.asText().length() > 4096)) {
            errors.add(new FieldError(path, "must be a non-blank text"));
        }
    }

    private static void timeout(JsonNode node, String path, List<FieldError> errors) {
        if (node != null && (!node.isIntegralNumber() || node.longValue() < 1 || node.longValue() > MAX_TIMEOUT_MS)) {
            errors.add(new FieldError(path, "must be a whole number of milliseconds from 1 to " + MAX_TIMEOUT_MS));
        }
    }

    private static void expected(JsonNode node, String path, List<FieldError> errors) {
        if (node == null || node.isNull()) {
            return;
        }
        if (!node.isArray() || node.isEmpty() || node.size() > 50) {
            errors.add(new FieldError(path, "must be a list of 1 to 50 HTTP status codes"));
            return;
        }
        for (int i = 0; i < node.size(); i++) {
            JsonNode code = node.get(i);
            if (!code.isIntegralNumber() || code.intValue() < 100 || code.intValue() > 599) {
                errors.add(new FieldError(path + "[" + i + "]", "must be an HTTP status code from 100 to 599"));
            }
        }
    }
}
