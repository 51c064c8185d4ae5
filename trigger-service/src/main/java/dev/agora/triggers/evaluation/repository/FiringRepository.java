package dev.agora.triggers.evaluation.repository;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;

import io.quarkus.hibernate.reactive.panache.Panache;
import io.smallrye.mutiny.Uni;

/** {@code trigger_firings}: what fired, on which event, with which conditions and state. */
@ApplicationScoped
public class FiringRepository {
    private static final String INSERT = "insert into trigger_firings (id, trigger_id, owner_id, event_id, event_source,"
            + " event_type, agent_id, group_key, matched_conditions, state_snapshot, event, fired_at)"
            + " select cast(?1 as uuid), cast(?2 as uuid), cast(?3 as uuid), cast(?4 as text), cast(?5 as text),"
            + " cast(?6 as text), cast(?7 as text), cast(?8 as text), cast(cast(?9 as text) as jsonb),"
            + " cast(cast(?10 as text) as jsonb), cast(cast(?11 as text) as jsonb), cast(cast(?12 as text) as timestamptz)"
            + " where exists (select 1 from triggers t where t.id = cast(?2 as uuid))"
            + " on conflict (trigger_id, event_id, group_key) do nothing";
    private static final String SELECT = "select cast(id as text), event_id, event_source, event_type, agent_id, group_key,"
            + " cast(matched_conditions as text), cast(state_snapshot as text), cast(event as text),"
            + " cast(extract(epoch from fired_at) * 1000000 as bigint) from trigger_firings";

    /** A stored firing; the JSON columns as text, {@code firedAtMicros} since the epoch. */
    public record Firing(UUID id, UUID triggerId, UUID ownerId, String eventId, String eventSource, String eventType,
            String agentId, String groupKey, String matchedConditions, String stateSnapshot, String event, Instant firedAt) {
    }

    /** Inserts the firing; 0 when this trigger already fired on this event and group, or was deleted meanwhile. */
    public Uni<Integer> insert(Firing firing) {
        return Panache.getSession().chain(session -> session.createNativeQuery(INSERT)
                .setParameter(1, firing.id())
                .setParameter(2, firing.triggerId())
                .setParameter(3, firing.ownerId())
                .setParameter(4, firing.eventId())
                .setParameter(5, firing.eventSource())
                .setParameter(6, firing.eventType())
                .setParameter(7, firing.agentId())
                .setParameter(8, firing.groupKey())
                .setParameter(9, firing.matchedConditions())
                .setParameter(10, firing.stateSnapshot())
                .setParameter(11, firing.event())
                .setParameter(12, firing.firedAt().toString())
                .executeUpdate());
    }

    /** Newest first; keyset after ({@code beforeMicros}, {@code beforeId}); fetches {@code limit + 1}. */
    public Uni<List<Firing>> list(UUID triggerId, Long beforeMicros, String beforeId, int limit) {
        StringBuilder sql = new StringBuilder(SELECT).append(" where trigger_id = ?1");
        List<Object> params = new ArrayList<>(List.of(triggerId));
        if (beforeMicros != null) {
            sql.append(" and (cast(extract(epoch from fired_at) * 1000000 as bigint), cast(id as text)) < (?2, ?3)");
            params.add(beforeMicros);
            params.add(beforeId);
        }
        params.add(limit + 1);
        sql.append(" order by fired_at desc, cast(id as text) desc limit ?").append(params.size());
        return Panache.getSession().chain(session -> {
            var query = session.createNativeQuery(sql.toString(), Object[].class);
            for (int i = 0; i < params.size(); i++) {
                query.setParameter(i + 1, params.get(i));
            }
            return query.getResultList();
        }).map(rows -> rows.stream().map(row -> new Firing(UUID.fromString((String) row[0]), triggerId, null,
                (String) row[1], (String) row[2], (String) row[3], (String) row[4], (String) row[5], (String) row[6],
                (String) row[7], (String) row[8], micros(((Number) row[9]).longValue()))).toList());
    }

    public Uni<Integer> purgeFiredBefore(Instant cutoff) {
        return Panache.getSession().chain(session -> session
                .createNativeQuery("delete from trigger_firings where fired_at < cast(cast(?1 as text) as timestamptz)")
                .setParameter(1, cutoff.toString())
                .executeUpdate());
    }

    private static Instant micros(long micros) {
        return Instant.ofEpochSecond(Math.floorDiv(micros, 1_000_000L), Math.floorMod(micros, 1_000_000L) * 1000L);
    }
}
