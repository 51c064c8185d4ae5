package dev.agora.k8s;

import static org.junit.jupiter.api.Assertions.fail;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The environment of a service's container as Kubernetes builds it: envFrom sources in order (a later one wins),
 * then env (which wins over envFrom). ConfigMap sources are resolved against the rendered ConfigMaps.
 */
final class Env {

    /** Where one variable comes from: a literal (value, possibly via a ConfigMap) or a Secret key. */
    record Source(String name, String value, String configMap, String secret, String secretKey, String field) {

        boolean fromSecret() {
            return secret != null;
        }

        boolean literal() {
            return value != null;
        }

        String describe() {
            if (secret != null) {
                return "Secret " + secret + (secretKey == null ? "" : " key " + secretKey);
            }
            if (configMap != null) {
                return "ConfigMap " + configMap + " = " + value;
            }
            if (field != null) {
                return "field " + field;
            }
            return "value " + value;
        }
    }

    private final String where;
    private final Map<String, Source> vars;
    /** Secrets imported whole (envFrom secretRef): their keys cannot be known offline. */
    private final List<String> wholeSecrets;

    private Env(String where, Map<String, Source> vars, List<String> wholeSecrets) {
        this.where = where;
        this.vars = vars;
        this.wholeSecrets = wholeSecrets;
    }

    static Env of(Rendered rendered, String service) {
        String where = rendered.overlay + "/" + service;
        Map<String, Object> container = rendered.container(service);
        Map<String, Source> vars = new LinkedHashMap<>();
        List<String> wholeSecrets = new ArrayList<>();
        for (Map<String, Object> from : Yaml.maps(container, "envFrom")) {
            String prefix = Yaml.str(from, "prefix") == null ? "" : Yaml.str(from, "prefix");
            String cmName = Yaml.str(from, "configMapRef", "name");
            String secretName = Yaml.str(from, "secretRef", "name");
            if (cmName != null) {
                Map<String, Object> cm = rendered.find("ConfigMap", cmName).orElseGet(() -> Yaml.isTrue(from,
                        "configMapRef", "optional") ? Map.of() : fail(where + ": envFrom names ConfigMap " + cmName
                                + ", which is not rendered"));
                Yaml.map(cm, "data").forEach((k, v) -> vars.put(prefix + k,
                        new Source(prefix + k, String.valueOf(v), cmName, null, null, null)));
            } else if (secretName != null) {
                wholeSecrets.add(secretName);
            }
        }
        for (Map<String, Object> e : Yaml.maps(container, "env")) {
            String name = Yaml.str(e, "name");
            if (e.containsKey("value")) {
                vars.put(name, new Source(name, Yaml.str(e, "value"), null, null, null, null));
            } else if (Yaml.at(e, "valueFrom", "secretKeyRef") != null) {
                vars.put(name, new Source(name, null, null, Yaml.str(e, "valueFrom", "secretKeyRef", "name"),
                        Yaml.str(e, "valueFrom", "secretKeyRef", "key"), null));
            } else if (Yaml.at(e, "valueFrom", "configMapKeyRef") != null) {
                String cmName = Yaml.str(e, "valueFrom", "configMapKeyRef", "name");
                String key = Yaml.str(e, "valueFrom", "configMapKeyRef", "key");
                Map<String, Object> cm = rendered.find("ConfigMap", cmName)
                        .orElseGet(() -> fail(where + ": " + name + " refers to ConfigMap " + cmName + ", not rendered"));
                Object value = Yaml.at(cm, "data", key);
                if (value == null) {
                    fail(where + ": " + name + " refers to key " + key + " missing from ConfigMap " + cmName);
                }
                vars.put(name, new Source(name, String.valueOf(value), cmName, null, null, null));
            } else if (Yaml.at(e, "valueFrom", "fieldRef") != null) {
                vars.put(name, new Source(name, null, null, null, null, Yaml.str(e, "valueFrom", "fieldRef", "fieldPath")));
            } else {
                vars.put(name, new Source(name, "", null, null, null, null));
            }
        }
        return new Env(where, vars, wholeSecrets);
    }

    Optional<Source> source(String name) {
        return Optional.ofNullable(vars.get(name));
    }

    Map<String, Source> all() {
        return vars;
    }

    List<String> wholeSecrets() {
        return wholeSecrets;
    }

    /** The literal value of a variable, failing if it is unset or not a literal. */
    String value(String name) {
        Source s = vars.get(name);
        if (s == null) {
            return fail(where + ": " + name + " is not set");
        }
        if (!s.literal()) {
            return fail(where + ": " + name + " should be a plain value (directly or from a ConfigMap), is from "
                    + s.describe());
        }
        return s.value();
    }

    boolean isSet(String name) {
        Source s = vars.get(name);
        return s != null && (s.fromSecret() || s.field() != null || (s.value() != null && !s.value().isBlank()));
    }
}
