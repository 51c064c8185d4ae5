package dev.agora.common.consumer;

import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.Set;
import java.util.concurrent.Executor;
import java.util.function.Function;

import jakarta.enterprise.context.ApplicationScoped;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.jboss.logging.Logger;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import dev.agora.common.events.CloudEventHeaders;
import dev.agora.common.events.IncomingEvent;
import dev.agora.common.events.TraceContext;
import dev.agora.common.outbox.OutboxRelay;
import dev.agora.common.outbox.OutboxWriter;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanContext;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.smallrye.mutiny.Uni;
import io.vertx.core.Context;
import io.vertx.core.Vertx;

/**
 * Applies a consumed event to a local projection exactly once.
 * <p>
 * The event id is inserted into {@code processed_events} in the same transaction as the projection
 * change; a redelivered event finds its id there and changes nothing. A failing projection is retried
 * a bounded number of times, each time in a fresh transaction; then the returned Uni fails, the
 * message is nacked and the channel's dead-letter strategy sends it to {@code <topic>.dlq}, and
 * consumption goes on. The offset is committed only after the returned Uni completes.
 * <p>
 * Use from an {@code @Incoming} method receiving {@code ConsumerRecord<String, String>}.
 */
@ApplicationScoped
public class IdempotentConsumer {
    private static final Logger LOG = Logger.getLogger(IdempotentConsumer.class);
    private static final String MARK_PROCESSED = "insert into processed_events (event_id, event_type, topic)"
            + " values (?1, ?2, ?3) on conflict do nothing";

    private final ObjectMapper mapper;
    private final ConsumerConfig config;
    private final MeterRegistry registry;
    private final OutboxRelay relay;
    private final OutboxWriter outbox;

    public IdempotentConsumer(ObjectMapper mapper, ConsumerConfig config, MeterRegistry registry, OutboxRelay relay,
            OutboxWriter outbox) {
        this.mapper = mapper;
        this.config = config;
        this.registry = registry;
        this.relay = relay;
        this.outbox = outbox;
    }

    /**
     * Like {@link #consume(ConsumerRecord, Function)}, for a topic carrying more types than this service applies:
     * a type outside {@code handledTypes} is acknowledged without touching the database.
     */
    public Uni<Void> consume(ConsumerRecord<String, String> record, Set<String> handledTypes,
            Function<IncomingEvent, Uni<Void>> projection) {
        String type = CloudEventHeaders.read(record.headers(), CloudEventHeaders.TYPE);
        if (type != null && !handledTypes.contains(type)) {
            LOG.debugf("Ignoring %s at %s-%d@%d", type, record.topic(), record.partition(), record.offset());
            return Uni.createFrom().voidItem();
        }
        return consume(record, projection);
    }

    public Uni<Void> consume(ConsumerRecord<String, String> record, Function<IncomingEvent, Uni<Void>> projection) {
        IncomingEvent event;
        try {
            event = decode(record);
        } catch (PoisonEventException e) {
            LOG.warnf("Dead-lettering %s-%d@%d: %s", record.topic(), record.partition(), record.offset(), e.getMessage());
            count("agora.events.dead.lettered", record.topic(), "reason", "poison");
            return Uni.createFrom().failure(e);
        }
        // Panache needs the message's Vert.x context; retries resubscribe from a timer thread, so hop back.
        Executor onContext = contextExecutor();
        String traceId = traceIdOf(record);
        return Uni.createFrom().deferred(() -> applyOnce(event, projection, traceId))
                .runSubscriptionOn(onContext)
                .onFailure(failure -> !(failure instanceof PoisonEventException)).retry()
                .withBackOff(config.initialBackoff(), config.maxBackoff()).atMost(config.maxRetries())
                .onFailure().invoke(failure -> logDeadLetter(event, failure))
                .emitOn(onContext);
    }

    private void logDeadLetter(IncomingEvent event, Throwable failure) {
        count("agora.events.dead.lettered", event.topic(), "reason", failure instanceof PoisonEventException ? "poison" : "failed");
        if (failure instanceof PoisonEventException) {
            // expected bad input: the message says it all
            LOG.warnf("Dead-lettering %s", failure.getMessage());
        } else {
            LOG.warnf(failure, "Dead-lettering event %s (%s) from %s after retries", event.id(), event.type(), event.topic());
        }
    }

