package dev.agora.common.consumer;

import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.Executor;
import java.util.function.Function;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.hibernate.reactive.mutiny.Mutiny;
import org.jboss.logging.Logger;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import dev.agora.common.events.Audience;
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
import io.quarkus.runtime.ShutdownEvent;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;
import io.smallrye.reactive.messaging.kafka.KafkaRecord;
import io.smallrye.reactive.messaging.kafka.KafkaRecordBatch;
import io.smallrye.reactive.messaging.kafka.api.IncomingKafkaRecordMetadata;
import io.vertx.core.Context;
import io.vertx.core.Vertx;

/**
 * Applies a consumed event to a local projection exactly once.
 * <p>
 * The event id is inserted into {@code processed_events} in the same transaction as the projection
 * change; a redelivered event finds its id there and changes nothing. A failing projection is tried again, each time
 * in a fresh transaction ({@link Retrying}): while the database fails, without limit, holding the partition's next
 * events; otherwise a bounded number of times, after which the returned Uni fails, the message is nacked and the
 * channel's dead-letter strategy sends it to {@code <topic>.dlq}, and consumption goes on. The offset is committed only after the returned Uni completes. Work the projections leave to
 * the end of the transaction ({@link BeforeCommit}) runs after the last event, before the commit.
 * <p>
 * Use from an {@code @Incoming} method receiving {@code ConsumerRecord<String, String>}, or, on a channel with
 * {@code batch=true}, from one receiving the poll's {@code KafkaRecordBatch<String, String>}
 * ({@link #consumeBatch}): the poll's events are applied in one transaction, so a busy topic pays for one commit per
 * poll instead of one per event.
 */
@ApplicationScoped
public class IdempotentConsumer {
    private static final Logger LOG = Logger.getLogger(IdempotentConsumer.class);
    private static final String MARK_PROCESSED = "insert into processed_events (event_id, event_type, topic)"
            + " values (?1, ?2, ?3) on conflict do nothing";
    /** A poll's events in one statement (one array per column); an id recorded before is skipped. */
    private static final String MARK_ALL_PROCESSED = "insert into processed_events (event_id, event_type, topic)"
            + " select * from unnest(cast(?1 as varchar[]), cast(?2 as varchar[]), cast(?3 as varchar[]))"
            + " on conflict do nothing";

    private final ObjectMapper mapper;
    private final MeterRegistry registry;
    private final OutboxRelay relay;
    private final OutboxWriter outbox;
    private final Retrying retrying;
    private final String service;
    private volatile boolean stopping;

    public IdempotentConsumer(ObjectMapper mapper, ConsumerConfig config, MeterRegistry registry, OutboxRelay relay,
            OutboxWriter outbox, ConsumerPauses pauses,
            @ConfigProperty(name = "quarkus.application.name") String service) {
        this.mapper = mapper;
        this.service = service;
        this.retrying = new Retrying(config, pauses, () -> stopping);
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
        return isIgnored(record, handledTypes) ? Uni.createFrom().voidItem() : consume(record, projection);
    }

    public Uni<Void> consume(ConsumerRecord<String, String> record, Function<IncomingEvent, Uni<Void>> projection) {
        IncomingEvent event;
        try {
            event = decode(record);
        } catch (PoisonEventException e) {
            countUndecodable(record, e);
            return Uni.createFrom().failure(deadLettered(e));
        }
        return applyWithRetries(event, projection, traceIdOf(record), contextExecutor());
    }

    /**
     * Applies one poll's records (a channel with {@code batch=true}): the events this service handles in one
     * transaction, all recorded in {@code processed_events} by one statement, then each applied from a clear session,
     * as if on its own, and the work they left to the end ({@link BeforeCommit}) done once; the records are
     * acknowledged after the commit. Types outside {@code handledTypes} are acknowledged untouched, poison
     * records dead-lettered alone. If the transaction fails, every event is applied again on its own as
     * {@link #consume(ConsumerRecord, Function)} does, so only an event that still fails after its retries is
     * dead-lettered; so is a poll holding an event processed before (a redelivery), which skips that event. The
     * returned Uni never fails: every record has been acked or nacked when it completes.
     */
    public Uni<Void> consumeBatch(KafkaRecordBatch<String, String> batch, Set<String> handledTypes,
            Function<IncomingEvent, Uni<Void>> projection) {
        return consumeBatch(batch, handledTypes, projection,
                (session, pending) -> applyEachFromClearSession(session, pending, projection));
    }

