package dev.agora.marketplace.catalog.consumers;

import java.util.HashSet;
import java.util.List;
import java.util.Set;

import jakarta.enterprise.context.ApplicationScoped;

import org.eclipse.microprofile.reactive.messaging.Incoming;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;

import dev.agora.common.consumer.IdempotentConsumer;
import dev.agora.common.consumer.PoisonEventException;
import dev.agora.common.consumer.PollProjection;
import dev.agora.common.events.IncomingEvent;
import dev.agora.marketplace.catalog.model.AgentEvent;
import dev.agora.marketplace.catalog.service.CatalogProjector;
import dev.agora.marketplace.notification.consumers.AgentStatusNotifier;
import dev.agora.marketplace.projection.ProjectionDispatcher;
import dev.agora.marketplace.task.model.TaskRunEvent;
import dev.agora.marketplace.task.consumers.TaskRunHandler;
import io.smallrye.mutiny.Uni;
import io.smallrye.reactive.messaging.kafka.KafkaRecordBatch;

/**
 * Consumes {@code agents.v1}: every agent event updates the catalog projection, and a status change also
 * notifies the owner; a snapshot sent for reconciliation repairs the catalog row if it differs; every task-run event (an agent's run of a task) moves its task ({@link TaskRunHandler}); then the
 * other {@link dev.agora.marketplace.projection.EventProjection}s of {@code agents.v1} run, all in the transaction that
 * records the event as processed. One transaction applies a whole poll, whose
 * catalog rows are loaded in one query and written in one batch ({@link PollProjection}).
 */
@ApplicationScoped
public class AgentEventsConsumer {
    /** The agent events and the task-run events: the types of {@code agents.v1} this service applies. */
    static final Set<String> HANDLED = union(union(AgentEvent.TYPES, TaskRunEvent.TYPES), Set.of(AgentEvent.SNAPSHOT));

    private final IdempotentConsumer consumer;
    private final ObjectMapper mapper;
    private final CatalogProjector catalog;
    private final AgentStatusNotifier notifier;
    private final ProjectionDispatcher projections;
    private final TaskRunHandler taskRuns;

    public AgentEventsConsumer(IdempotentConsumer consumer, ObjectMapper mapper, CatalogProjector catalog,
            AgentStatusNotifier notifier, ProjectionDispatcher projections, TaskRunHandler taskRuns) {
        this.taskRuns = taskRuns;
        this.consumer = consumer;
        this.mapper = mapper;
        this.catalog = catalog;
        this.notifier = notifier;
        this.projections = projections;
    }

    @Incoming("agents-in")
    public Uni<Void> onAgentEvents(KafkaRecordBatch<String, String> batch) {
        return consumer.consumeBatch(batch, HANDLED, new PollProjection() {
            @Override
            public Uni<Void> prepare(List<IncomingEvent> events) {
                return catalog.prepare(events.stream().filter(e -> !taskRuns.handles(e.type())).toList());
            }

            @Override
            public Uni<Void> apply(IncomingEvent event) {
                Uni<Void> applied = taskRuns.handles(event.type()) ? taskRuns.apply(event) : project(event);
                return applied.chain(() -> projections.apply(event));
            }
        });
    }

    private static Set<String> union(Set<String> a, Set<String> b) {
        Set<String> all = new HashSet<>(a);
        all.addAll(b);
        return Set.copyOf(all);
    }

    private Uni<Void> project(IncomingEvent event) {
        AgentEvent payload;
        try {
            payload = mapper.treeToValue(event.data(), AgentEvent.class);
        } catch (JsonProcessingException | IllegalArgumentException e) {
            return Uni.createFrom().failure(new PoisonEventException(
                    "event " + event.id() + " (" + event.type() + ") has an unreadable body: " + e.getMessage(), e));
        }
        if (AgentEvent.SNAPSHOT.equals(event.type())) {
            return catalog.reconcile(event.id(), payload);
        }
        Uni<Void> projected = catalog.apply(event.type(), payload);
        if (AgentEvent.STATUS_CHANGED.equals(event.type())) {
            // one session, so one statement after the other
            return projected.chain(() -> notifier.onStatusChanged(event, payload));
        }
        return projected;
    }
}
