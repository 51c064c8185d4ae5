package dev.agora.triggers.delivery.repository;

import static dev.agora.triggers.delivery.repository.NativeQueries.integer;
import static dev.agora.triggers.delivery.repository.NativeQueries.micros;
import static dev.agora.triggers.delivery.repository.NativeQueries.microsOf;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;

import dev.agora.triggers.delivery.action.RetryPolicy;

import io.smallrye.mutiny.Uni;

/**
 * {@code action_jobs}: one per action of a firing. Workers claim due jobs with {@code FOR UPDATE SKIP LOCKED} under a
 * lease; a job still {@code running} when its lease has passed (its worker died) is claimed again. Results are only
 * recorded by the claim ({@code lease_token}) that owns the job. The jobs of one action (trigger and position) are
 * claimed one at a time in the order they were made, so a retry never lets a later delivery overtake it.
 */
@ApplicationScoped
public class ActionJobRepository {
    private static final String DETAILS = "select cast(j.id as text), cast(j.firing_id as text), cast(j.trigger_id as text),"
            + " cast(j.owner_id as text), cast(j.action_id as text), j.action_position, j.action_type, j.config, j.attempts,"
            + " j.max_attempts,"
            + " t.name, t.description, t.signing_secret, cast(f.event as text), " + microsOf("f.fired_at") + ","
            + " f.group_key, cast(f.matched_conditions as text), f.event_source,"
            + " cast(ceil(extract(epoch from (j.send_slot - clock_timestamp())) * 1000) as bigint)"
            + " from action_jobs j join claimed c on c.id = j.id join triggers t on t.id = j.trigger_id"
            + " join trigger_firings f on f.id = j.firing_id";
    /** The action's own timeout (config {@code timeoutMs}, a whole number once validated), else the default (?3). */
    private static final String TIMEOUT_MS = "case when cast(j.config as jsonb) ->> 'timeoutMs' ~ '^[0-9]{1,9}$'"
            + " then cast(cast(j.config as jsonb) ->> 'timeoutMs' as bigint) else cast(?3 as bigint) end";
    /** Held for the action's timeout plus the margin (?2), at most the lease (?1); the claim's token is ?4. */
    private static final String CLAIM_SET = " update action_jobs j set status = 'running',"
            + " locked_until = now() + least(cast(?1 as bigint), " + TIMEOUT_MS + " + cast(?2 as bigint))"
            + " * interval '1 millisecond', lease_token = cast(?4 as uuid),"
            + " updated_at = now() from picked where j.id = picked.id returning j.id)";
    /** No earlier job of the same action (trigger and position) is still to be delivered: deliveries keep their order. */
    private static final String FIRST_IN_LINE = " not exists (select 1 from action_jobs e where e.trigger_id = j.trigger_id"
            + " and e.action_position = j.action_position and e.seq < j.seq and e.status in ('pending', 'running'))";
    private static final String CLAIM = "with picked as (select j.id from action_jobs j join triggers t on t.id = j.trigger_id"
            + " where t.enabled and j.next_attempt_at <= now()"
            + " and ((j.status = 'pending' and t.cb_state = 'closed') or (j.status = 'running' and j.locked_until < now()))"
            + " and" + FIRST_IN_LINE
            + " order by j.priority, j.next_attempt_at, j.seq limit ?5 for update of j skip locked),"
            + " claimed as (" + CLAIM_SET + " " + DETAILS;
    /** An open circuit whose cool-down is over turns half-open and lets one job through as the probe. */
    private static final String CLAIM_PROBES = "with opened as (update triggers t set cb_state = 'half_open'"
            + " where t.enabled and t.cb_retry_at <= now() and (t.cb_state = 'open' or (t.cb_state = 'half_open'"
            + " and not exists (select 1 from action_jobs r where r.trigger_id = t.id and r.status = 'running')))"
            + " and exists (select 1 from action_jobs p where p.trigger_id = t.id and p.status = 'pending') returning t.id),"
            + " picked as (select p.id from opened o cross join lateral (select j.id from action_jobs j"
            + " where j.trigger_id = o.id and j.status = 'pending' and" + FIRST_IN_LINE
            + " order by j.priority, j.next_attempt_at, j.seq"
            + " limit 1 for update skip locked) p),"
            + " claimed as (" + CLAIM_SET + " " + DETAILS;
    private static final String JOB = "select cast(id as text), cast(action_id as text), action_type, priority, status,"
            + " attempts, max_attempts, last_error, " + microsOf("created_at") + ", " + microsOf("dead_at") + ","
            + " cast(firing_id as text) from action_jobs";

