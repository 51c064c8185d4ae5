package dev.agora.triggers.agentref.consumers;

import jakarta.enterprise.context.ApplicationScoped;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.eclipse.microprofile.reactive.messaging.Incoming;

import dev.agora.triggers.agentref.model.AgentEvents;
import dev.agora.triggers.agentref.service.AgentRefProjection;
import dev.agora.triggers.platform.consumers.PlatformEventsConsumer;
import io.smallrye.mutiny.Uni;

/**
 * Consumes {@code agents.v1} into {@code agent_refs}, each event exactly once, and runs every event through the
 * platform triggers watching its type (same transaction); poison goes to {@code agents.v1.dlq}. Types neither
 * projected ({@link AgentEvents#APPLIED}) nor watched are acknowledged without touching the database.
 */
@ApplicationScoped
public class AgentEventsConsumer {
    private final PlatformEventsConsumer consumer;
    private final AgentRefProjection projection;

    public AgentEventsConsumer(PlatformEventsConsumer consumer, AgentRefProjection projection) {
        this.consumer = consumer;
        this.projection = projection;
    }

    @Incoming("agents-in")
    public Uni<Void> onAgentEvent(ConsumerRecord<String, String> record) {
        return consumer.consume(record, AgentEvents.APPLIED, projection::apply);
    }
}
