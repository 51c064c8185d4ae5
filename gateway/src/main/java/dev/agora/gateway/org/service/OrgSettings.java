package dev.agora.gateway.org.service;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;

import dev.agora.common.problem.FieldError;
import dev.agora.common.problem.ProblemException;

/**
 * The {@code settings} of an organization: a JSON object, free-form except for the keys the platform
 * reads: {@code theme} ({@code light} or {@code dark}), {@code features} (strings) and {@code limits}
 * (non-negative whole numbers, e.g. {@code maxAgents}). At most 16 KiB.
 */
final class OrgSettings {
    static final String FIELD = "settings";
    private static final int MAX_CHARACTERS = 16 * 1024;

    private OrgSettings() {
    }

    /** @return the settings to store ({@code {}} for null); throws a 400 naming each bad field */
    static ObjectNode validate(JsonNode settings) {
        if (settings == null || settings.isNull()) {
            return JsonNodeFactory.instance.objectNode();
        }
        if (!settings.isObject()) {
            throw ProblemException.badRequest(FIELD, "must be a JSON object");
        }
        List<FieldError> errors = new ArrayList<>();
        if (settings.toString().length() > MAX_CHARACTERS) {
            errors.add(new FieldError(FIELD, "must be at most " + MAX_CHARACTERS + " characters of JSON"));
        }
        JsonNode theme = settings.get("theme");
        if (theme != null && !(theme.isTextual() && (theme.asText().equals("light") || theme.asText().equals("dark")))) {
            errors.add(new FieldError(FIELD + ".theme", "must be light or dark"));
        }
        JsonNode features = settings.get("features");
        if (features != null && !(features.isArray() && allText(features))) {
            errors.add(new FieldError(FIELD + ".features", "must be an array of strings"));
        }
        JsonNode limits = settings.get("limits");
        if (limits != null) {
            if (!limits.isObject()) {
                errors.add(new FieldError(FIELD + ".limits", "must be a JSON object"));
            } else {
                for (Iterator<Map.Entry<String, JsonNode>> it = limits.fields(); it.hasNext();) {
                    Map.Entry<String, JsonNode> limit = it.next();
                    JsonNode value = limit.getValue();
                    if (!(value.isIntegralNumber() && value.canConvertToLong() && value.asLong() >= 0)) {
                        errors.add(new FieldError(FIELD + ".limits." + limit.getKey(), "must be a whole number, 0 or more"));
                    }
                }
            }
        }
        if (!errors.isEmpty()) {
            throw ProblemException.invalid(errors);
        }
        return (ObjectNode) settings;
    }

    private static boolean allText(JsonNode array) {
        for (JsonNode item : array) {
            if (!item.isTextual()) {
                return false;
            }
        }
        return true;
    }
}
