package dev.agora.triggers.engine;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * Turns a trigger's {@code filter} (a list of stateless leaves that must all hold) and {@code conditions} (a tree of
 * {@code all} / {@code any} / {@code not} nodes and leaves; a list means {@code all}) into engine nodes, collecting
 * every flaw with its JSON path instead of stopping at the first.
 */
public final class DefinitionParser {
    public static final int MAX_DEPTH = 10;
    public static final int MAX_LEAVES = 50;
    public static final int MAX_RATE_VALUE = 100_000;
    public static final int MAX_EMA_WINDOW = 1000;
    public static final Set<String> TYPES = new LinkedHashSet<>(List.of("agent_id_equals", "event_type_equals",
            "tag_equals", "score_threshold", "validator_whitelist", "file_uri_exists", "ema_threshold", "rate_limit", "field"));
    private static final Pattern FIELD_PATH = Pattern.compile("^[A-Za-z0-9_-]+(\\.[A-Za-z0-9_-]+){0,9}$");
    private static final Map<String, Set<String>> KEYS = Map.of(
            "agent_id_equals", Set.of("type", "value"),
            "event_type_equals", Set.of("type", "value"),
            "tag_equals", Set.of("type", "value"),
            "score_threshold", Set.of("type", "operator", "value", "field"),
            "validator_whitelist", Set.of("type", "value"),
            "file_uri_exists", Set.of("type"),
            "ema_threshold", Set.of("type", "operator", "value", "field", "config"),
            "rate_limit", Set.of("type", "operator", "value", "config"),
            "field", Set.of("type", "path", "operator", "value"));
    private static final Map<String, Set<String>> CONFIG_KEYS = Map.of(
            "ema_threshold", Set.of("window_size"),
            "rate_limit", Set.of("time_window", "reset_on_trigger"));

    private final List<DefinitionError> errors = new ArrayList<>();
    private int leaves;

    /** A parsed definition; usable only when {@code errors} is empty. */
    public record Parsed(List<Node.Leaf> filter, Node root, List<DefinitionError> errors) {
        public boolean isValid() {
            return errors.isEmpty();
        }
    }

    public static Parsed parse(JsonNode filter, JsonNode conditions) {
        return new DefinitionParser().run(filter, conditions);
    }

    private Parsed run(JsonNode filter, JsonNode conditions) {
        List<Node.Leaf> filterLeaves = new ArrayList<>();
        if (filter != null && !filter.isNull()) {
            if (!filter.isArray()) {
                error("filter", "must be a list of conditions");
            } else {
                for (int i = 0; i < filter.size(); i++) {
                    String path = "filter[" + i + "]";
                    Node.Leaf leaf = leaf(filter.get(i), path);
                    if (leaf != null && leaf.isStateful()) {
                        error(path + ".type", leaf.type() + " keeps state and cannot be used in the filter (use conditions)");
                    } else if (leaf != null) {
                        filterLeaves.add(leaf);
                    }
                }
            }
        }
        Node root = null;
        if (conditions != null && !conditions.isNull()) {
            root = conditions.isArray() ? group("conditions", "all", conditions, 1) : node(conditions, "conditions", 1);
        }
        return new Parsed(filterLeaves, root, List.copyOf(errors));
    }

    private Node node(JsonNode json, String path, int depth) {
        if (depth > MAX_DEPTH) {
            error(path, "conditions are nested deeper than " + MAX_DEPTH + " levels");
            return null;
        }
        if (json == null || !json.isObject()) {
            error(path, "must be a condition object: {\"all\": [...]}, {\"any\": [...]}, {\"not\": {...}} or {\"type\": ...}");
            return null;
        }
        for (String group : List.of("all", "any", "not")) {
            if (json.has(group)) {
                if (json.size() != 1) {
                    error(path, "a '" + group + "' node has no other keys");
                    return null;
                }
                String childPath = path + "." + group;
                if ("not".equals(group)) {
                    Node child = node(json.get("not"), childPath, depth + 1);
                    return child == null ? null : new Node.Not(path, child);
                }
                return group(childPath, group, json.get(group), depth + 1);
            }
        }
        return leaf(json, path);
    }

    /** {@code path} is the path of the list itself; the node is named after it. */
    private Node group(String path, String kind, JsonNode list, int depth) {
        if (list == null || !list.isArray() || list.isEmpty()) {
            error(path, "must be a non-empty list of conditions");
            return null;
        }
        List<Node> children = new ArrayList<>();
        boolean complete = true;
        for (int i = 0; i < list.size(); i++) {
            Node child = node(list.get(i), path + "[" + i + "]", depth);
            complete &= child != null;
            children.add(child);
        }
        if (!complete) {
            return null;
        }
        return "all".equals(kind) ? new Node.All(path, children) : new Node.Any(path, children);
    }

