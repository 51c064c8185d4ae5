package dev.agora.agents.agent.service;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import jakarta.enterprise.context.ApplicationScoped;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import dev.agora.agents.agent.repository.Agent;
import dev.agora.agents.agent.model.DomainRequest;
import dev.agora.agents.agent.model.SkillRequest;
import dev.agora.agents.agent.model.UpdateAgentRequest;
import dev.agora.agents.domain.repository.Domain;
import dev.agora.common.problem.FieldError;
import dev.agora.common.problem.ProblemException;

/**
 * What an agent says about itself: applies a request's fields to an agent (create and {@code PATCH} alike) and
 * checks the rules across fields: its vocabulary, the repository, domains and skills here; the type rules
 * ({@link AgentTypeRules}), pricing ({@link AgentPricing}), the on-chain link ({@link OnChainLinks}) and the I/O schema
 * with its examples ({@link IoSchemas}) in their own classes.
 */
@ApplicationScoped
public class AgentContent {
    private static final Pattern GITHUB_URL = Pattern.compile(
            "^https://github\\.com/([A-Za-z0-9-]+)/([A-Za-z0-9._-]+?)(?:\\.git)?/?$", Pattern.CASE_INSENSITIVE);

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
        set(changed, "exampleInput", agent.exampleInput, IoSchemas.exampleText("exampleInput", request.exampleInput(), errors),
                v -> agent.exampleInput = v);
        set(changed, "exampleOutput", agent.exampleOutput, IoSchemas.exampleText("exampleOutput", request.exampleOutput(), errors),
                v -> agent.exampleOutput = v);
        set(changed, "tagline", agent.tagline, request.tagline(), v -> agent.tagline = v);
        set(changed, "avatarUrl", agent.avatarUrl, request.avatarUrl(), v -> agent.avatarUrl = v);
        set(changed, "coverImageUrl", agent.coverImageUrl, request.coverImageUrl(), v -> agent.coverImageUrl = v);
        set(changed, "department", agent.department, request.department(), v -> agent.department = v);
        AgentTypeRules.applyType(agent, request.type(), changed);
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
        AgentPricing.apply(agent, request.pricing(), request.priceMicroalgo(), changed, errors);
        OnChainLinks.apply(agent, request.onChain(), request.agentAddress(), request.appId(), changed, errors);
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
        AgentTypeRules.validate(agent, errors);
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
                errors.addAll(ioSchemas.checkExample(agent.ioSchema, "input", "exampleInput", agent.exampleInput));
                errors.addAll(ioSchemas.checkExample(agent.ioSchema, "output", "exampleOutput", agent.exampleOutput));
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

    private static void checkObject(String field, JsonNode value, List<FieldError> errors) {
        if (value == null) {
            return;
        }
        if (!value.isObject()) {
            errors.add(new FieldError(field, "must be a JSON object"));
        } else if (value.toString().length() > AgentRules.MAX_JSON_CHARS) {
            errors.add(new FieldError(field, "must be at most " + AgentRules.MAX_JSON_CHARS + " characters of JSON"));
        }
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