    /**
     * A claimed job with what delivering it needs: the action, the trigger and the firing; {@code sendSlotWaitMillis}:
     * time until the Telegram send slot the job kept when it was queued (negative once passed), or null.
     */
    public record ClaimedJob(UUID id, UUID firingId, UUID triggerId, UUID ownerId, UUID actionId, int actionPosition,
            String actionType,
            String config, int attempts, int maxAttempts, String triggerName, String triggerDescription,
            String signingSecret, String event, Instant firedAt, String groupKey, String matchedConditions,
            String eventSource, Long sendSlotWaitMillis, UUID leaseToken) {

        /** The number of the attempt being made. */
        public int attempt() {
            return attempts + 1;
        }
    }

    /** A job as the dead-letter list shows it. */
    public record Job(UUID id, UUID actionId, String actionType, int priority, String status, int attempts,
            int maxAttempts, String lastError, Instant createdAt, Instant deadAt, UUID firingId) {
    }

    /** One job per action of the trigger, in the firing's transaction; returns how many. */
    public Uni<Integer> createForFiring(UUID firingId, UUID triggerId, UUID ownerId, int defaultMaxAttempts) {
        return NativeQueries.update("insert into action_jobs (id, firing_id, trigger_id, owner_id, action_id, action_position,"
                + " action_type, priority, config, status, attempts, max_attempts, next_attempt_at, created_at, updated_at)"
                + " select gen_random_uuid(), cast(?1 as uuid), a.trigger_id, cast(?2 as uuid), a.id, a.position, a.action_type,"
                + " a.priority, a.config, 'pending', 0, " + RetryPolicy.maxAttemptsSql("a.config", 3) + ","
                + " now(), now(), now() from trigger_actions a where a.trigger_id = cast(?4 as uuid)",
                firingId, ownerId, defaultMaxAttempts, triggerId);
    }

    /** How long a claim holds each job: its action's timeout (else the default) plus a margin, at most a cap. */
    public record Lease(long capMillis, long marginMillis, long defaultTimeoutMillis) {
    }

    /** Up to {@code limit} due jobs, each held for its {@link Lease}. */
    public Uni<List<ClaimedJob>> claim(int limit, Lease lease, UUID leaseToken) {
        return NativeQueries.rows(CLAIM, List.of(lease.capMillis(), lease.marginMillis(), lease.defaultTimeoutMillis(),
                leaseToken, limit)).map(rows -> claimed(rows, leaseToken));
    }

    public Uni<List<ClaimedJob>> claimProbes(Lease lease, UUID leaseToken) {
        return NativeQueries.rows(CLAIM_PROBES, List.of(lease.capMillis(), lease.marginMillis(),
                lease.defaultTimeoutMillis(), leaseToken)).map(rows -> claimed(rows, leaseToken));
    }

    /** Returns 0 when the claim no longer owns the job (its lease passed and another worker took it). */
    public Uni<Integer> succeed(UUID id, UUID leaseToken) {
        return NativeQueries.update("update action_jobs set status = 'succeeded', attempts = attempts + 1, send_slot = null,"
                + " locked_until = null, lease_token = null, last_error = null, updated_at = now()"
                + " where id = cast(?1 as uuid) and lease_token = cast(?2 as uuid) and status = 'running'", id, leaseToken);
    }

    public Uni<Integer> retryLater(UUID id, UUID leaseToken, long delayMillis, String error) {
        return NativeQueries.update("update action_jobs set status = 'pending', attempts = attempts + 1, send_slot = null,"
                + " next_attempt_at = now() + cast(?3 as bigint) * interval '1 millisecond', last_error = ?4,"
                + " locked_until = null, lease_token = null, updated_at = now()"
                + " where id = cast(?1 as uuid) and lease_token = cast(?2 as uuid) and status = 'running'",
                id, leaseToken, delayMillis, error);
    }