    /**
     * Like {@link #consumeBatch(KafkaRecordBatch, Set, Function)}, for a {@link PollProjection}: the poll's events are
     * prepared at once and applied in one session that keeps its entities, flushed once after the last event. A failed
     * poll is applied event by event with {@link PollProjection#apply} alone.
     */
    public Uni<Void> consumeBatch(KafkaRecordBatch<String, String> batch, Set<String> handledTypes,
            PollProjection projection) {
        return consumeBatch(batch, handledTypes, projection::apply,
                (session, pending) -> applyPoll(session, pending, projection));
    }

    /** How a poll's events are applied inside its transaction, once they are recorded as processed. */
    private interface PollApplication {
        Uni<Void> apply(Mutiny.Session session, List<Pending> pending);
    }

    /** {@code projection} applies one event alone: the failed poll's fallback, event by event. */
    private Uni<Void> consumeBatch(KafkaRecordBatch<String, String> batch, Set<String> handledTypes,
            Function<IncomingEvent, Uni<Void>> projection, PollApplication application) {
        List<Pending> pending = new ArrayList<>();
        List<Uni<Void>> settled = new ArrayList<>();
        for (KafkaRecord<String, String> message : batch.getRecords()) {
            ConsumerRecord<String, String> record = consumerRecordOf(message);
            if (isIgnored(record, handledTypes)) {
                settled.add(Uni.createFrom().completionStage(message::ack));
                continue;
            }
            try {
                pending.add(new Pending(message, decode(record),
                        TraceContext.traceIdOf(CloudEventHeaders.read(record.headers(), TraceContext.HEADER))));
            } catch (PoisonEventException e) {
                countUndecodable(record, e);
                settled.add(Uni.createFrom().completionStage(() -> message.nack(deadLettered(e))));
            }
        }
        Executor onContext = contextExecutor();
        Uni<Void> applied = pending.isEmpty() ? Uni.createFrom().voidItem()
                : Uni.createFrom().deferred(() -> applyAllOnce(pending, application))
                        .runSubscriptionOn(onContext)
                        .chain(() -> settle(pending.stream()
                                .map(p -> Uni.createFrom().completionStage(p.message()::ack)).toList()))
                        .onFailure().recoverWithUni(failure -> {
                            if (failure instanceof ProcessedBefore) {
                                LOG.debugf("Applying %d events one by one: %s", pending.size(), failure.getMessage());
                            } else {
                                LOG.infof("Applying %d events one by one: their batch failed (%s)", pending.size(), failure.toString());
                            }
                            return Multi.createFrom().iterable(pending)
                                    .onItem().transformToUniAndConcatenate(p -> applyAlone(p, projection, onContext))
                                    .collect().last().replaceWithVoid();
                        });
        // a record whose ack or dead-lettering failed stays uncommitted; the throttled commit strategy then reports
        // the channel unhealthy, which is the signal (failing here could stop the channel)
        return applied.chain(() -> settle(settled))
                .onFailure().recoverWithItem(failure -> {
                    LOG.errorf(failure, "Could not acknowledge every record of a batch from %s", batch.getRecords().get(0).getTopic());
                    return null;
                })
                .emitOn(onContext);
    }

    /** A type outside {@code handledTypes} is acknowledged without touching the database. */
    private static boolean isIgnored(ConsumerRecord<String, String> record, Set<String> handledTypes) {
        String type = CloudEventHeaders.read(record.headers(), CloudEventHeaders.TYPE);
        if (type != null && !handledTypes.contains(type)) {
            LOG.debugf("Ignoring %s at %s-%d@%d", type, record.topic(), record.partition(), record.offset());
            return true;
        }
        return false;
    }

    /** A record that is not a readable CloudEvent is dead-lettered at once, never retried. */
    private void countUndecodable(ConsumerRecord<String, String> record, PoisonEventException e) {
        LOG.warnf("Dead-lettering %s-%d@%d: %s", record.topic(), record.partition(), record.offset(), e.getMessage());
        count("agora.events.dead.lettered", record.topic(), "reason", "poison");
    }

