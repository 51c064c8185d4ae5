package dev.agora.triggers.trigger.service;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;

import dev.agora.common.problem.FieldError;
import dev.agora.common.problem.ProblemException;
import dev.agora.triggers.delivery.action.ActionConfigs;
import dev.agora.triggers.engine.DefinitionError;
import dev.agora.triggers.engine.DefinitionParser;
import dev.agora.triggers.trigger.repository.Trigger;

/** A whole trigger as posted (create or replace), validated at once with every flaw named by its JSON path. */
public record TriggerDefinition(String name, String description, boolean enabled, String sourceType, Long chainId,
        String registry, List<String> eventTypes, JsonNode filter, JsonNode conditions, String groupBy,
        List<ActionDefinition> actions) {

    public static final int MAX_ACTIONS = 10;
    public static final Set<String> ACTION_TYPES = Set.of("rest", "telegram", "mcp", "notification");
    private static final Set<String> REGISTRIES = Set.of("identity", "reputation", "validation");
    private static final Set<String> KEYS = Set.of("name", "description", "enabled", "source", "filter", "conditions",
            "groupBy", "actions");
    private static final Pattern PLATFORM_TYPE = Pattern.compile("^agora\\.[a-z0-9-]+(\\.[a-z0-9-]+)*\\.v[0-9]+$");

    public record ActionDefinition(String type, int priority, JsonNode config) {
    }

    public static TriggerDefinition read(JsonNode body) {
        if (body == null || !body.isObject()) {
            throw ProblemException.badRequest("", "the body must be a trigger object");
        }
        List<FieldError> errors = new ArrayList<>();
        for (Iterator<String> names = body.fieldNames(); names.hasNext();) {
            String name = names.next();
            if (!KEYS.contains(name)) {
                errors.add(new FieldError(name, "is not a property of a trigger"));
            }
        }
        String name = text(body, "name", true, 200, errors);
        String description = text(body, "description", false, 2000, errors);
        JsonNode enabledNode = body.get("enabled");
        if (enabledNode != null && !enabledNode.isBoolean()) {
            errors.add(new FieldError("enabled", "must be true or false"));
        }
        boolean enabled = enabledNode == null || enabledNode.asBoolean(true);

        String sourceType = null;
        Long chainId = null;
        String registry = null;
        List<String> eventTypes = List.of();
        JsonNode source = body.get("source");
        if (source == null || !source.isObject()) {
            errors.add(new FieldError("source", "is required: {\"type\": \"chain\", \"chainId\", \"registry\"} or"
                    + " {\"type\": \"platform\", \"eventTypes\": [...]}"));
        } else {
            JsonNode type = source.get("type");
            sourceType = type == null ? null : type.asText();
            if (Trigger.CHAIN.equals(sourceType)) {
                JsonNode chain = source.get("chainId");
                if (chain == null || !chain.isIntegralNumber() || !chain.canConvertToLong() || chain.longValue() < 1) {
                    errors.add(new FieldError("source.chainId", "is required, a whole number >= 1"));
                } else {
                    chainId = chain.longValue();
                }
                JsonNode reg = source.get("registry");
                if (reg == null || !REGISTRIES.contains(reg.asText())) {
                    errors.add(new FieldError("source.registry", "is required, one of identity, reputation, validation"));
                } else {
                    registry = reg.asText();
                }
                unexpected(source, Set.of("type", "chainId", "registry"), "source", errors);
            } else if (Trigger.PLATFORM.equals(sourceType)) {
                eventTypes = eventTypes(source.get("eventTypes"), errors);
                unexpected(source, Set.of("type", "eventTypes"), "source", errors);
            } else {
                errors.add(new FieldError("source.type", "is required, chain or platform"));
            }
        }

        JsonNode filter = body.get("filter");
        JsonNode conditions = body.get("conditions");
        for (DefinitionError error : DefinitionParser.parse(filter, conditions).errors()) {
            errors.add(new FieldError(error.path(), error.message()));
        }
        String groupBy = null;
        JsonNode group = body.get("groupBy");
        if (group != null && !group.isNull()) {
            if (!Trigger.GROUP_BY_AGENT.equals(group.asText()) || !group.isTextual()) {
                errors.add(new FieldError("groupBy", "must be agentId (or null)"));
            } else {
                groupBy = Trigger.GROUP_BY_AGENT;
            }
        }
        List<ActionDefinition> actions = actions(body.get("actions"), errors);
        if (!errors.isEmpty()) {
            throw ProblemException.invalid(errors);
        }
        return new TriggerDefinition(name, description, enabled, sourceType, chainId, registry, eventTypes,
                filter == null || filter.isNull() ? JsonNodeFactory.instance.arrayNode() : filter,
                conditions == null || conditions.isNull() ? null : conditions, groupBy, actions);
    }

    private static List<String> eventTypes(JsonNode node, List<FieldError> errors) {
        if (node == null || !node.isArray() || node.isEmpty() || node.size() > 50) {
            errors.add(new FieldError("source.eventTypes", "is required, a list of 1 to 50 Agora event types"));
            return List.of();
        }
        Set<String> types = new LinkedHashSet<>();
        for (int i = 0; i < node.size(); i++) {
            JsonNode type = node.get(i);
            if (!type.isTextual() || type.asText().length() > 100 || !PLATFORM_TYPE.matcher(type.asText()).matches()) {
                errors.add(new FieldError("source.eventTypes[" + i + "]", "must be an Agora event type like"
                        + " agora.deployment.failed.v1"));
            } else {
                types.add(type.asText());
            }
        }
        return List.copyOf(types);
    }

    private static List<ActionDefinition> actions(JsonNode node, List<FieldError> errors) {
        if (node == null || node.isNull()) {
            return List.of();
        }
        if (!node.isArray() || node.size() > MAX_ACTIONS) {
            errors.add(new FieldError("actions", "must be a list of at most " + MAX_ACTIONS + " actions"));
            return List.of();
        }
        List<ActionDefinition> actions = new ArrayList<>();
        for (int i = 0; i < node.size(); i++) {
            String path = "actions[" + i + "]";
            JsonNode action = node.get(i);
            if (!action.isObject()) {
                errors.add(new FieldError(path, "must be an action object"));
                continue;
            }
            unexpected(action, Set.of("type", "priority", "config"), path, errors);
            JsonNode type = action.get("type");
            if (type == null || !ACTION_TYPES.contains(type.asText())) {
                errors.add(new FieldError(path + ".type", "is required, one of rest, telegram, mcp, notification"));
            }
            JsonNode priority = action.get("priority");
            if (priority != null && (!priority.isIntegralNumber() || priority.intValue() < 0 || priority.intValue() > 100)) {
                errors.add(new FieldError(path + ".priority", "must be a whole number from 0 to 100 (lower first)"));
            }
            JsonNode config = action.get("config");
            if (config != null && !config.isObject()) {
                errors.add(new FieldError(path + ".config", "must be an object"));
            } else if (config != null && config.toString().length() > 16_384) {
                errors.add(new FieldError(path + ".config", "must be at most 16 KiB of JSON"));
            } else if (type != null) {
                ActionConfigs.validate(type.asText(), config == null ? JsonNodeFactory.instance.objectNode() : config,
                        path + ".config", errors);
            }
            actions.add(new ActionDefinition(type == null ? null : type.asText(), priority == null ? 1 : priority.intValue(),
                    config == null ? JsonNodeFactory.instance.objectNode() : config));
        }
        return actions;
    }

    private static String text(JsonNode body, String name, boolean required, int max, List<FieldError> errors) {
        JsonNode node = body.get(name);
        if (node == null || node.isNull()) {
            if (required) {
                errors.add(new FieldError(name, "is required"));
            }
            return null;
        }
        if (!node.isTextual() || (required && node.asText().isBlank()) || node.asText().length() > max) {
            errors.add(new FieldError(name, "must be a " + (required ? "non-blank " : "") + "text of at most " + max
                    + " characters"));
            return null;
        }
        return node.asText().strip();
    }

    private static void unexpected(JsonNode object, Set<String> allowed, String path, List<FieldError> errors) {
        for (Iterator<String> names = object.fieldNames(); names.hasNext();) {
            String name = names.next();
            if (!allowed.contains(name)) {
                errors.add(new FieldError(path + "." + name, "is not expected here"));
            }
        }
    }
}
