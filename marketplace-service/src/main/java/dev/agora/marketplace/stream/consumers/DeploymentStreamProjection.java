package dev.agora.marketplace.stream.consumers;

import java.util.Set;

import jakarta.enterprise.context.ApplicationScoped;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

import dev.agora.common.events.IncomingEvent;
import dev.agora.marketplace.projection.EventProjection;
import dev.agora.marketplace.stream.service.StreamSignals;
import io.smallrye.mutiny.Uni;

/** Live {@code deployments} stream: deployment and runtime events of an agent go to its owner's streams. */
@ApplicationScoped
public class DeploymentStreamProjection implements EventProjection {
    private static final int ERROR_LENGTH = 500;

    private final StreamSignals signals;
    private final ObjectMapper mapper;

    public DeploymentStreamProjection(StreamSignals signals, ObjectMapper mapper) {
        this.signals = signals;
        this.mapper = mapper;
    }

    @Override
    public String topic() {
        return "deployments.v1";
    }

    @Override
    public Set<String> types() {
        return Set.of("agora.deployment.requested.v1", "agora.deployment.started.v1", "agora.deployment.succeeded.v1",
                "agora.deployment.failed.v1", "agora.deployment.cancelled.v1", "agora.deployment.stopped.v1",
                "agora.agent.runtime-status-changed.v1");
    }

    @Override
    public Uni<Void> apply(IncomingEvent event) {
        JsonNode deployment = event.data().path("deployment");
        ObjectNode change = mapper.createObjectNode().put("type", event.type())
                .put("agentId", event.requiredUuid("agentId").toString())
                .put("deploymentId", event.text("deploymentId"))
                .put("occurredAt", event.time() == null ? null : event.time().toString());
        if (deployment.isObject()) {
            String error = deployment.path("errorMessage").asText(null);
            change.put("status", deployment.path("status").asText(null))
                    .put("version", deployment.path("version").asLong())
                    .put("deploymentUrl", deployment.path("deploymentUrl").asText(null))
                    // NOTIFY payloads are limited to 8000 bytes
                    .put("errorMessage", error == null || error.length() <= ERROR_LENGTH ? error
                            : error.substring(0, ERROR_LENGTH));
        } else {
            change.put("oldStatus", event.text("oldStatus")).put("newStatus", event.text("newStatus"));
        }
        return signals.deployment(event.requiredUuid("ownerId"), change);
    }
}