    /** One event of a failed batch in its own transaction, with retries; acked when applied, else dead-lettered. */
    private Uni<Void> applyAlone(Pending pending, Function<IncomingEvent, Uni<Void>> projection, Executor onContext) {
        return applyWithRetries(pending.event(), projection, pending.traceId(), onContext)
                .chain(() -> Uni.createFrom().completionStage(pending.message()::ack))
                .onFailure().recoverWithUni(failure -> Uni.createFrom().completionStage(() -> pending.message().nack(failure)));
    }

    private static Uni<Void> settle(List<Uni<Void>> acknowledgements) {
        return acknowledgements.isEmpty() ? Uni.createFrom().voidItem()
                : Uni.join().all(acknowledgements).andCollectFailures().replaceWithVoid();
    }

    private Uni<Void> applyWithRetries(IncomingEvent event, Function<IncomingEvent, Uni<Void>> projection, String traceId,
            Executor onContext) {
        // Panache needs the message's Vert.x context; retries resubscribe from a timer thread, so hop back.
        return retrying.apply(event.topic(), "event " + event.id() + " (" + event.type() + ")",
                        () -> applyOnce(event, projection, traceId), onContext)
                .onFailure().invoke(failure -> logDeadLetter(event, failure))
                .onFailure().transform(this::deadLettered)
                .emitOn(onContext);
    }

    private Throwable deadLettered(Throwable failure) {
        return failure instanceof DeadLetteredException ? failure : new DeadLetteredException(service, failure);
    }

    /** From here on a failure is left unacknowledged rather than dead-lettered: it is most likely the shutdown's. */
    void stopping(@Observes ShutdownEvent shutdown) {
        stopping = true;
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
        return Panache.withTransaction(() -> Panache.getSession().chain(session -> {
                    BeforeCommit beforeCommit = BeforeCommit.open();
                    return markAndApply(session, event, projection)
                            .call(session::flush)
                            .call(beforeCommit::runAll)
                            .eventually(BeforeCommit::close);
                }))
                .invoke(applied -> counted(event, applied, traceId))
                .invoke(() -> wakeRelayIfAppended(appendedBefore))
                .replaceWithVoid();
    }

    /**
     * The batch's events recorded as processed in one statement, then applied one after the other in the same
     * transaction, each from a clear session as if alone. If any of them had been processed before (a redelivery),
     * the transaction fails with {@link ProcessedBefore} and the batch is applied event by event, which skips it.
     */
    private Uni<Void> applyAllOnce(List<Pending> pending, PollApplication application) {
        long appendedBefore = outbox.appendedCount();
        return Panache.withTransaction(() -> Panache.getSession().chain(session -> {
            BeforeCommit beforeCommit = BeforeCommit.open();
            return markAllProcessed(session, pending)
                    .chain(() -> application.apply(session, pending))
                    .call(beforeCommit::runAll)
                    .eventually(BeforeCommit::close);
        })).invoke(() -> {
            pending.forEach(p -> counted(p.event(), true, p.traceId()));
            wakeRelayIfAppended(appendedBefore);
        });
    }

    /**
     * A clear session per event: an entity loaded for one event is never stale for the next, which may follow a
     * native statement on the same row.
     */
    private static Uni<Void> applyEachFromClearSession(Mutiny.Session session, List<Pending> pending,
            Function<IncomingEvent, Uni<Void>> projection) {
        return inOrder(pending, each -> projection.apply(each.event())
                .chain(() -> session.flush().invoke(session::clear)));
    }

    /** The poll prepared at once, its events applied in one session, and their changes written in one flush. */
    private static Uni<Void> applyPoll(Mutiny.Session session, List<Pending> pending, PollProjection poll) {
        return poll.prepare(pending.stream().map(Pending::event).toList())
                .chain(() -> inOrder(pending, each -> poll.apply(each.event())))
                .chain(session::flush);
    }

