package dev.agora.marketplace.stream.consumers;

import java.util.Set;
import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

import dev.agora.common.events.IncomingEvent;
import dev.agora.marketplace.catalog.model.AgentEvent;
import dev.agora.marketplace.notification.repository.AgentDirectory;
import dev.agora.marketplace.projection.EventProjection;
import dev.agora.marketplace.stream.service.StreamSignals;
import io.smallrye.mutiny.Uni;

/**
 * Live {@code agents} stream: every {@code agents.v1} event goes to its owner's streams as an {@code agent} event,
 * and, when it concerns the public catalog (the agent is listed after it, or the event may have unlisted it), to
 * every {@code agents} stream as a {@code catalog} event. Runs after the catalog projection, in its transaction.
 */
@ApplicationScoped
public class AgentStreamProjection implements EventProjection {
    private static final Set<String> MAY_UNLIST = Set.of(AgentEvent.STATUS_CHANGED, AgentEvent.ARCHIVED,
            AgentEvent.DELETED);

    private final StreamSignals signals;
    private final AgentDirectory agents;
    private final ObjectMapper mapper;

    public AgentStreamProjection(StreamSignals signals, AgentDirectory agents, ObjectMapper mapper) {
        this.signals = signals;
        this.agents = agents;
        this.mapper = mapper;
    }

    @Override
    public String topic() {
        return "agents.v1";
    }

    @Override
    public Set<String> types() {
        return AgentEvent.TYPES;
    }

    @Override
    public Uni<Void> apply(IncomingEvent event) {
        JsonNode agent = event.data().path("agent");
        UUID agentId = event.data().hasNonNull("agentId") ? event.requiredUuid("agentId") : event.requiredUuid("agent.id");
        // public events (agent.published) do not name the owner: the catalog knows it
        UUID named = event.data().hasNonNull("ownerId") ? event.requiredUuid("ownerId")
                : agent.hasNonNull("ownerId") ? event.requiredUuid("agent.ownerId") : null;
        ObjectNode change = mapper.createObjectNode().put("type", event.type()).put("agentId", agentId.toString())
                .put("name", agent.path("name").asText(null)).put("status", agent.path("status").asText(null))
                .put("runtimeStatus", agent.path("runtimeStatus").asText(null))
                .put("publicationStatus", agent.path("publicationStatus").asText(null))
                .put("version", agent.path("version").asLong())
                .put("occurredAt", event.time() == null ? null : event.time().toString());
        return agents.find(agentId).chain(listing -> {
            UUID ownerId = named != null ? named : listing == null ? null : listing.ownerId();
            if (ownerId == null) {
                return Uni.createFrom().voidItem();
            }
            ObjectNode catalog = null;
            boolean listed = listing != null && listing.listed();
            if (listed || MAY_UNLIST.contains(event.type())) {
                catalog = mapper.createObjectNode().put("type", event.type()).put("agentId", agentId.toString())
                        .put("listed", listed);
                if (listed) {
                    catalog.put("slug", listing.slug()).put("name", listing.name());
                }
            }
            return signals.agent(ownerId, change, catalog);
        });
    }
}