    public Uni<Integer> deadLetter(UUID id, UUID leaseToken, String error) {
        return NativeQueries.update("update action_jobs set status = 'dead', attempts = attempts + 1, dead_at = now(), send_slot = null,"
                + " last_error = ?3, locked_until = null, lease_token = null, updated_at = now()"
                + " where id = cast(?1 as uuid) and lease_token = cast(?2 as uuid) and status = 'running'",
                id, leaseToken, error);
    }

    /**
     * Back to pending without counting an attempt: the job waits for the send slot it reserved, and is claimed again
     * {@code claimBeforeMillis} before it. Returns 0 when the claim no longer owns the job.
     */
    public Uni<Integer> queueForSlot(UUID id, UUID leaseToken, Instant slot, long claimBeforeMillis) {
        return NativeQueries.update("update action_jobs set status = 'pending', send_slot = cast(cast(?3 as text) as"
                + " timestamptz), next_attempt_at = cast(cast(?3 as text) as timestamptz) - cast(?4 as bigint)"
                + " * interval '1 millisecond', locked_until = null, lease_token = null, updated_at = now()"
                + " where id = cast(?1 as uuid) and lease_token = cast(?2 as uuid) and status = 'running'",
                id, leaseToken, slot.toString(), claimBeforeMillis);
    }

    /** Dead letters of a trigger, newest first; keyset after ({@code beforeMicros}, {@code beforeId}); limit + 1. */
    public Uni<List<Job>> deadLetters(UUID triggerId, Long beforeMicros, String beforeId, int limit) {
        StringBuilder sql = new StringBuilder(JOB).append(" where trigger_id = cast(?1 as uuid) and status = 'dead'");
        List<Object> params = new ArrayList<>(List.of(triggerId));
        if (beforeMicros != null) {
            sql.append(" and (").append(microsOf("dead_at")).append(", cast(id as text)) < (?2, ?3)");
            params.add(beforeMicros);
            params.add(beforeId);
        }
        params.add(limit + 1);
        sql.append(" order by dead_at desc, cast(id as text) desc limit ?").append(params.size());
        return NativeQueries.rows(sql.toString(), params).map(rows -> rows.stream().map(ActionJobRepository::job).toList());
    }

    public Uni<Job> find(UUID triggerId, UUID jobId) {
        return NativeQueries.rows(JOB + " where trigger_id = cast(?1 as uuid) and id = cast(?2 as uuid)",
                List.of(triggerId, jobId)).map(rows -> rows.isEmpty() ? null : job(rows.get(0)));
    }

    /** A dead letter of the trigger back to pending with fresh attempts; 0 when it is not a dead letter. */
    public Uni<Integer> replay(UUID triggerId, UUID jobId) {
        return NativeQueries.update(REPLAY + " and id = cast(?2 as uuid)", triggerId, jobId);
    }

    public Uni<Integer> replayAll(UUID triggerId) {
        return NativeQueries.update(REPLAY, triggerId);
    }

    private static final String REPLAY = "update action_jobs set status = 'pending', attempts = 0, next_attempt_at = now(),"
            + " dead_at = null, send_slot = null, updated_at = now() where trigger_id = cast(?1 as uuid) and status = 'dead'";

    private static List<ClaimedJob> claimed(List<Object[]> rows, UUID leaseToken) {
        return rows.stream().map(row -> new ClaimedJob(UUID.fromString((String) row[0]), UUID.fromString((String) row[1]),
                UUID.fromString((String) row[2]), UUID.fromString((String) row[3]), UUID.fromString((String) row[4]),
                integer(row[5]), (String) row[6], (String) row[7], integer(row[8]), integer(row[9]), (String) row[10],
                (String) row[11], (String) row[12], (String) row[13], micros(row[14]), (String) row[15], (String) row[16],
                (String) row[17], row[18] == null ? null : ((Number) row[18]).longValue(), leaseToken)).toList();
    }

    private static Job job(Object[] row) {
        return new Job(UUID.fromString((String) row[0]), UUID.fromString((String) row[1]), (String) row[2], integer(row[3]),
                (String) row[4], integer(row[5]), integer(row[6]), (String) row[7], micros(row[8]), micros(row[9]),
                UUID.fromString((String) row[10]));
    }
}
