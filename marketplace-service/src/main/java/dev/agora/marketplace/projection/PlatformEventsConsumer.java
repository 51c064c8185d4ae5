package dev.agora.marketplace.projection;

import jakarta.enterprise.context.ApplicationScoped;

import org.eclipse.microprofile.reactive.messaging.Incoming;

import dev.agora.common.consumer.IdempotentConsumer;
import io.smallrye.mutiny.Uni;
import io.smallrye.reactive.messaging.kafka.KafkaRecordBatch;

/**
 * Consumes the topics whose events only feed {@link EventProjection}s (stats, leaderboards, notifications, usage):
 * each event is applied to every interested projection exactly once, a poll's events in one transaction. {@code agents.v1} and
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
    public Uni<Void> onDeploymentEvents(KafkaRecordBatch<String, String> batch) {
        return dispatch(batch);
    }

    @Incoming("marketplace-in")
    public Uni<Void> onMarketplaceEvents(KafkaRecordBatch<String, String> batch) {
        return dispatch(batch);
    }

    @Incoming("triggers-in")
    public Uni<Void> onTriggerEvents(KafkaRecordBatch<String, String> batch) {
        return dispatch(batch);
    }

    @Incoming("usage-in")
    public Uni<Void> onUsageEvents(KafkaRecordBatch<String, String> batch) {
        return dispatch(batch);
    }

    private Uni<Void> dispatch(KafkaRecordBatch<String, String> batch) {
        String topic = batch.getRecords().isEmpty() ? "" : batch.getRecords().get(0).getTopic();
        return consumer.consumeBatch(batch, dispatcher.typesOf(topic), dispatcher::apply);
    }
}