    private Node.Leaf leaf(JsonNode json, String path) {
        if (json == null || !json.isObject()) {
            error(path, "must be a condition object with a type");
            return null;
        }
        if (++leaves > MAX_LEAVES) {
            error(path, "a trigger has at most " + MAX_LEAVES + " conditions");
            return null;
        }
        JsonNode typeNode = json.get("type");
        if (typeNode == null || !typeNode.isTextual()) {
            error(path + ".type", "is required, one of " + String.join(", ", TYPES));
            return null;
        }
        String type = typeNode.asText();
        if (!TYPES.contains(type)) {
            error(path + ".type", "unknown condition type '" + type + "', expected one of " + String.join(", ", TYPES));
            return null;
        }
        int before = errors.size();
        for (Iterator<String> names = json.fieldNames(); names.hasNext();) {
            String name = names.next();
            if (!KEYS.get(type).contains(name)) {
                error(path + "." + name, "is not a property of a " + type + " condition");
            }
        }
        Condition condition = switch (type) {
            case "agent_id_equals" -> new Conditions.AgentIdEquals(requiredScalar(json, path));
            case "event_type_equals" -> new Conditions.EventTypeEquals(requiredText(json, "value", path));
            case "tag_equals" -> new Conditions.TagEquals(requiredText(json, "value", path));
            case "score_threshold" -> new Conditions.ScoreThreshold(fieldPath(json, path, "score"), operator(json, path),
                    number(json, path));
            case "validator_whitelist" -> new Conditions.ValidatorWhitelist(addresses(json, path));
            case "file_uri_exists" -> new Conditions.FileUriExists();
            case "ema_threshold" -> ema(json, path);
            case "rate_limit" -> rate(json, path);
            default -> field(json, path);
        };
        return errors.size() == before ? new Node.Leaf(path, type, condition) : null;
    }

    private Condition ema(JsonNode json, String path) {
        JsonNode config = config(json, path, "ema_threshold");
        int window = 0;
        if (config != null) {
            JsonNode size = config.get("window_size");
            if (size == null || !size.canConvertToInt() || !size.isIntegralNumber() || size.intValue() < 1
                    || size.intValue() > MAX_EMA_WINDOW) {
                error(path + ".config.window_size", "is required, a whole number from 1 to " + MAX_EMA_WINDOW
                        + " (alpha = 2/(window_size+1))");
            } else {
                window = size.intValue();
            }
        }
        return new Conditions.EmaThreshold(fieldPath(json, path, "score"), window, operator(json, path), number(json, path));
    }

    private Condition rate(JsonNode json, String path) {
        JsonNode config = config(json, path, "rate_limit");
        long window = 0;
        boolean reset = false;
        if (config != null) {
            JsonNode windowNode = config.get("time_window");
            window = windowNode != null && windowNode.isTextual() ? TimeWindows.parseMillis(windowNode.asText()) : -1;
            if (window < 0) {
                error(path + ".config.time_window", "is required, a number and a unit s, m, h or d (e.g. 30s, 15m, 1h, 1d),"
                        + " at most 30d");
            }
            JsonNode resetNode = config.get("reset_on_trigger");
            if (resetNode != null && !resetNode.isBoolean()) {
                error(path + ".config.reset_on_trigger", "must be true or false");
            } else if (resetNode != null) {
                reset = resetNode.booleanValue();
            }
        }
        Operator operator = operator(json, path);
        JsonNode value = json.get("value");
        long count = 0;
        if (value == null || !value.isIntegralNumber() || value.longValue() < 0 || value.longValue() > MAX_RATE_VALUE) {
            error(path + ".value", "is required, a whole number of events from 0 to " + MAX_RATE_VALUE);
        } else {
            count = value.longValue();
        }
        return new Conditions.RateLimit(window, operator, count, reset);
    }

