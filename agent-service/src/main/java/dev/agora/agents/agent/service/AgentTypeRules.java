package dev.agora.agents.agent.service;

import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;

import com.fasterxml.jackson.databind.JsonNode;

import dev.agora.agents.agent.repository.Agent;
import dev.agora.common.problem.FieldError;

/**
 * What each agent type needs and forbids: a context agent has an LLM configuration and a system prompt and no
 * endpoint; an api or external agent has no LLM configuration, and an endpoint (an api agent may instead have a
 * repository to deploy). Also the shape of the LLM configuration and of the endpoint.
 */
public final class AgentTypeRules {
    static final Pattern HTTP_URL = Pattern.compile("^https?://[^\\s/$.?#][^\\s]*$", Pattern.CASE_INSENSITIVE);
    private static final Set<String> LLM_PROVIDERS = Set.of("anthropic", "openai", "google", "ollama");
    private static final Set<String> HTTP_METHODS = Set.of("GET", "POST", "PUT", "PATCH", "DELETE");
    private static final Set<String> AUTH_TYPES = Set.of("bearer", "api-key", "basic");

    private AgentTypeRules() {
    }

    /** Changing the type drops what the new type forbids, so a PATCH of the type alone can succeed. */
    public static void applyType(Agent agent, String type, List<String> changed) {
        if (type == null || type.equals(agent.type)) {
            return;
        }
        agent.type = type;
        changed.add("type");
        if (!AgentRules.CONTEXT.equals(type) && agent.llmConfig != null) {
            agent.llmConfig = null;
            changed.add("llmConfig");
        }
        if (AgentRules.CONTEXT.equals(type) && agent.endpoint != null) {
            agent.endpoint = null;
            changed.add("endpoint");
        }
    }

    /** The agent type CHECK constraints, as 400s naming the field. */
    public static void validate(Agent agent, List<FieldError> errors) {
        if (AgentRules.CONTEXT.equals(agent.type)) {
            if (agent.llmConfig == null) {
                errors.add(new FieldError("llmConfig", "is required for a context agent"));
            } else {
                validateLlmConfig(agent.llmConfig, errors);
            }
            if (agent.context == null || agent.context.isBlank()) {
                errors.add(new FieldError("context", "the system prompt is required for a context agent"));
            }
            if (agent.endpoint != null) {
                errors.add(new FieldError("endpoint", "a context agent has no endpoint"));
            }
            return;
        }
        if (agent.llmConfig != null) {
            errors.add(new FieldError("llmConfig", "only context agents have an LLM configuration"));
        }
        if (agent.endpoint != null) {
            validateEndpoint(agent.endpoint, errors);
        } else if (AgentRules.EXTERNAL.equals(agent.type)) {
            errors.add(new FieldError("endpoint", "is required for an external agent"));
        } else if (agent.githubUrl == null) {
            errors.add(new FieldError("endpoint", "is required for an api agent without a repository"));
        }
    }

