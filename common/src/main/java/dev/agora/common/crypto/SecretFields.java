package dev.agora.common.crypto;

import java.util.ArrayList;
import java.util.List;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import dev.agora.common.problem.FieldError;

/**
 * The secret fields of a JSON object (a trigger action's settings, an agent's endpoint) under one {@link SecretFieldRule}:
 * sealed from what an API caller sends, opened to be used, masked in every answer, sealed again when keys rotate.
 * Only text fields the rule names are ever opened; any other field is plain text, whatever it looks like.
 */
public final class SecretFields {
    /** What answers show in place of a secret; sent back, it keeps the stored secret (see {@link #sealSent}). */
    public static final String MASK = "********";

    private final SecretCipher cipher;
    private final SecretFieldRule rule;

    public SecretFields(SecretCipher cipher, SecretFieldRule rule) {
        this.cipher = cipher;
        this.rule = rule;
    }

    /** A stored object sealed again under the current key: how many values changed, which fields would not open. */
    public record Resealed(JsonNode document, int values, List<String> unreadableFields) {
    }

    /**
     * What to store for an object an API caller sent to {@code place}, every secret sealed there. The mask keeps the
     * secret stored at the same field of {@code stored} (the object as stored at this same place, or null), unless
     * {@code changedAddress} names the setting holding the address the secrets are sent to and it changed: a secret
     * never follows a new address unseen. Each field that is the mask with nothing to keep, or that holds a value looking
     * sealed (callers never hand in ciphertexts), is added to {@code errors} by its path.
     */
    public JsonNode sealSent(JsonNode sent, JsonNode stored, SecretPlace place, String changedAddress,
            List<FieldError> errors) {
        if (!(sent instanceof ObjectNode object)) {
            return sent;
        }
        ObjectNode sealed = object.deepCopy();
        forEachSecret(sealed, new ArrayList<>(), (holder, name, path) -> {
            String value = holder.get(name).asText();
            SecretPlace at = place.child(String.join(".", path));
            String field = at.field();
            if (MASK.equals(value)) {
                JsonNode kept = at(stored, path);
                if (kept == null) {
                    errors.add(new FieldError(field, "is the mask but no secret is stored here to keep; send the secret"
                            + " itself"));
                } else if (changedAddress != null) {
                    errors.add(new FieldError(field, "is the mask, but " + changedAddress + " changed: a stored secret"
                            + " never follows a new address; send the secret again"));
                } else {
                    holder.set(name, kept);
                }
            } else if (SecretCipher.looksSealed(value)) {
                errors.add(new FieldError(field, "looks like a sealed value (" + SecretCipher.SEALED_PREFIX
                        + "...); sealed values are never accepted: send the secret itself"));
            } else {
                holder.put(name, cipher.seal(value, at));
            }
        });
        return sealed;
    }

    /** A copy of a stored object with its secrets opened, to be used (never answered); an {@link UnreadableSecretException} else. */
    public JsonNode open(JsonNode stored, SecretPlace place) {
        if (!(stored instanceof ObjectNode object)) {
            return stored;
        }
        ObjectNode opened = object.deepCopy();
        forEachSecret(opened, new ArrayList<>(), (holder, name, path) -> holder.put(name,
                cipher.open(holder.get(name).asText(), place.child(String.join(".", path)))));
        return opened;
    }

    /** A copy of a stored object with every secret replaced by the mask, for answers. */
    public static JsonNode mask(JsonNode stored, SecretFieldRule rule) {
        if (!(stored instanceof ObjectNode object)) {
            return stored;
        }
        ObjectNode masked = object.deepCopy();
        forEachSecret(masked, new ArrayList<>(), rule, (holder, name, path) -> holder.put(name, MASK));
        return masked;
    }

    public JsonNode mask(JsonNode stored) {
        return mask(stored, rule);
    }

    /** The paths of the secret fields of an object ({@code headers.Authorization}), in document order. */
    public List<String> secretPaths(JsonNode document) {
        List<String> paths = new ArrayList<>();
        if (document instanceof ObjectNode object) {
            forEachSecret(object, new ArrayList<>(), (holder, name, path) -> paths.add(String.join(".", path)));
        }
        return paths;
    }

    /**
     * A stored object with every secret not yet sealed with the current key opened at {@code place} and sealed again
     * there (legacy values gain their place). A value that does not open is left as it is and reported.
     */
    public Resealed reseal(JsonNode stored, SecretPlace place) {
        if (!(stored instanceof ObjectNode object)) {
            return new Resealed(stored, 0, List.of());
        }
        ObjectNode resealed = object.deepCopy();
        int[] values = {0};
        List<String> unreadable = new ArrayList<>();
        forEachSecret(resealed, new ArrayList<>(), (holder, name, path) -> {
            String value = holder.get(name).asText();
            SecretPlace at = place.child(String.join(".", path));
            if (!cipher.isSealedWithCurrentKey(value)) {
                try {
                    holder.put(name, cipher.seal(cipher.open(value, at), at));
                    values[0]++;
                } catch (UnreadableSecretException e) {
                    unreadable.add(at.field());
                }
            }
        });
        return new Resealed(resealed, values[0], unreadable);
    }

    private interface SecretVisitor {
        void visit(ObjectNode holder, String name, List<String> path);
    }

    private void forEachSecret(ObjectNode node, List<String> path, SecretVisitor visitor) {
        forEachSecret(node, path, rule, visitor);
    }

    private static void forEachSecret(ObjectNode node, List<String> path, SecretFieldRule rule, SecretVisitor visitor) {
        for (String name : iterable(node)) {
            JsonNode value = node.get(name);
            path.add(name);
            if (value.isTextual() && rule.holdsSecret(List.copyOf(path))) {
                visitor.visit(node, name, path);
            } else if (value instanceof ObjectNode child) {
                forEachSecret(child, path, rule, visitor);
            }
            path.remove(path.size() - 1);
        }
    }

    private static List<String> iterable(ObjectNode node) {
        List<String> names = new ArrayList<>();
        node.fieldNames().forEachRemaining(names::add);
        return names;
    }

    private static JsonNode at(JsonNode stored, List<String> path) {
        JsonNode node = stored;
        for (String name : path) {
            if (node == null || !node.isObject()) {
                return null;
            }
            node = node.get(name);
        }
        return node != null && node.isTextual() ? node : null;
    }
}
