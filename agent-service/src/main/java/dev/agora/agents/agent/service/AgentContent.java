package dev.agora.agents.agent.service;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import jakarta.enterprise.context.ApplicationScoped;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import dev.agora.agents.agent.repository.Agent;
import dev.agora.agents.agent.model.DomainRequest;
import dev.agora.agents.agent.model.OnChainRequest;
import dev.agora.agents.agent.model.PricingRequest;
import dev.agora.agents.agent.model.SkillRequest;
import dev.agora.agents.agent.model.UpdateAgentRequest;
import dev.agora.agents.domain.repository.Domain;
import dev.agora.common.problem.FieldError;
import dev.agora.common.problem.ProblemException;

/**
 * What an agent says about itself: applies a request's fields to an agent (create and {@code PATCH} alike) and
 * checks the rules across fields — the agent type rules, the LLM and endpoint configurations, the I/O schema and
 * its examples, pricing, on-chain links, domains and skills, the repository.
 */
@ApplicationScoped
public class AgentContent {
    private static final Pattern GITHUB_URL = Pattern.compile(
            "^https://github\\.com/([A-Za-z0-9-]+)/([A-Za-z0-9._-]+?)(?:\\.git)?/?$", Pattern.CASE_INSENSITIVE);
    private static final Pattern HTTP_URL = Pattern.compile("^https?://[^\\s/$.?#][^\\s]*$", Pattern.CASE_INSENSITIVE);
    private static final Pattern ALGORAND = Pattern.compile("^[A-Z2-7]{58}$");
    private static final Pattern SOLANA = Pattern.compile("^[1-9A-HJ-NP-Za-km-z]{32,44}$");
    private static final Pattern EVM = Pattern.compile("^0x[0-9a-fA-F]{40}$");
    private static final Set<String> LLM_PROVIDERS = Set.of("anthropic", "openai", "google", "ollama");
    private static final Set<String> HTTP_METHODS = Set.of("GET", "POST", "PUT", "PATCH", "DELETE");
    private static final Set<String> AUTH_TYPES = Set.of("bearer", "api-key", "basic");
    private static final int MAX_JSON_CHARS = 100_000;

    private final EndpointSecrets secrets;
    private final IoSchemas ioSchemas;
    private final ObjectMapper mapper;

    public AgentContent(EndpointSecrets secrets, IoSchemas ioSchemas, ObjectMapper mapper) {
        this.secrets = secrets;
        this.ioSchemas = ioSchemas;
        this.mapper = mapper;
    }

