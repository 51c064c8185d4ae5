package dev.agora.triggers.agentref.events;

import jakarta.enterprise.context.ApplicationScoped;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.eclipse.microprofile.reactive.messaging.Incoming;

import dev.agora.common.consumer.IdempotentConsumer;
import dev.agora.triggers.agentref.service.AgentRefProjection;
import io.smallrye.mutiny.Uni;

/**
 * Consumes {@code agents.v1} into {@code agent_refs}, each event exactly once; poison goes to {@code agents.v1.dlq}.
 * Types outside {@link AgentEvents#APPLIED} are acknowledged without touching the database.
 */
@ApplicationScoped
public class AgentEventsConsumer {
    private final IdempotentConsumer consumer;
    private final AgentRefProjection projection;

    public AgentEventsConsumer(IdempotentConsumer consumer, AgentRefProjection projection) {
        this.consumer = consumer;
        this.projection = projection;
    }

    @Incoming("agents-in")
    public Uni<Void> onAgentEvent(ConsumerRecord<String, String> record) {
        return consumer.consume(record, AgentEvents.APPLIED, projection::apply);
    }
}