    private Condition field(JsonNode json, String path) {
        JsonNode pathNode = json.get("path");
        String fieldPath = null;
        if (pathNode == null || !pathNode.isTextual() || !FIELD_PATH.matcher(pathNode.asText()).matches()) {
            error(path + ".path", "is required, a dotted path of field names (e.g. deployment.status)");
        } else {
            fieldPath = pathNode.asText();
        }
        JsonNode operatorNode = json.get("operator");
        FieldOperator operator = operatorNode != null && operatorNode.isTextual() ? FieldOperator.of(operatorNode.asText()) : null;
        if (operator == null) {
            error(path + ".operator", "is required, one of " + FieldOperator.NAMES);
            return null;
        }
        JsonNode value = json.get("value");
        switch (operator) {
            case EXISTS -> {
                if (value != null && !value.isBoolean()) {
                    error(path + ".value", "must be true or false (default true) for exists");
                }
            }
            case IN -> {
                if (value == null || !value.isArray() || value.isEmpty() || !allScalars(value)) {
                    error(path + ".value", "is required, a non-empty list of values for in");
                }
            }
            case GT, GTE, LT, LTE -> {
                if (value == null || !value.isNumber()) {
                    error(path + ".value", "is required, a number for " + operator.name);
                }
            }
            case STARTS_WITH -> {
                if (value == null || !value.isTextual()) {
                    error(path + ".value", "is required, a text for starts_with");
                }
            }
            default -> {
                if (value == null || value.isNull() || value.isContainerNode()) {
                    error(path + ".value", "is required, a text, number or boolean for " + operator.name);
                }
            }
        }
        return new Conditions.FieldCondition(fieldPath, operator, value);
    }

    private JsonNode config(JsonNode json, String path, String type) {
        JsonNode config = json.get("config");
        if (config == null || !config.isObject()) {
            error(path + ".config", "is required for " + type);
            return null;
        }
        for (Iterator<String> names = config.fieldNames(); names.hasNext();) {
            String name = names.next();
            if (!CONFIG_KEYS.get(type).contains(name)) {
                String hint = "alpha".equals(name) ? " (alpha is derived: 2/(window_size+1))" : "";
                error(path + ".config." + name, "is not a setting of " + type + hint);
            }
        }
        return config;
    }

    private Operator operator(JsonNode json, String path) {
        JsonNode node = json.get("operator");
        Operator operator = node != null && node.isTextual() ? Operator.of(node.asText()) : null;
        if (operator == null) {
            error(path + ".operator", "is required, one of " + Operator.SYMBOLS);
        }
        return operator;
    }

    private double number(JsonNode json, String path) {
        JsonNode value = json.get("value");
        if (value == null || !value.isNumber()) {
            error(path + ".value", "is required, a number");
            return 0;
        }
        return value.doubleValue();
    }

    private String fieldPath(JsonNode json, String path, String fallback) {
        JsonNode field = json.get("field");
        if (field == null) {
            return fallback;
        }
        if (!field.isTextual() || !FIELD_PATH.matcher(field.asText()).matches()) {
            error(path + ".field", "must be a dotted path of field names (default " + fallback + ")");
            return fallback;
        }
        return field.asText();
    }

    private String requiredText(JsonNode json, String name, String path) {
        JsonNode value = json.get(name);
        if (value == null || !value.isTextual() || value.asText().isBlank() || value.asText().length() > 500) {
            error(path + "." + name, "is required, a non-blank text of at most 500 characters");
            return null;
        }
        return value.asText();
    }

    /** An id given as text or as a whole number (chain agent ids are numbers). */
    private String requiredScalar(JsonNode json, String path) {
        JsonNode value = json.get("value");
        if (value != null && value.isIntegralNumber()) {
            return value.asText();
        }
        return requiredText(json, "value", path);
    }

    private Set<String> addresses(JsonNode json, String path) {
        JsonNode value = json.get("value");
        List<String> addresses = new ArrayList<>();
        if (value != null && value.isTextual()) {
            for (String part : value.asText().split(",")) {
                if (!part.isBlank()) {
                    addresses.add(part.strip());
                }
            }
        } else if (value != null && value.isArray()) {
            value.forEach(item -> addresses.add(item.isTextual() ? item.asText().strip() : ""));
        }
        if (addresses.isEmpty() || addresses.stream().anyMatch(a -> a.isBlank() || a.length() > 100)) {
            error(path + ".value", "is required, a list of validator addresses (or one comma-separated text)");
            return Set.of();
        }
        return Set.copyOf(addresses);
    }

    private static boolean allScalars(JsonNode array) {
        for (JsonNode item : array) {
            if (item.isContainerNode() || item.isNull()) {
                return false;
            }
        }
        return true;
    }

    private void error(String path, String message) {
        errors.add(new DefinitionError(path, message));
    }
}
