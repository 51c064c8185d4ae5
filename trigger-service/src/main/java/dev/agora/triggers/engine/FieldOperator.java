package dev.agora.triggers.engine;

import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;

/** The comparisons of a {@code field} condition: {@code actual} is the event's value (null when absent). */
public enum FieldOperator {
    EQUALS("equals"), NOT_EQUALS("not_equals"), GT("gt"), GTE("gte"), LT("lt"), LTE("lte"), CONTAINS("contains"),
    STARTS_WITH("starts_with"), IN("in"), EXISTS("exists");

    public static final String NAMES = "equals, not_equals, gt, gte, lt, lte, contains, starts_with, in, exists";
    private static final Map<String, FieldOperator> BY_NAME = Map.of("equals", EQUALS, "not_equals", NOT_EQUALS, "gt", GT,
            "gte", GTE, "lt", LT, "lte", LTE, "contains", CONTAINS, "starts_with", STARTS_WITH, "in", IN, "exists", EXISTS);

    public final String name;

    FieldOperator(String name) {
        this.name = name;
    }

    public static FieldOperator of(String name) {
        return name == null ? null : BY_NAME.get(name.strip());
    }

    public boolean test(JsonNode actual, JsonNode expected) {
        return switch (this) {
            case EXISTS -> (actual != null) == (expected == null || expected.asBoolean(true));
            case EQUALS -> actual != null && same(actual, expected);
            case NOT_EQUALS -> actual == null || !same(actual, expected);
            case GT -> compare(actual, expected, Operator.GT);
            case GTE -> compare(actual, expected, Operator.GTE);
            case LT -> compare(actual, expected, Operator.LT);
            case LTE -> compare(actual, expected, Operator.LTE);
            case CONTAINS -> contains(actual, expected);
            case STARTS_WITH -> actual != null && actual.isTextual() && actual.asText().startsWith(expected.asText());
            case IN -> actual != null && inArray(expected, actual);
        };
    }

    private static boolean same(JsonNode actual, JsonNode expected) {
        Double left = actual.isNumber() ? actual.doubleValue() : null;
        Double right = expected.isNumber() ? expected.doubleValue() : null;
        if (left != null && right != null) {
            return left.equals(right);
        }
        if (actual.isValueNode() && expected.isValueNode() && !actual.isNumber() && !expected.isNumber()) {
            return actual.asText().equals(expected.asText());
        }
        return actual.equals(expected);
    }

    private static boolean compare(JsonNode actual, JsonNode expected, Operator operator) {
        Double left = Conditions.number(actual);
        Double right = Conditions.number(expected);
        return left != null && right != null && operator.compare(left, right);
    }

    private static boolean contains(JsonNode actual, JsonNode expected) {
        if (actual == null) {
            return false;
        }
        if (actual.isArray()) {
            for (JsonNode item : actual) {
                if (same(item, expected)) {
                    return true;
                }
            }
            return false;
        }
        return actual.isTextual() && actual.asText().contains(expected.asText());
    }

    private static boolean inArray(JsonNode candidates, JsonNode actual) {
        for (JsonNode candidate : candidates) {
            if (same(actual, candidate)) {
                return true;
            }
        }
        return false;
    }
}