    /**
     * Applies the non-null fields of {@code request} and answers the names of the fields that changed.
     * {@code domains} are the platform's domains by slug.
     */
    public List<String> apply(Agent agent, UpdateAgentRequest request, Map<String, Domain> domains) {
        List<String> changed = new ArrayList<>();
        List<FieldError> errors = new ArrayList<>();
        set(changed, "name", agent.name, request.name() == null ? null : request.name().strip(), v -> agent.name = v);
        set(changed, "description", agent.description, request.description(), v -> agent.description = v);
        set(changed, "subdomain", agent.subdomain, request.subdomain(), v -> agent.subdomain = v);
        if (request.slug() != null && !request.slug().equals(agent.slug)) {
            if (agent.publishedVersion != null) {
                throw ProblemException.conflict("slug", "the slug of a published agent cannot change (published as "
                        + agent.slug + ")");
            }
            agent.slug = request.slug();
            changed.add("slug");
        }
        applyRepository(agent, request, changed);
        set(changed, "category", agent.category, request.category(), v -> agent.category = v);
        if (request.tags() != null && !request.tags().equals(list(agent.tags))) {
            agent.tags = request.tags().toArray(String[]::new);
            changed.add("tags");
        }
        set(changed, "dataInput", agent.dataInput, request.dataInput(), v -> agent.dataInput = v);
        set(changed, "exampleInput", agent.exampleInput, exampleText("exampleInput", request.exampleInput(), errors),
                v -> agent.exampleInput = v);
        set(changed, "exampleOutput", agent.exampleOutput, exampleText("exampleOutput", request.exampleOutput(), errors),
                v -> agent.exampleOutput = v);
        set(changed, "tagline", agent.tagline, request.tagline(), v -> agent.tagline = v);
        set(changed, "avatarUrl", agent.avatarUrl, request.avatarUrl(), v -> agent.avatarUrl = v);
        set(changed, "coverImageUrl", agent.coverImageUrl, request.coverImageUrl(), v -> agent.coverImageUrl = v);
        set(changed, "department", agent.department, request.department(), v -> agent.department = v);
        applyType(agent, request.type(), changed);
        set(changed, "context", agent.context, request.context(), v -> agent.context = v);
        if (request.llmConfig() != null && !request.llmConfig().isNull()
                && !request.llmConfig().equals(secrets.maskLlmConfig(agent.llmConfig))) {
            agent.llmConfig = secrets.sealLlmConfig(request.llmConfig(), agent.llmConfig, EndpointSecrets.llmPlace(agent),
                    errors);
            changed.add("llmConfig");
        }
        if (request.endpoint() != null && !request.endpoint().isNull()
                && !request.endpoint().equals(secrets.mask(agent.endpoint))) {
            agent.endpoint = secrets.seal(request.endpoint(), agent.endpoint, EndpointSecrets.agentPlace(agent), errors);
            changed.add("endpoint");
        }
        setJson(changed, "ioSchema", agent.ioSchema, request.ioSchema(), v -> agent.ioSchema = v);
        setJson(changed, "config", agent.config, request.config(), v -> agent.config = v);
        setJson(changed, "deploymentConfig", agent.deploymentConfig, request.deploymentConfig(), v -> agent.deploymentConfig = v);
        setJson(changed, "metadata", agent.metadata, request.metadata(), v -> agent.metadata = v);
        if (request.capabilities() != null && !request.capabilities().equals(list(agent.capabilities))) {
            agent.capabilities = request.capabilities().stream().distinct().toArray(String[]::new);
            changed.add("capabilities");
        }
        applyPricing(agent, request.pricing(), request.priceMicroalgo(), changed, errors);
        applyOnChain(agent, request.onChain(), request.agentAddress(), request.appId(), changed, errors);
        set(changed, "availability", agent.availability, request.availability(), v -> agent.availability = v);
        if (request.domains() != null) {
            JsonNode links = domainLinks(request.domains(), domains, errors);
            if (links != null && !links.equals(agent.domains)) {
                agent.domains = links;
                List<String> slugs = new ArrayList<>();
                links.forEach(link -> slugs.add(link.get("slug").asText()));
                agent.domainSlugs = slugs.stream().sorted().toArray(String[]::new);
                changed.add("domains");
            }
        }
        if (request.skills() != null) {
            JsonNode skills = skills(request.skills(), errors);
            if (skills != null && !skills.equals(agent.skills)) {
                agent.skills = skills;
                changed.add("skills");
            }
        }
        if (!errors.isEmpty()) {
            throw ProblemException.invalid(errors);
        }
        return changed;
    }

    public JsonNode emptyObject() {
        return mapper.createObjectNode();
    }

    public JsonNode emptyArray() {
        return mapper.createArrayNode();
    }

    /** The rules across fields, on the agent as it would be stored; 400 naming every failing field. */
    public void validate(Agent agent) {
        List<FieldError> errors = new ArrayList<>();
        if (!AgentRules.CATEGORIES.contains(agent.category)) {
            errors.add(new FieldError("category", "must be one of " + AgentRules.CATEGORIES));
        }
        if (AgentRules.RESERVED_SUBDOMAINS.contains(agent.subdomain)) {
            errors.add(new FieldError("subdomain", "'" + agent.subdomain + "' is reserved by the platform"));
        }
        if (AgentRules.RESERVED_SLUGS.contains(agent.slug)) {
            errors.add(new FieldError("slug", "'" + agent.slug + "' is reserved by the platform"));
        }
        validateRepository(agent, errors);
        validateType(agent, errors);
        checkObject("config", agent.config, errors);
        JsonNode taskTimeout = agent.config == null ? null : agent.config.get("taskTimeoutSeconds");
        if (taskTimeout != null && !taskTimeout.isNull() && (!taskTimeout.canConvertToInt() || !taskTimeout.isIntegralNumber()
                || taskTimeout.intValue() < 10 || taskTimeout.intValue() > 604_800)) {
            errors.add(new FieldError("config.taskTimeoutSeconds",
                    "must be a whole number of seconds from 10 to 604800: how long the agent may stay silent on a task"));
        }
        checkObject("deploymentConfig", agent.deploymentConfig, errors);
        checkObject("metadata", agent.metadata, errors);
        if (agent.ioSchema != null) {
            List<FieldError> schemaErrors = ioSchemas.checkSchema(agent.ioSchema);
            errors.addAll(schemaErrors);
            if (schemaErrors.isEmpty()) {
                errors.addAll(checkExample(agent.ioSchema, "input", "exampleInput", agent.exampleInput));
                errors.addAll(checkExample(agent.ioSchema, "output", "exampleOutput", agent.exampleOutput));
            }
        }
        if (!errors.isEmpty()) {
            throw ProblemException.invalid(errors);
        }
    }

