package dev.agora.deployments.identity.consumers;

import java.util.Set;

import jakarta.enterprise.context.ApplicationScoped;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.eclipse.microprofile.reactive.messaging.Incoming;

import dev.agora.common.auth.SessionRevocationProjection;
import dev.agora.common.auth.SessionRevokedEvent;
import dev.agora.common.consumer.IdempotentConsumer;
import io.smallrye.mutiny.Uni;

/**
 * Consumes {@code identity.v1} for the sessions the gateway ended (their tokens are refused from then on), each
 * event exactly once; other types are acknowledged without touching the database; poison goes to
 * {@code identity.v1.dlq}.
 */
@ApplicationScoped
public class IdentityEventsConsumer {
    private static final Set<String> APPLIED = Set.of(SessionRevokedEvent.TYPE);

    private final IdempotentConsumer consumer;
    private final SessionRevocationProjection revocations;

    public IdentityEventsConsumer(IdempotentConsumer consumer, SessionRevocationProjection revocations) {
        this.consumer = consumer;
        this.revocations = revocations;
    }

    @Incoming("identity-in")
    public Uni<Void> onIdentityEvent(ConsumerRecord<String, String> record) {
        return consumer.consume(record, APPLIED, revocations::apply);
    }
}
