package dev.agora.agents.agent.service;

import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.UUID;
import java.util.regex.Pattern;

import jakarta.enterprise.context.ApplicationScoped;

import org.eclipse.microprofile.config.inject.ConfigProperty;

import com.fasterxml.jackson.databind.JsonNode;

import dev.agora.agents.agent.repository.Agent;
import dev.agora.common.crypto.SecretCipher;
import dev.agora.common.crypto.SecretFieldRule;
import dev.agora.common.crypto.SecretFields;
import dev.agora.common.crypto.SecretPlace;
import dev.agora.common.problem.FieldError;

/**
 * The secrets inside an api/external agent's {@code endpoint} (and a template's default endpoint): the values under
 * {@code authentication.config} whose names speak of tokens, keys, secrets or passwords, and the {@code headers} that
 * carry credentials ({@code Authorization}, {@code Cookie}, {@code X-Api-Key}, ...). Sealed under
 * {@code agora.agents.secret-key}, each bound to its owner, its agent or template and its field
 * ({@code endpoint.headers.Authorization}); masked in every response; opened only at those fields, to call the endpoint.
 * A context agent's {@code llmConfig.apiKey} (the key of its model provider) is sealed the same way, at
 * {@code llmConfig.apiKey}.
 */
@ApplicationScoped
public class EndpointSecrets {
    public static final String MASK = SecretFields.MASK;
    private static final Pattern SECRET_NAME = Pattern.compile("(?i).*(token|key|secret|password|credential).*");
    private static final Pattern SECRET_HEADER = Pattern.compile("(?i)(authorization|proxy-authorization|cookie|.*(token|key|secret|password).*)");
    private static final SecretFieldRule ENDPOINT_SECRETS = EndpointSecrets::holdsSecret;
    private static final SecretFieldRule LLM_SECRETS = path -> path.equals(List.of("apiKey"));

    private final SecretCipher cipher;
    private final SecretFields fields;
    private final SecretFields llmFields;

    public EndpointSecrets(@ConfigProperty(name = "agora.agents.secret-key") String currentKey,
            @ConfigProperty(name = "agora.agents.previous-secret-keys") Optional<List<String>> previousKeys) {
        this.cipher = SecretCipher.fromConfig("agora.agents", currentKey, previousKeys.orElse(List.of()));
        this.fields = new SecretFields(cipher, ENDPOINT_SECRETS);
        this.llmFields = new SecretFields(cipher, LLM_SECRETS);
    }

    /** Where an agent's endpoint is: its owner (the creator, who never changes), the agent, {@code endpoint}. */
    public static SecretPlace agentPlace(Agent agent) {
        return new SecretPlace(agent.ownerId, agent.id, "endpoint");
    }

    /** Where a context agent's LLM settings are: its owner, the agent, {@code llmConfig}. */
    public static SecretPlace llmPlace(Agent agent) {
        return new SecretPlace(agent.ownerId, agent.id, "llmConfig");
    }

    /** Where a template's default endpoint is: its creator, the template, {@code defaultConfig.endpoint}. */
    public static SecretPlace templatePlace(UUID createdBy, UUID templateId) {
        return new SecretPlace(createdBy, templateId, "defaultConfig.endpoint");
    }

    /**
     * The endpoint to store at {@code place}, every secret sealed there. A secret sent back as {@link #MASK} keeps the
     * one stored at the same field of {@code stored}, as long as the endpoint's {@code url} is the same: a secret
     * never follows a new URL unseen. Refused fields (the mask with nothing to keep, a value that looks sealed) are
     * added to {@code errors}.
     */
    public JsonNode seal(JsonNode sent, JsonNode stored, SecretPlace place, List<FieldError> errors) {
        if (sent == null || sent.isNull()) {
            return null;
        }
        boolean urlChanged = stored != null && !Objects.equals(sent.get("url"), stored.get("url"));
        return fields.sealSent(sent, stored, place, urlChanged ? place.child("url").field() : null, errors);
    }

    /** What responses show: the stored endpoint with every secret replaced by {@link #MASK}. */
    public JsonNode mask(JsonNode stored) {
        return stored == null || stored.isNull() ? null : fields.mask(stored);
    }

    /** The endpoint with its secrets opened, to call it (never to answer); a secret from elsewhere fails loudly. */
    public JsonNode open(JsonNode stored, SecretPlace place) {
        return fields.open(stored, place);
    }

    /**
     * The LLM settings to store at {@code place}, the key sealed; a key sent back as {@link #MASK} keeps the stored
     * one as long as {@code baseUrl} is the same.
     */
    public JsonNode sealLlmConfig(JsonNode sent, JsonNode stored, SecretPlace place, List<FieldError> errors) {
        if (sent == null || sent.isNull()) {
            return null;
        }
        boolean urlChanged = stored != null && !Objects.equals(sent.get("baseUrl"), stored.get("baseUrl"));
        return llmFields.sealSent(sent, stored, place, urlChanged ? place.child("baseUrl").field() : null, errors);
    }

    public JsonNode maskLlmConfig(JsonNode stored) {
        return stored == null || stored.isNull() ? null : llmFields.mask(stored);
    }

    /** The LLM settings with the key opened, to call the provider (never to answer). */
    public JsonNode openLlmConfig(JsonNode stored, SecretPlace place) {
        return llmFields.open(stored, place);
    }

    public SecretFields.Resealed resealLlmConfig(JsonNode stored, SecretPlace place) {
        return llmFields.reseal(stored, place);
    }

    /** The paths of an endpoint's secret fields ({@code headers.Authorization}). */
    public List<String> secretPaths(JsonNode endpoint) {
        return fields.secretPaths(endpoint);
    }

    /** The stored endpoint with every secret sealed again under the current key (rotation). */
    public SecretFields.Resealed reseal(JsonNode stored, SecretPlace place) {
        return fields.reseal(stored, place);
    }

    public String currentKeyId() {
        return cipher.currentKeyId();
    }

    private static boolean holdsSecret(List<String> path) {
        return path.size() == 2 && path.get(0).equals("headers") && SECRET_HEADER.matcher(path.get(1)).matches()
                || path.size() == 3 && path.get(0).equals("authentication") && path.get(1).equals("config")
                        && SECRET_NAME.matcher(path.get(2)).matches();
    }
}
