package dev.agora.agents.agent.consumers;

import jakarta.enterprise.context.ApplicationScoped;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.eclipse.microprofile.reactive.messaging.Incoming;

import java.util.Set;

import dev.agora.agents.agent.service.AgentLifecycle;
import dev.agora.agents.run.service.RunWorkers;
import dev.agora.agents.run.service.RuntimeWaiters;
import dev.agora.agents.run.service.TaskRunIntake;
import dev.agora.common.auth.SessionRevocationProjection;
import dev.agora.common.consumer.IdempotentConsumer;
import dev.agora.common.events.CloudEventHeaders;
import io.smallrye.mutiny.Uni;
import io.smallrye.reactive.messaging.kafka.KafkaRecordBatch;

/**
 * Consumes {@code identity.v1} (user deleted; sessions revoked, whose tokens are refused from then on),
 * {@code deployments.v1} (deployment outcomes, runtime status) and {@code marketplace.v1} (hires, finished tasks and
 * the hirers' answers, which drive the work at the agents), each event exactly once; other types are acknowledged
 * untouched; poison goes to {@code <topic>.dlq}.
 */
@ApplicationScoped
public class ConsumedEvents {
    private static final Set<String> IDENTITY_TYPES = SessionRevocationProjection.plus(AgentLifecycle.IDENTITY_TYPES);

    private final IdempotentConsumer consumer;
    private final AgentLifecycle lifecycle;
    private final SessionRevocationProjection revocations;
    private final TaskRunIntake runs;
    private final RunWorkers workers;
    private final RuntimeWaiters runtimes;

    public ConsumedEvents(IdempotentConsumer consumer, AgentLifecycle lifecycle, SessionRevocationProjection revocations,
            TaskRunIntake runs, RunWorkers workers, RuntimeWaiters runtimes) {
        this.consumer = consumer;
        this.lifecycle = lifecycle;
        this.revocations = revocations;
        this.runs = runs;
        this.workers = workers;
        this.runtimes = runtimes;
    }

    @Incoming("identity-in")
    public Uni<Void> onIdentityEvent(ConsumerRecord<String, String> record) {
        return consumer.consume(record, IDENTITY_TYPES, revocations.orElse(lifecycle::onIdentityEvent));
    }

    @Incoming("deployments-in")
    public Uni<Void> onDeploymentEvent(ConsumerRecord<String, String> record) {
        return consumer.consume(record, AgentLifecycle.DEPLOYMENT_TYPES, lifecycle::onDeploymentEvent);
    }

    /**
     * A poll of hires, finished tasks and answers in one transaction; the runs it queued are sent at once, not at the
     * workers' next poll, and the deployed agents waiting for work (the record key is the agent id) are woken.
     */
    @Incoming("marketplace-in")
    public Uni<Void> onMarketplaceEvents(KafkaRecordBatch<String, String> batch) {
        boolean handled = batch.getRecords().stream().anyMatch(record -> TaskRunIntake.TYPES.contains(
                CloudEventHeaders.read(record.getHeaders(), CloudEventHeaders.TYPE)));
        return consumer.consumeBatch(batch, TaskRunIntake.TYPES, runs::onMarketplaceEvent).invoke(() -> {
            if (handled) {
                workers.wake();
                batch.getRecords().forEach(record -> runtimes.signal(record.getKey()));
            }
        });
    }
}
