package dev.agora.triggers.agentref.events;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.UUID;

import com.fasterxml.jackson.databind.JsonNode;

import dev.agora.common.consumer.PoisonEventException;
import dev.agora.common.events.IncomingEvent;
import dev.agora.triggers.agentref.repository.AgentRef;

/**
 * The events of {@code agents.v1} that trigger-service applies, and how it reads them. Each carries
 * {@code agentId}, {@code ownerId} and the whole {@code agent} snapshot with its {@code version}.
 */
public final class AgentEvents {
    public static final String REGISTERED = "agora.agent.registered.v1";
    public static final String UPDATED = "agora.agent.updated.v1";
    public static final String STATUS_CHANGED = "agora.agent.status-changed.v1";
    public static final String DELETED = "agora.agent.deleted.v1";

    private static final Set<String> APPLIED = Set.of(REGISTERED, UPDATED, STATUS_CHANGED, DELETED);

    private AgentEvents() {
    }

    /** Other types on the topic (other aggregates, newer event types) are acknowledged and ignored. */
    public static boolean applies(String type) {
        return APPLIED.contains(type);
    }

    /** The event's agent snapshot, as {@code agent_refs} keeps it; a malformed one can never apply. */
    public static AgentRef agentRef(IncomingEvent event) {
        JsonNode agent = event.data().path("agent");
        if (!agent.isObject()) {
            throw poison(event, "has no agent snapshot");
        }
        JsonNode version = agent.path("version");
        if (!version.isIntegralNumber() || !version.canConvertToLong()) {
            throw poison(event, "has no agent.version");
        }
        String status = text(agent, "status");
        if (status == null) {
            throw poison(event, "has no agent.status");
        }
        return new AgentRef(uuid(event, "agentId"), uuid(event, "ownerId"), orgSlugs(event, agent), text(agent, "name"),
                status, version.longValue());
    }

    private static UUID uuid(IncomingEvent event, String field) {
        String value = event.text(field);
        if (value == null) {
            throw poison(event, "has no " + field);
        }
        try {
            return UUID.fromString(value);
        } catch (IllegalArgumentException e) {
            throw poison(event, "has a " + field + " that is not a UUID: " + value);
        }
    }

    // organizationSlugs arrives with a later agent-service issue: until then, none
    private static List<String> orgSlugs(IncomingEvent event, JsonNode agent) {
        JsonNode slugs = agent.path("organizationSlugs");
        if (slugs.isMissingNode() || slugs.isNull()) {
            return List.of();
        }
        if (!slugs.isArray()) {
            throw poison(event, "has an agent.organizationSlugs that is not an array");
        }
        List<String> values = new ArrayList<>();
        for (JsonNode slug : slugs) {
            if (!slug.isTextual()) {
                throw poison(event, "has an agent.organizationSlugs entry that is not a string");
            }
            values.add(slug.asText());
        }
        return values;
    }

    private static String text(JsonNode node, String field) {
        JsonNode value = node.path(field);
        return value.isMissingNode() || value.isNull() ? null : value.asText();
    }

    private static PoisonEventException poison(IncomingEvent event, String problem) {
        return new PoisonEventException("event " + event.id() + " (" + event.type() + ") " + problem);
    }
}
