package dev.agora.triggers.delivery.repository;

import static dev.agora.triggers.delivery.repository.NativeQueries.integer;
import static dev.agora.triggers.delivery.repository.NativeQueries.micros;
import static dev.agora.triggers.delivery.repository.NativeQueries.microsOf;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;

import io.smallrye.mutiny.Uni;

/**
 * The circuit breaker columns of {@code triggers}: {@code closed} delivers, {@code open} holds the trigger's jobs until
 * {@code cb_retry_at}, then {@code half_open} lets one probe through (claimed by {@link ActionJobRepository}).
 */
@ApplicationScoped
public class CircuitBreakerRepository {
    public static final String CLOSED = "closed";
    public static final String OPEN = "open";
    public static final String HALF_OPEN = "half_open";
    private static final String COLUMNS = "cb_state, cb_consecutive_failures, cb_failure_threshold, cb_cooldown_seconds, "
            + microsOf("cb_opened_at") + ", " + microsOf("cb_retry_at") + ", " + microsOf("failing_since")
            + ", enabled, name, cast(owner_id as text), cast(id as text)";

    /** {@code failureThreshold} and {@code cooldownSeconds} are null where the configured defaults apply. */
    public record Breaker(UUID triggerId, String state, int consecutiveFailures, Integer failureThreshold, Long cooldownSeconds,
            Instant openedAt, Instant retryAt, Instant failingSince, boolean enabled, String triggerName, UUID ownerId) {
    }

    public Uni<Breaker> find(UUID triggerId) {
        return NativeQueries.rows("select " + COLUMNS + " from triggers where id = cast(?1 as uuid)", List.of(triggerId))
                .map(rows -> rows.isEmpty() ? null : breaker(rows.get(0)));
    }

    /** A delivery succeeded: closed, no failures. */
    public Uni<Integer> recordSuccess(UUID triggerId) {
        return NativeQueries.update("update triggers set cb_state = 'closed', cb_consecutive_failures = 0,"
                + " cb_opened_at = null, cb_retry_at = null, failing_since = null where id = cast(?1 as uuid)"
                + " and (cb_state <> 'closed' or cb_consecutive_failures <> 0 or failing_since is not null)", triggerId);
    }

    /** A delivery failed: counts it and returns the breaker after the count (null when the trigger is gone). */
    public Uni<Breaker> recordFailure(UUID triggerId) {
        return NativeQueries.rows("update triggers set cb_consecutive_failures = cb_consecutive_failures + 1,"
                + " failing_since = coalesce(failing_since, now()) where id = cast(?1 as uuid) returning " + COLUMNS,
                List.of(triggerId)).map(rows -> rows.isEmpty() ? null : breaker(rows.get(0)));
    }

    public Uni<Integer> open(UUID triggerId, Instant openedAt, Instant retryAt) {
        return NativeQueries.update("update triggers set cb_state = 'open', cb_opened_at = cast(cast(?2 as text) as"
                + " timestamptz), cb_retry_at = cast(cast(?3 as text) as timestamptz) where id = cast(?1 as uuid)",
                triggerId, openedAt.toString(), retryAt.toString());
    }

    /** Disables the trigger; returns 0 when it was disabled already. */
    public Uni<Integer> disable(UUID triggerId, String reason) {
        return NativeQueries.update("update triggers set enabled = false, disabled_reason = ?2, version = version + 1,"
                + " updated_at = now() where id = cast(?1 as uuid) and enabled", triggerId, reason);
    }

    public Uni<Integer> configure(UUID triggerId, Integer failureThreshold, Long cooldownSeconds) {
        return NativeQueries.update("update triggers set cb_failure_threshold = coalesce(cast(?2 as integer),"
                + " cb_failure_threshold), cb_cooldown_seconds = coalesce(cast(?3 as bigint), cb_cooldown_seconds)"
                + " where id = cast(?1 as uuid)", triggerId, failureThreshold, cooldownSeconds);
    }

    /** Closes the breaker by hand: the held jobs are delivered again. */
    public Uni<Integer> reset(UUID triggerId) {
        return NativeQueries.update("update triggers set cb_state = 'closed', cb_consecutive_failures = 0,"
                + " cb_opened_at = null, cb_retry_at = null, failing_since = null where id = cast(?1 as uuid)", triggerId);
    }

    public Uni<Integer> setSigningSecret(UUID triggerId, String sealed) {
        return NativeQueries.update("update triggers set signing_secret = ?2 where id = cast(?1 as uuid)", triggerId, sealed);
    }

    private static Breaker breaker(Object[] row) {
        return new Breaker(UUID.fromString((String) row[10]), (String) row[0], integer(row[1]), integer(row[2]),
                row[3] == null ? null : ((Number) row[3]).longValue(), micros(row[4]), micros(row[5]), micros(row[6]),
                (Boolean) row[7], (String) row[8], UUID.fromString((String) row[9]));
    }
}