    /**
     * {@code step} applied to each item, one after the other. Concatenated, not chained: a step that completes at once
     * (an event applied to entities the session already holds) returns before the next starts, where a chain of
     * {@code Uni}s would nest every such step in the one before, a poll's hundred of them deep enough to overflow an
     * event loop's stack, and an overflow there is lost and leaves the poll unfinished for ever.
     */
    static <T> Uni<Void> inOrder(List<T> items, Function<T, Uni<Void>> step) {
        return Multi.createFrom().iterable(items)
                .onItem().transformToUniAndConcatenate(step::apply)
                .collect().last()
                .replaceWithVoid();
    }

    private Uni<Void> markAllProcessed(Mutiny.Session session, List<Pending> pending) {
        String[] ids = new String[pending.size()];
        String[] types = new String[pending.size()];
        String[] topics = new String[pending.size()];
        for (int i = 0; i < pending.size(); i++) {
            IncomingEvent event = pending.get(i).event();
            ids[i] = event.id();
            types[i] = event.type();
            topics[i] = event.topic();
        }
        return session.createNativeQuery(MARK_ALL_PROCESSED)
                .setParameter(1, ids)
                .setParameter(2, types)
                .setParameter(3, topics)
                .executeUpdate()
                .invoke(inserted -> {
                    if (inserted != pending.size()) {
                        throw new ProcessedBefore(pending.size() - inserted);
                    }
                })
                .replaceWithVoid();
    }

    /** Some events of a batch were processed before (or came twice in it): they must be skipped one by one. */
    private static final class ProcessedBefore extends RuntimeException {
        ProcessedBefore(int count) {
            super(count + " of them had been processed before", null, false, false);
        }
    }

    /** Records the event as processed and applies it; false (and nothing applied) if it had been processed before. */
    private Uni<Boolean> markAndApply(Mutiny.Session session, IncomingEvent event,
            Function<IncomingEvent, Uni<Void>> projection) {
        return session.createNativeQuery(MARK_PROCESSED)
                .setParameter(1, event.id())
                .setParameter(2, event.type())
                .setParameter(3, event.topic())
                .executeUpdate()
                .chain(inserted -> inserted == 0 ? Uni.createFrom().item(false)
                        : projection.apply(event).replaceWith(true));
    }

    /** Counted once committed, so a rolled-back attempt is never counted. */
    private void counted(IncomingEvent event, boolean applied, String traceId) {
        if (!applied) {
            count("agora.events.duplicates", event.topic());
            LOG.debugf("Skipped already processed event %s (%s)", event.id(), event.type());
            return;
        }
        count("agora.events.applied", event.topic());
        LOG.debugf("Applied event %s (%s) from %s-%d@%d traceId=%s", event.id(), event.type(), event.topic(),
                event.partition(), event.offset(), traceId);
    }

    /**
     * Events the projection wrote to the outbox (a consequence published on) leave at once, not at the relay's next
     * poll; a projection that wrote none (most) costs the relay nothing.
     */
    private void wakeRelayIfAppended(long appendedBefore) {
        if (outbox.appendedCount() != appendedBefore) {
            relay.wake();
        }
    }

    @SuppressWarnings("unchecked")
    private static ConsumerRecord<String, String> consumerRecordOf(KafkaRecord<String, String> message) {
        return message.getMetadata(IncomingKafkaRecordMetadata.class)
                .map(metadata -> (ConsumerRecord<String, String>) metadata.getRecord())
                .orElseThrow(() -> new IllegalStateException("a batch record without its consumer record"));
    }

    private record Pending(KafkaRecord<String, String> message, IncomingEvent event, String traceId) {
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
        Audience audience;
        try {
            audience = Audience.fromJson(CloudEventHeaders.read(record.headers(), Audience.HEADER));
        } catch (IllegalArgumentException e) {
            throw new PoisonEventException("event " + id + " has a malformed " + Audience.HEADER + " header: " + e.getMessage(), e);
        }
        return new IncomingEvent(id, type,
                CloudEventHeaders.read(record.headers(), CloudEventHeaders.SOURCE),
                CloudEventHeaders.read(record.headers(), CloudEventHeaders.SUBJECT),
                parseTime(CloudEventHeaders.read(record.headers(), CloudEventHeaders.TIME)),
                record.topic(), record.partition(), record.offset(), audience, data);
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
