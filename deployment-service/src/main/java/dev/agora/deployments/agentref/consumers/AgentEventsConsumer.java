package dev.agora.deployments.agentref.consumers;

import jakarta.enterprise.context.ApplicationScoped;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.eclipse.microprofile.reactive.messaging.Incoming;

import dev.agora.common.consumer.IdempotentConsumer;
import dev.agora.common.outbox.OutboxRelay;
import dev.agora.deployments.agentref.model.AgentEvents;
import dev.agora.deployments.agentref.service.AgentRefProjection;
import io.smallrye.mutiny.Uni;

/**
 * Consumes {@code agents.v1} into {@code agent_refs}, each event exactly once; poison goes to {@code agents.v1.dlq}.
 * Types outside {@link AgentEvents#APPLIED} are acknowledged without touching the database.
 */
@ApplicationScoped
public class AgentEventsConsumer {
    private final IdempotentConsumer consumer;
    private final AgentRefProjection projection;
    private final OutboxRelay relay;

    public AgentEventsConsumer(IdempotentConsumer consumer, AgentRefProjection projection, OutboxRelay relay) {
        this.consumer = consumer;
        this.projection = projection;
        this.relay = relay;
    }

    @Incoming("agents-in")
    public Uni<Void> onAgentEvent(ConsumerRecord<String, String> record) {
        // a deletion or a config change may have written deployment events: publish them now, not at the next poll
        return consumer.consume(record, AgentEvents.APPLIED, projection::apply).invoke(relay::wake);
    }
}
