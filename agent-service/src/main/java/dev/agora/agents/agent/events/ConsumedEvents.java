package dev.agora.agents.agent.events;

import jakarta.enterprise.context.ApplicationScoped;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.eclipse.microprofile.reactive.messaging.Incoming;

import dev.agora.agents.agent.service.AgentLifecycle;
import dev.agora.common.consumer.IdempotentConsumer;
import io.smallrye.mutiny.Uni;

/**
 * Consumes {@code identity.v1} (user deleted) and {@code deployments.v1} (deployment outcomes, runtime status),
 * each event exactly once; other types are acknowledged untouched; poison goes to {@code <topic>.dlq}.
 */
@ApplicationScoped
public class ConsumedEvents {
    private final IdempotentConsumer consumer;
    private final AgentLifecycle lifecycle;

    public ConsumedEvents(IdempotentConsumer consumer, AgentLifecycle lifecycle) {
        this.consumer = consumer;
        this.lifecycle = lifecycle;
    }

    @Incoming("identity-in")
    public Uni<Void> onIdentityEvent(ConsumerRecord<String, String> record) {
        return consumer.consume(record, AgentLifecycle.IDENTITY_TYPES, lifecycle::onIdentityEvent);
    }

    @Incoming("deployments-in")
    public Uni<Void> onDeploymentEvent(ConsumerRecord<String, String> record) {
        return consumer.consume(record, AgentLifecycle.DEPLOYMENT_TYPES, lifecycle::onDeploymentEvent);
    }
}
