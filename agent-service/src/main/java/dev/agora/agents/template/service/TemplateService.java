package dev.agora.agents.template.service;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.validation.ConstraintViolation;
import jakarta.validation.ConstraintViolationException;
import jakarta.validation.Validator;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

import dev.agora.agents.agent.events.AgentView;
import dev.agora.agents.agent.repository.AgentViewer;
import dev.agora.agents.agent.model.CreateAgentRequest;
import dev.agora.agents.agent.service.AgentService;
import dev.agora.agents.agent.service.EndpointSecrets;
import dev.agora.agents.template.repository.AgentTemplate;
import dev.agora.agents.template.repository.AgentTemplateRepository;
import dev.agora.agents.template.model.TemplateRequest;
import dev.agora.common.crypto.UnreadableSecretException;
import dev.agora.common.problem.FieldError;
import dev.agora.common.problem.ProblemException;
import io.quarkus.hibernate.reactive.panache.common.WithSession;
import io.quarkus.hibernate.reactive.panache.common.WithTransaction;
import io.quarkus.runtime.annotations.RegisterForReflection;
import io.smallrye.mutiny.Uni;

/**
 * Agent templates: anyone signed in creates them; public ones are listed to everyone, private ones to
 * their creator only (others: 404); only the creator changes or deletes them. Creating an agent from a template
 * overlays the request's fields on the template's {@code defaultConfig} and registers a draft agent.
 */
@ApplicationScoped
public class TemplateService {
    private static final int MAX_CONFIG_CHARS = 100_000;
    private static final Set<String> NOT_IN_CONFIG = Set.of("type", "organizationSlugs");

    private final AgentTemplateRepository templates;
    private final AgentService agents;
    private final EndpointSecrets secrets;
    private final ObjectMapper mapper;
    private final Validator validator;

    public TemplateService(AgentTemplateRepository templates, AgentService agents, EndpointSecrets secrets,
            ObjectMapper mapper, Validator validator) {
        this.templates = templates;
        this.agents = agents;
        this.secrets = secrets;
        this.mapper = mapper;
        this.validator = validator;
    }

    @WithTransaction
    public Uni<TemplateView> create(UUID userId, TemplateRequest request) {
        AgentTemplate template = new AgentTemplate();
        template.id = UUID.randomUUID();
        template.createdBy = userId;
        template.createdAt = now();
        apply(template, request);
        return templates.persistAndFlush(template).map(this::view);
    }

    @WithSession
    public Uni<TemplateView> get(UUID userId, UUID id) {
        return visible(userId, id).map(this::view);
    }

    @WithSession
    public Uni<List<TemplateView>> list(UUID userId, String type, String owner) {
        String chosenType = type == null || type.isBlank() ? null : type.strip();
        if (chosenType != null && !List.of("context", "api", "external").contains(chosenType)) {
            throw ProblemException.badRequest("type", "must be one of context, api, external");
        }
        if (owner != null && !owner.isBlank() && !"me".equals(owner.strip())) {
            throw ProblemException.badRequest("owner", "must be 'me' (or left out)");
        }
        boolean mineOnly = owner != null && "me".equals(owner.strip());
        return templates.listVisible(userId, chosenType, mineOnly).map(rows -> rows.stream().map(this::view).toList());
    }

    @WithTransaction
    public Uni<TemplateView> replace(UUID userId, UUID id, TemplateRequest request) {
        return owned(userId, id).chain(template -> {
            apply(template, request);
            return templates.flush().map(ignored -> view(template));
        });
    }

    @WithTransaction
    public Uni<Void> delete(UUID userId, UUID id) {
        return owned(userId, id).chain(templates::delete);
    }

    /** A draft agent from the template, the request's fields overriding the template's. */
    public Uni<AgentView> createAgent(AgentViewer viewer, UUID templateId, JsonNode overrides) {
        if (overrides != null && !overrides.isNull() && !overrides.isObject()) {
            throw ProblemException.badRequest("body", "must be a JSON object of agent fields");
        }
        return visible(viewer.userId(), templateId).chain(template -> {
            ObjectNode merged = template.defaultConfig.deepCopy();
            merged.put("name", template.name);
            if (template.description != null) {
                merged.put("description", template.description);
            }
            if (overrides != null && overrides.isObject()) {
                merged.setAll((ObjectNode) overrides);
            }
            if (overrides == null || !overrides.has("endpoint")) {
                carryEndpointSecrets(viewer, template, merged);
            }
            // the template decides the type: the defaults it carries are written for it
            merged.put("type", template.type);
            CreateAgentRequest request;
            try {
                request = mapper.treeToValue(merged, CreateAgentRequest.class);
            } catch (JsonProcessingException e) {
                throw ProblemException.badRequest(fieldOf(e), "wrong type or format");
            }
            Set<ConstraintViolation<CreateAgentRequest>> violations = validator.validate(request);
            if (!violations.isEmpty()) {
                throw new ConstraintViolationException(violations);
            }
            return agents.create(viewer, request);
        });
    }

