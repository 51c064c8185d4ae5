package dev.agora.k8s;

import java.util.List;
import java.util.Map;

/** Null-tolerant navigation in parsed YAML (maps, lists, scalars). */
final class Yaml {

    private Yaml() {
    }

    /** The value at the path (map keys, or list indexes as numbers), or null where anything is missing. */
    static Object at(Object node, Object... path) {
        Object current = node;
        for (Object step : path) {
            if (current instanceof Map<?, ?> map && step instanceof String key) {
                current = map.get(key);
            } else if (current instanceof List<?> list && step instanceof Integer index) {
                current = index < list.size() ? list.get(index) : null;
            } else {
                return null;
            }
        }
        return current;
    }

    @SuppressWarnings("unchecked")
    static Map<String, Object> map(Object node, Object... path) {
        Object value = at(node, path);
        return value instanceof Map<?, ?> m ? (Map<String, Object>) m : Map.of();
    }

    @SuppressWarnings("unchecked")
    static List<Object> list(Object node, Object... path) {
        Object value = at(node, path);
        return value instanceof List<?> l ? (List<Object>) l : List.of();
    }

    @SuppressWarnings("unchecked")
    static List<Map<String, Object>> maps(Object node, Object... path) {
        return list(node, path).stream().filter(Map.class::isInstance).map(o -> (Map<String, Object>) o).toList();
    }

    static String str(Object node, Object... path) {
        Object value = at(node, path);
        return value == null ? null : String.valueOf(value);
    }

    static Integer integer(Object node, Object... path) {
        Object value = at(node, path);
        if (value instanceof Number n) {
            return n.intValue();
        }
        if (value instanceof String s && s.matches("-?\\d+")) {
            return Integer.valueOf(s);
        }
        return null;
    }

    static Long longValue(Object node, Object... path) {
        Object value = at(node, path);
        if (value instanceof Number n) {
            return n.longValue();
        }
        if (value instanceof String s && s.matches("-?\\d+")) {
            return Long.valueOf(s);
        }
        return null;
    }

    static boolean isTrue(Object node, Object... path) {
        return Boolean.TRUE.equals(at(node, path)) || "true".equals(at(node, path));
    }

    static String name(Map<String, Object> resource) {
        return str(resource, "metadata", "name");
    }

    static String kind(Map<String, Object> resource) {
        return str(resource, "kind");
    }

    static Map<String, Object> labels(Map<String, Object> resource) {
        return map(resource, "metadata", "labels");
    }
}
