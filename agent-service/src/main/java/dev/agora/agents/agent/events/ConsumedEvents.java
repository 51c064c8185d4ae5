package dev.agora.agents.agent.events;

import jakarta.enterprise.context.ApplicationScoped;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.eclipse.microprofile.reactive.messaging.Incoming;

import java.util.Set;

import dev.agora.agents.agent.service.AgentLifecycle;
import dev.agora.common.auth.SessionRevocationProjection;
import dev.agora.common.consumer.IdempotentConsumer;
import io.smallrye.mutiny.Uni;

/**
 * Consumes {@code identity.v1} (user deleted; sessions revoked, whose tokens are refused from then on) and
 * {@code deployments.v1} (deployment outcomes, runtime status), each event exactly once; other types are acknowledged
 * untouched; poison goes to {@code <topic>.dlq}.
 */
@ApplicationScoped
public class ConsumedEvents {
    private static final Set<String> IDENTITY_TYPES = SessionRevocationProjection.plus(AgentLifecycle.IDENTITY_TYPES);

    private final IdempotentConsumer consumer;
    private final AgentLifecycle lifecycle;
    private final SessionRevocationProjection revocations;

    public ConsumedEvents(IdempotentConsumer consumer, AgentLifecycle lifecycle, SessionRevocationProjection revocations) {
        this.consumer = consumer;
        this.lifecycle = lifecycle;
        this.revocations = revocations;
    }

    @Incoming("identity-in")
    public Uni<Void> onIdentityEvent(ConsumerRecord<String, String> record) {
        return consumer.consume(record, IDENTITY_TYPES, revocations.orElse(lifecycle::onIdentityEvent));
    }

    @Incoming("deployments-in")
    public Uni<Void> onDeploymentEvent(ConsumerRecord<String, String> record) {
        return consumer.consume(record, AgentLifecycle.DEPLOYMENT_TYPES, lifecycle::onDeploymentEvent);
    }
}
