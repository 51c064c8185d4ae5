package dev.agora.agents.agent.service;

import java.util.Iterator;
import java.util.Map;
import java.util.regex.Pattern;

import jakarta.enterprise.context.ApplicationScoped;

import org.eclipse.microprofile.config.inject.ConfigProperty;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import dev.agora.common.crypto.SecretCipher;

/**
 * The secrets inside an api/external agent's {@code endpoint}: encrypted at rest (AES-GCM, key
 * {@code agora.agents.secret-key}) and masked in every response. Secrets are the values under
 * {@code authentication.config} whose names speak of tokens, keys, secrets or passwords, and the {@code headers}
 * that carry credentials ({@code Authorization}, {@code Cookie}, {@code X-Api-Key}, ...).
 */
@ApplicationScoped
public class EndpointSecrets {
    public static final String MASK = "********";
    private static final Pattern SECRET_NAME = Pattern.compile("(?i).*(token|key|secret|password|credential).*");
    private static final Pattern SECRET_HEADER = Pattern.compile("(?i)(authorization|proxy-authorization|cookie|.*(token|key|secret|password).*)");

    private final SecretCipher cipher;

    public EndpointSecrets(@ConfigProperty(name = "agora.agents.secret-key") String base64Key) {
        this.cipher = SecretCipher.fromBase64Key("agora.agents.secret-key", base64Key);
    }

    /**
     * The endpoint as stored: every secret encrypted. A secret sent back as {@link #MASK} keeps the secret stored
     * at the same place in {@code previous} (so a client may edit an endpoint it only ever saw masked).
     */
    public JsonNode seal(JsonNode endpoint, JsonNode previous) {
        if (endpoint == null || endpoint.isNull()) {
            return null;
        }
        ObjectNode sealed = endpoint.deepCopy();
        forEachSecret(sealed, (holder, name) -> {
            String value = holder.get(name).asText();
            if (MASK.equals(value)) {
                JsonNode old = previousSecret(previous, holder == sealed.get("headers") ? "headers" : "authentication", name);
                if (old != null) {
                    holder.set(name, old);
                } else {
                    holder.remove(name);
                }
            } else {
                holder.put(name, cipher.seal(value));
            }
        });
        return sealed;
    }

    /** What responses show: the stored endpoint with every secret replaced by {@link #MASK}. */
    public JsonNode mask(JsonNode stored) {
        if (stored == null || stored.isNull()) {
            return null;
        }
        ObjectNode masked = stored.deepCopy();
        forEachSecret(masked, (holder, name) -> holder.put(name, MASK));
        return masked;
    }

    /** The plain secret of a sealed value (for the runtime that calls the endpoint). */
    public String decrypt(String sealed) {
        return cipher.open(sealed);
    }

    private static JsonNode previousSecret(JsonNode previous, String where, String name) {
        if (previous == null || previous.isNull()) {
            return null;
        }
        JsonNode holder = "headers".equals(where) ? previous.path("headers") : previous.path("authentication").path("config");
        JsonNode value = holder.get(name);
        return value != null && value.isTextual() ? value : null;
    }

    private interface SecretVisitor {
        void visit(ObjectNode holder, String name);
    }

    private static void forEachSecret(ObjectNode endpoint, SecretVisitor visitor) {
        if (endpoint.get("headers") instanceof ObjectNode headers) {
            visitSecrets(headers, SECRET_HEADER, visitor);
        }
        if (endpoint.path("authentication").get("config") instanceof ObjectNode config) {
            visitSecrets(config, SECRET_NAME, visitor);
        }
    }

    private static void visitSecrets(ObjectNode holder, Pattern names, SecretVisitor visitor) {
        Iterator<Map.Entry<String, JsonNode>> fields = holder.deepCopy().fields();
        while (fields.hasNext()) {
            Map.Entry<String, JsonNode> field = fields.next();
            if (field.getValue().isTextual() && names.matcher(field.getKey()).matches()) {
                visitor.visit(holder, field.getKey());
            }
        }
    }
}
