package dev.agora.marketplace.projection;

import jakarta.enterprise.context.ApplicationScoped;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.eclipse.microprofile.reactive.messaging.Incoming;

import dev.agora.common.consumer.IdempotentConsumer;
import io.smallrye.mutiny.Uni;

/**
 * Consumes the topics whose events only feed {@link EventProjection}s (stats, leaderboards, notifications, usage):
 * each event is applied to every interested projection exactly once, in one transaction. {@code agents.v1} and
 * {@code identity.v1} have their own consumers, which call the same dispatcher after their own projections.
 */
@ApplicationScoped
public class PlatformEventsConsumer {
    private final IdempotentConsumer consumer;
    private final ProjectionDispatcher dispatcher;

    public PlatformEventsConsumer(IdempotentConsumer consumer, ProjectionDispatcher dispatcher) {
        this.consumer = consumer;
        this.dispatcher = dispatcher;
    }

    @Incoming("deployments-in")
    public Uni<Void> onDeploymentEvent(ConsumerRecord<String, String> record) {
        return dispatch(record);
    }

    @Incoming("marketplace-in")
    public Uni<Void> onMarketplaceEvent(ConsumerRecord<String, String> record) {
        return dispatch(record);
    }

    @Incoming("triggers-in")
    public Uni<Void> onTriggerEvent(ConsumerRecord<String, String> record) {
        return dispatch(record);
    }

    @Incoming("usage-in")
    public Uni<Void> onUsageEvent(ConsumerRecord<String, String> record) {
        return dispatch(record);
    }

    private Uni<Void> dispatch(ConsumerRecord<String, String> record) {
        return consumer.consume(record, dispatcher.typesOf(record.topic()), dispatcher::apply);
    }
}