    /** Events applied since start, all topics (also exported as {@code agora_events_applied_total}). */
    public long appliedCount() {
        return total("agora.events.applied");
    }

    /** Redeliveries recognised and skipped since start, all topics. */
    public long duplicateCount() {
        return total("agora.events.duplicates");
    }

    private long total(String name) {
        return Math.round(registry.find(name).counters().stream().mapToDouble(Counter::count).sum());
    }

    private void count(String name, String topic, String... tags) {
        Counter.builder(name).tag("topic", topic).tags(tags).register(registry).increment();
    }

    private Uni<Void> applyOnce(IncomingEvent event, Function<IncomingEvent, Uni<Void>> projection, String traceId) {
        long appendedBefore = outbox.appendedCount();
        return Panache.withTransaction(() -> Panache.getSession()
                .flatMap(session -> session.createNativeQuery(MARK_PROCESSED)
                        .setParameter(1, event.id())
                        .setParameter(2, event.type())
                        .setParameter(3, event.topic())
                        .executeUpdate())
                .flatMap(inserted -> {
                    if (inserted == 0) {
                        count("agora.events.duplicates", event.topic());
                        LOG.debugf("Skipping already processed event %s (%s)", event.id(), event.type());
                        return Uni.createFrom().voidItem();
                    }
                    return projection.apply(event).invoke(() -> {
                        count("agora.events.applied", event.topic());
                        LOG.debugf("Applied event %s (%s) from %s-%d@%d traceId=%s", event.id(), event.type(), event.topic(),
                                event.partition(), event.offset(), traceId);
                    });
                }))
                // events the projection wrote to the outbox (a consequence published on) leave at once, not at the
                // next poll; a projection that wrote none (most) costs the relay nothing
                .invoke(() -> {
                    if (outbox.appendedCount() != appendedBefore) {
                        relay.wake();
                    }
                });
    }

    private IncomingEvent decode(ConsumerRecord<String, String> record) {
        String id = CloudEventHeaders.read(record.headers(), CloudEventHeaders.ID);
        String type = CloudEventHeaders.read(record.headers(), CloudEventHeaders.TYPE);
        if (id == null || id.isBlank() || type == null || type.isBlank()) {
            throw new PoisonEventException("not a CloudEvent: ce_id and ce_type headers are required");
        }
        if (record.value() == null) {
            throw new PoisonEventException("event " + id + " has no body");
        }
        JsonNode data;
        try {
            data = mapper.readTree(record.value());
        } catch (JsonProcessingException e) {
            throw new PoisonEventException("event " + id + " body is not JSON: " + e.getOriginalMessage(), e);
        }
        if (data == null || !data.isObject()) {
            throw new PoisonEventException("event " + id + " body is not a JSON object");
        }
        return new IncomingEvent(id, type,
                CloudEventHeaders.read(record.headers(), CloudEventHeaders.SOURCE),
                CloudEventHeaders.read(record.headers(), CloudEventHeaders.SUBJECT),
                parseTime(CloudEventHeaders.read(record.headers(), CloudEventHeaders.TIME)),
                record.topic(), record.partition(), record.offset(), data);
    }

    /** The trace this event belongs to: the consumer span's (SmallRye continues the producer's), else the header's. */
    private static String traceIdOf(ConsumerRecord<String, String> record) {
        SpanContext span = Span.current().getSpanContext();
        if (span.isValid()) {
            return span.getTraceId();
        }
        return TraceContext.traceIdOf(CloudEventHeaders.read(record.headers(), TraceContext.HEADER));
    }

    private static Instant parseTime(String value) {
        if (value == null) {
            return null;
        }
        try {
            return Instant.parse(value);
        } catch (DateTimeParseException e) {
            return null;
        }
    }

    private static Executor contextExecutor() {
        Context context = Vertx.currentContext();
        if (context == null) {
            return Runnable::run;
        }
        return task -> {
            if (Vertx.currentContext() == context) {
                task.run();
            } else {
                context.runOnContext(ignored -> task.run());
            }
        };
    }
}