    private static void validateLlmConfig(JsonNode llm, List<FieldError> errors) {
        if (!llm.isObject()) {
            errors.add(new FieldError("llmConfig", "must be an object {provider, model, parameters}"));
            return;
        }
        if (!llm.path("provider").isTextual() || !LLM_PROVIDERS.contains(llm.path("provider").asText())) {
            errors.add(new FieldError("llmConfig.provider", "must be one of " + LLM_PROVIDERS.stream().sorted().toList()));
        }
        if (!llm.path("model").isTextual() || llm.path("model").asText().isBlank() || llm.path("model").asText().length() > 200) {
            errors.add(new FieldError("llmConfig.model", "must be a model name (1 to 200 characters)"));
        }
        JsonNode baseUrl = llm.path("baseUrl");
        if (!baseUrl.isMissingNode() && !baseUrl.isNull() && (!baseUrl.isTextual() || baseUrl.asText().length() > 2000
                || !HTTP_URL.matcher(baseUrl.asText()).matches())) {
            errors.add(new FieldError("llmConfig.baseUrl", "must be an http(s) URL: the provider's API base"));
        }
        JsonNode apiKey = llm.path("apiKey");
        if (!apiKey.isMissingNode() && !apiKey.isNull() && (!apiKey.isTextual() || apiKey.asText().isBlank())) {
            errors.add(new FieldError("llmConfig.apiKey", "must be the provider's API key"));
        }
        JsonNode parameters = llm.path("parameters");
        if (parameters.isMissingNode() || parameters.isNull()) {
            return;
        }
        if (!parameters.isObject()) {
            errors.add(new FieldError("llmConfig.parameters", "must be an object {temperature, maxTokens, topP}"));
            return;
        }
        JsonNode temperature = parameters.path("temperature");
        if (!temperature.isMissingNode() && (!temperature.isNumber() || temperature.asDouble() < 0 || temperature.asDouble() > 2)) {
            errors.add(new FieldError("llmConfig.parameters.temperature", "must be a number from 0 to 2"));
        }
        JsonNode maxTokens = parameters.path("maxTokens");
        if (!maxTokens.isMissingNode() && (!maxTokens.isIntegralNumber() || maxTokens.asLong() <= 0)) {
            errors.add(new FieldError("llmConfig.parameters.maxTokens", "must be a whole number above 0"));
        }
        JsonNode topP = parameters.path("topP");
        if (!topP.isMissingNode() && (!topP.isNumber() || topP.asDouble() < 0 || topP.asDouble() > 1)) {
            errors.add(new FieldError("llmConfig.parameters.topP", "must be a number from 0 to 1"));
        }
    }

    private static void validateEndpoint(JsonNode endpoint, List<FieldError> errors) {
        if (!endpoint.isObject()) {
            errors.add(new FieldError("endpoint", "must be an object {url, method, headers, authentication, ...}"));
            return;
        }
        JsonNode url = endpoint.path("url");
        if (!url.isTextual() || url.asText().length() > 2000 || !HTTP_URL.matcher(url.asText()).matches()) {
            errors.add(new FieldError("endpoint.url", "must be an http(s) URL"));
        }
        JsonNode method = endpoint.path("method");
        if (!method.isMissingNode() && (!method.isTextual() || !HTTP_METHODS.contains(method.asText()))) {
            errors.add(new FieldError("endpoint.method", "must be one of " + HTTP_METHODS.stream().sorted().toList()));
        }
        JsonNode headers = endpoint.path("headers");
        if (!headers.isMissingNode()) {
            if (!headers.isObject()) {
                errors.add(new FieldError("endpoint.headers", "must be an object of header names to values"));
            } else {
                headers.fields().forEachRemaining(header -> {
                    if (!header.getValue().isTextual()) {
                        errors.add(new FieldError("endpoint.headers." + header.getKey(), "must be a string"));
                    }
                });
            }
        }
        JsonNode authentication = endpoint.path("authentication");
        if (!authentication.isMissingNode() && !authentication.isNull()) {
            if (!authentication.isObject()) {
                errors.add(new FieldError("endpoint.authentication", "must be an object {type, config}"));
            } else {
                if (!authentication.path("type").isTextual() || !AUTH_TYPES.contains(authentication.path("type").asText())) {
                    errors.add(new FieldError("endpoint.authentication.type", "must be one of bearer, api-key, basic"));
                }
                JsonNode config = authentication.path("config");
                if (!config.isMissingNode() && !config.isObject()) {
                    errors.add(new FieldError("endpoint.authentication.config", "must be an object"));
                }
            }
        }
        for (String text : List.of("requestTransform", "responseTransform")) {
            JsonNode value = endpoint.path(text);
            if (!value.isMissingNode() && !value.isNull() && !value.isTextual()) {
                errors.add(new FieldError("endpoint." + text, "must be a string"));
            }
        }
        JsonNode webhook = endpoint.path("statusWebhook");
        if (!webhook.isMissingNode() && !webhook.isNull() && (!webhook.isTextual() || !HTTP_URL.matcher(webhook.asText()).matches())) {
            errors.add(new FieldError("endpoint.statusWebhook", "must be an http(s) URL"));
        }
        if (endpoint.toString().length() > AgentRules.MAX_JSON_CHARS) {
            errors.add(new FieldError("endpoint", "must be at most " + AgentRules.MAX_JSON_CHARS + " characters of JSON"));
        }
    }
}
