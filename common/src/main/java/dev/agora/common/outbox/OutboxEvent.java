package dev.agora.common.outbox;

import java.time.Instant;
import java.util.UUID;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

import org.hibernate.annotations.ColumnTransformer;
import org.hibernate.annotations.Immutable;

import io.quarkus.hibernate.reactive.panache.PanacheEntityBase;

/**
 * A row of the transactional outbox. The table's {@code seq} column (bigserial) orders publication;
 * it is filled by the database and read only by the relay, so it is not mapped here. Immutable: written once, then
 * only deleted by the relay; without it the flush's dirty check of the JSON payload updated every new row again.
 */
@Entity
@Immutable
@Table(name = "outbox_events")
public class OutboxEvent extends PanacheEntityBase {
    @Id
    public UUID id;

    public String topic;

    @Column(name = "event_type")
    public String eventType;

    @Column(name = "aggregate_id")
    public String aggregateId;

    /**
     * The event's JSON, as the writer serialised it. Bound as text and turned into {@code jsonb} by PostgreSQL: as a
     * JSON attribute, Hibernate Reactive would write it to a string, parse that into a Vert.x {@code JsonObject} and
     * the client encode it again, on every event written.
     */
    @ColumnTransformer(write = "cast(cast(? as text) as jsonb)")
    public String payload;

    /** Who may see the event: {@link dev.agora.common.events.Audience} as JSON, sent on as the {@code ce_audience} header. */
    public String audience;

    @Column(name = "occurred_at")
    public Instant occurredAt;

    /** W3C traceparent of the writing transaction's span, sent on as a Kafka header. */
    @Column(name = "trace_parent")
    public String traceParent;
}