    private void applyRepository(Agent agent, UpdateAgentRequest request, List<String> changed) {
        boolean repositoryChanged = false;
        if (request.repoOwner() != null && !request.repoOwner().equals(agent.repoOwner)) {
            agent.repoOwner = request.repoOwner();
            changed.add("repoOwner");
            repositoryChanged = true;
        }
        if (request.repoName() != null && !request.repoName().equals(agent.repoName)) {
            agent.repoName = request.repoName();
            changed.add("repoName");
            repositoryChanged = true;
        }
        if (request.githubUrl() != null && !request.githubUrl().equals(agent.githubUrl)) {
            agent.githubUrl = request.githubUrl();
            changed.add("githubUrl");
        } else if (repositoryChanged && agent.repoOwner != null && agent.repoName != null) {
            // the URL follows a renamed repository unless the request gives a new one
            agent.githubUrl = "https://github.com/" + agent.repoOwner + "/" + agent.repoName;
            changed.add("githubUrl");
        }
    }

    /** Changing the type drops what the new type forbids, so a PATCH of the type alone can succeed. */
    private static void applyType(Agent agent, String type, List<String> changed) {
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

    private static void applyPricing(Agent agent, PricingRequest pricing, Long priceMicroalgo, List<String> changed,
            List<FieldError> errors) {
        if (pricing != null) {
            if (AgentRules.MICROALGO.equals(pricing.asset()) && priceMicroalgo != null
                    && !priceMicroalgo.equals(pricing.amount())) {
                errors.add(new FieldError("priceMicroalgo", "must equal pricing.amount when pricing.asset is microALGO"));
                return;
            }
            boolean differs = agent.pricingAmount != pricing.amount() || !pricing.asset().equals(agent.pricingAsset)
                    || !Objects.equals(agent.hourlyRate, pricing.hourlyRate())
                    || !Objects.equals(agent.subscriptionMonthly, pricing.subscriptionMonthly());
            if (differs) {
                agent.pricingAmount = pricing.amount();
                agent.pricingAsset = pricing.asset();
                agent.hourlyRate = pricing.hourlyRate();
                agent.subscriptionMonthly = pricing.subscriptionMonthly();
                changed.add("pricing");
            }
            if (AgentRules.MICROALGO.equals(pricing.asset()) && agent.priceMicroalgo != pricing.amount()) {
                agent.priceMicroalgo = pricing.amount();
                changed.add("priceMicroalgo");
            } else if (priceMicroalgo != null && agent.priceMicroalgo != priceMicroalgo) {
                agent.priceMicroalgo = priceMicroalgo;
                changed.add("priceMicroalgo");
            }
        } else if (priceMicroalgo != null && agent.priceMicroalgo != priceMicroalgo) {
            agent.priceMicroalgo = priceMicroalgo;
            changed.add("priceMicroalgo");
            if (AgentRules.MICROALGO.equals(agent.pricingAsset)) {
                agent.pricingAmount = priceMicroalgo;
                changed.add("pricing");
            }
        }
    }

    private static void applyOnChain(Agent agent, OnChainRequest onChain, String agentAddress, Long appId,
            List<String> changed, List<FieldError> errors) {
        if (onChain != null) {
            List<FieldError> found = onChainErrors(onChain);
            if (agentAddress != null && !("algorand".equals(onChain.chain()) && agentAddress.equals(onChain.address()))) {
                found.add(new FieldError("agentAddress", "must be left out or equal onChain.address (an Algorand address)"));
            }
            if (appId != null && !appId.equals(onChain.appId())) {
                found.add(new FieldError("appId", "must be left out or equal onChain.appId"));
            }
            if (!found.isEmpty()) {
                errors.addAll(found);
                return;
            }
            boolean differs = !onChain.chain().equals(agent.chain) || !Objects.equals(onChain.chainId(), agent.chainId)
                    || !onChain.address().equals(agent.chainAddress) || !Objects.equals(onChain.appId(), agent.appId)
                    || !Objects.equals(onChain.erc8004AgentId(), agent.erc8004AgentId);
            if (differs) {
                agent.chain = onChain.chain();
                agent.chainId = onChain.chainId();
                agent.chainAddress = onChain.address();
                agent.erc8004AgentId = onChain.erc8004AgentId();
                if (!Objects.equals(agent.appId, onChain.appId())) {
                    changed.add("appId");
                }
                agent.appId = onChain.appId();
                String algorandAddress = "algorand".equals(onChain.chain()) ? onChain.address() : null;
                if (!Objects.equals(agent.agentAddress, algorandAddress)) {
                    changed.add("agentAddress");
                }
                agent.agentAddress = algorandAddress;
                changed.add("onChain");
            }
            return;
        }
        // the original Algorand fields: an address makes the agent's on-chain link an Algorand one
        if (agentAddress != null && !agentAddress.equals(agent.agentAddress)) {
            agent.agentAddress = agentAddress;
            agent.chain = "algorand";
            agent.chainId = null;
            agent.chainAddress = agentAddress;
            agent.erc8004AgentId = null;
            changed.add("agentAddress");
            changed.add("onChain");
        }
        if (appId != null && !appId.equals(agent.appId)) {
            if (agent.chain != null && !"algorand".equals(agent.chain)) {
                errors.add(new FieldError("appId", "is an Algorand application id; this agent's chain is " + agent.chain));
                return;
            }
            agent.appId = appId;
            changed.add("appId");
            if (agent.chain != null) {
                changed.add("onChain");
            }
        }
    }

    private static List<FieldError> onChainErrors(OnChainRequest onChain) {
        List<FieldError> errors = new ArrayList<>();
        switch (onChain.chain()) {
            case "algorand" -> {
                if (!ALGORAND.matcher(onChain.address()).matches()) {
                    errors.add(new FieldError("onChain.address", "must be a 58-character Algorand address (base32)"));
                }
            }
            case "solana" -> {
                if (!SOLANA.matcher(onChain.address()).matches()) {
                    errors.add(new FieldError("onChain.address", "must be a Solana address (base58, 32 to 44 characters)"));
                }
            }
            default -> {
                if (!EVM.matcher(onChain.address()).matches()) {
                    errors.add(new FieldError("onChain.address", "must be an EVM address: 0x and 40 hexadecimal digits"));
                }
            }
        }
        boolean evm = "ethereum".equals(onChain.chain());
        if (evm && onChain.chainId() == null) {
            errors.add(new FieldError("onChain.chainId", "is required for an EVM chain (1 = Ethereum mainnet, ...)"));
        }
        if (!evm && onChain.chainId() != null) {
            errors.add(new FieldError("onChain.chainId", "applies to EVM chains only"));
        }
        if (!evm && onChain.erc8004AgentId() != null) {
            errors.add(new FieldError("onChain.erc8004AgentId", "applies to EVM chains only"));
        }
        if (!"algorand".equals(onChain.chain()) && onChain.appId() != null) {
            errors.add(new FieldError("onChain.appId", "is an Algorand application id"));
        }
        return errors;
    }

    private JsonNode domainLinks(List<DomainRequest> requested, Map<String, Domain> domains, List<FieldError> errors) {
        ArrayNode links = mapper.createArrayNode();
        Set<String> seen = new HashSet<>();
        long primaries = requested.stream().filter(d -> Boolean.TRUE.equals(d.primary())).count();
        int before = errors.size();
        for (int i = 0; i < requested.size(); i++) {
            DomainRequest link = requested.get(i);
            Domain domain = domains.get(link.slug());
            if (domain == null) {
                errors.add(new FieldError("domains[" + i + "].slug", "must be one of " + domains.keySet().stream().sorted().toList()));
                continue;
            }
            if (!seen.add(link.slug())) {
                errors.add(new FieldError("domains[" + i + "].slug", "is listed twice"));
                continue;
            }
            // one primary domain: the one marked so, or the first
            boolean primary = primaries == 0 ? i == 0 : Boolean.TRUE.equals(link.primary());
            links.addObject().put("slug", domain.slug).put("name", domain.name).put("icon", domain.icon)
                    .put("primary", primary).put("proficiency", link.proficiency() == null ? 3 : link.proficiency());
        }
        if (primaries > 1) {
            errors.add(new FieldError("domains", "exactly one domain may be primary"));
        }
        return errors.size() > before ? null : links;
    }

    private JsonNode skills(List<SkillRequest> requested, List<FieldError> errors) {
        ArrayNode skills = mapper.createArrayNode();
        Set<String> seen = new HashSet<>();
        int before = errors.size();
        for (int i = 0; i < requested.size(); i++) {
            SkillRequest skill = requested.get(i);
            if (!seen.add(skill.name().strip().toLowerCase(java.util.Locale.ROOT))) {
                errors.add(new FieldError("skills[" + i + "].name", "is listed twice"));
                continue;
            }
            ObjectNode node = skills.addObject().put("name", skill.name().strip()).put("category", skill.category().strip());
            node.put("level", skill.level());
            BigDecimal years = skill.yearsExperience();
            if (years == null) {
                node.putNull("yearsExperience");
            } else {
                node.put("yearsExperience", years);
            }
        }
        return errors.size() > before ? null : skills;
    }

    private static void validateRepository(Agent agent, List<FieldError> errors) {
        int given = (agent.repoOwner != null ? 1 : 0) + (agent.repoName != null ? 1 : 0) + (agent.githubUrl != null ? 1 : 0);
        if (given == 0) {
            return;
        }
        if (given < 3) {
            for (String field : List.of("repoOwner", "repoName", "githubUrl")) {
                boolean missing = switch (field) {
                    case "repoOwner" -> agent.repoOwner == null;
                    case "repoName" -> agent.repoName == null;
                    default -> agent.githubUrl == null;
                };
                if (missing) {
                    errors.add(new FieldError(field, "repoOwner, repoName and githubUrl come together"));
                }
            }
            return;
        }
        Matcher url = GITHUB_URL.matcher(agent.githubUrl);
        if (!url.matches()) {
            errors.add(new FieldError("githubUrl", "must be https://github.com/{repoOwner}/{repoName}"));
        } else if (!url.group(1).equalsIgnoreCase(agent.repoOwner) || !url.group(2).equalsIgnoreCase(agent.repoName)) {
            errors.add(new FieldError("githubUrl", "must point at repository " + agent.repoOwner + "/" + agent.repoName));
        } else {
            agent.githubUrl = "https://github.com/" + agent.repoOwner + "/" + agent.repoName;
        }
    }

    /** The agent type CHECK constraints, as 400s naming the field. */
    private static void validateType(Agent agent, List<FieldError> errors) {
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
        if (endpoint.toString().length() > MAX_JSON_CHARS) {
            errors.add(new FieldError("endpoint", "must be at most " + MAX_JSON_CHARS + " characters of JSON"));
        }
    }

    private List<FieldError> checkExample(JsonNode ioSchema, String part, String field, String example) {
        if (example == null || ioSchema.get(part) == null || ioSchema.get(part).isNull()) {
            return List.of();
        }
        JsonNode parsed;
        try {
            parsed = mapper.readTree(example);
        } catch (JsonProcessingException e) {
            return List.of(new FieldError(field, "must be JSON to be checked against ioSchema." + part));
        }
        return ioSchemas.checkExample(ioSchema, part, field, parsed);
    }

    private static void checkObject(String field, JsonNode value, List<FieldError> errors) {
        if (value == null) {
            return;
        }
        if (!value.isObject()) {
            errors.add(new FieldError(field, "must be a JSON object"));
        } else if (value.toString().length() > MAX_JSON_CHARS) {
            errors.add(new FieldError(field, "must be at most " + MAX_JSON_CHARS + " characters of JSON"));
        }
    }

    /** Examples are stored as text; a JSON value is stored as its JSON text. */
    private static String exampleText(String field, JsonNode example, List<FieldError> errors) {
        if (example == null || example.isNull()) {
            return null;
        }
        String text = example.isTextual() ? example.asText() : example.toString();
        if (text.length() > MAX_JSON_CHARS) {
            errors.add(new FieldError(field, "must be at most " + MAX_JSON_CHARS + " characters"));
            return null;
        }
        return text;
    }

    private static <T> void set(List<String> changed, String field, T current, T requested, java.util.function.Consumer<T> setter) {
        if (requested != null && !requested.equals(current)) {
            setter.accept(requested);
            changed.add(field);
        }
    }

    private static void setJson(List<String> changed, String field, JsonNode current, JsonNode requested,
            java.util.function.Consumer<JsonNode> setter) {
        if (requested != null && !requested.isNull() && !requested.equals(current)) {
            setter.accept(requested);
            changed.add(field);
        }
    }

    private static List<String> list(String[] values) {
        return values == null ? List.of() : List.of(values);
    }
}