    /**
     * The template's endpoint secrets reach only its creator's own agents: opened here, they are sealed again for the
     * new agent. Anyone else sends the endpoint with their own secrets (400 naming each secret otherwise): a public
     * template never lends its creator's credentials.
     */
    private void carryEndpointSecrets(AgentViewer viewer, AgentTemplate template, ObjectNode merged) {
        JsonNode endpoint = merged.get("endpoint");
        if (endpoint == null || !endpoint.isObject()) {
            return;
        }
        if (template.createdBy.equals(viewer.userId())) {
            try {
                merged.set("endpoint", secrets.open(endpoint, EndpointSecrets.templatePlace(template.createdBy, template.id)));
            } catch (UnreadableSecretException e) {
                throw ProblemException.conflict("endpoint", e.getMessage() + "; send endpoint with its secrets, or save"
                        + " the template again with them");
            }
            return;
        }
        List<FieldError> errors = secrets.secretPaths(endpoint).stream().map(path -> new FieldError("endpoint." + path,
                "is a secret of the template's creator, never copied: send endpoint with your own secrets")).toList();
        if (!errors.isEmpty()) {
            throw ProblemException.invalid(errors);
        }
    }

    private void apply(AgentTemplate template, TemplateRequest request) {
        JsonNode config = request.defaultConfig() == null || request.defaultConfig().isNull()
                ? mapper.createObjectNode() : request.defaultConfig();
        if (!config.isObject()) {
            throw ProblemException.badRequest("defaultConfig", "must be a JSON object of agent fields");
        }
        if (config.toString().length() > MAX_CONFIG_CHARS) {
            throw ProblemException.badRequest("defaultConfig", "must be at most " + MAX_CONFIG_CHARS + " characters of JSON");
        }
        for (String field : NOT_IN_CONFIG) {
            if (config.has(field)) {
                throw ProblemException.badRequest("defaultConfig." + field, "is not a template default ("
                        + ("type".equals(field) ? "the template's type applies" : "chosen when the agent is created") + ")");
            }
        }
        if (config.path("llmConfig").has("apiKey")) {
            throw ProblemException.badRequest("defaultConfig.llmConfig.apiKey",
                    "a template holds no model provider key: each agent made from it sets its own");
        }
        ObjectNode stored = config.deepCopy();
        if (stored.has("endpoint") && stored.get("endpoint").isObject()) {
            JsonNode previous = template.defaultConfig == null ? null : template.defaultConfig.get("endpoint");
            List<FieldError> errors = new ArrayList<>();
            stored.set("endpoint", secrets.seal(stored.get("endpoint"), previous,
                    EndpointSecrets.templatePlace(template.createdBy, template.id), errors));
            if (!errors.isEmpty()) {
                throw ProblemException.invalid(errors);
            }
        }
        template.name = request.name().strip();
        template.description = request.description();
        template.type = request.type();
        template.defaultConfig = stored;
        template.isPublic = Boolean.TRUE.equals(request.isPublic());
        template.updatedAt = now();
    }

    private Uni<AgentTemplate> visible(UUID userId, UUID id) {
        return templates.findVisible(id, userId)
                .onItem().ifNull().failWith(() -> ProblemException.notFound("template " + id));
    }

    /**
     * Only the creator changes a template: 404 when it is not visible, 403 when it is someone else's public one. The
     * row stays locked until the change commits, so a change never undoes a secret rotation running meanwhile.
     */
    private Uni<AgentTemplate> owned(UUID userId, UUID id) {
        return templates.findVisibleForUpdate(id, userId)
                .onItem().ifNull().failWith(() -> ProblemException.notFound("template " + id)).invoke(template -> {
            if (!template.createdBy.equals(userId)) {
                throw ProblemException.forbidden("only the creator of template " + id + " may change it");
            }
        });
    }

    private TemplateView view(AgentTemplate template) {
        ObjectNode config = template.defaultConfig.deepCopy();
        if (config.has("endpoint")) {
            config.set("endpoint", secrets.mask(config.get("endpoint")));
        }
        return new TemplateView(template.id, template.name, template.description, template.type, config,
                template.isPublic, template.createdBy, template.createdAt, template.updatedAt);
    }

    private static String fieldOf(JsonProcessingException e) {
        if (e instanceof com.fasterxml.jackson.databind.JsonMappingException mapping && !mapping.getPath().isEmpty()) {
            return mapping.getPath().stream().map(ref -> ref.getFieldName() != null ? ref.getFieldName()
                    : "[" + ref.getIndex() + "]").reduce((a, b) -> b.startsWith("[") ? a + b : a + "." + b).orElse("body");
        }
        return "body";
    }

    private static Instant now() {
        return Instant.now().truncatedTo(ChronoUnit.MICROS);
    }

    @RegisterForReflection
    public record TemplateView(UUID id, String name, String description, String type, JsonNode defaultConfig,
            boolean isPublic, UUID createdBy, Instant createdAt, Instant updatedAt) {
    }
}
