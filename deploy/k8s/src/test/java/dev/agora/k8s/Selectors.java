package dev.agora.k8s;

import java.util.List;
import java.util.Map;

/** Kubernetes label selectors (matchLabels and matchExpressions) against a set of labels. */
final class Selectors {

    private Selectors() {
    }

    /** True if the selector selects the labels; an empty selector selects everything. */
    static boolean matches(Map<String, Object> selector, Map<String, Object> labels) {
        for (Map.Entry<String, Object> e : Yaml.map(selector, "matchLabels").entrySet()) {
            if (!String.valueOf(e.getValue()).equals(str(labels.get(e.getKey())))) {
                return false;
            }
        }
        for (Map<String, Object> expression : Yaml.maps(selector, "matchExpressions")) {
            String key = Yaml.str(expression, "key");
            String operator = Yaml.str(expression, "operator");
            List<String> values = Yaml.list(expression, "values").stream().map(String::valueOf).toList();
            String actual = str(labels.get(key));
            boolean ok = switch (operator) {
                case "In" -> actual != null && values.contains(actual);
                case "NotIn" -> actual == null || !values.contains(actual);
                case "Exists" -> actual != null;
                case "DoesNotExist" -> actual == null;
                default -> throw new IllegalArgumentException("unknown selector operator " + operator);
            };
            if (!ok) {
                return false;
            }
        }
        return true;
    }

    static boolean isEmpty(Map<String, Object> selector) {
        return Yaml.map(selector, "matchLabels").isEmpty() && Yaml.list(selector, "matchExpressions").isEmpty();
    }

    private static String str(Object o) {
        return o == null ? null : String.valueOf(o);
    }
}
