package dev.agora.triggers.evaluation.repository;

import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;

import dev.agora.triggers.engine.ConditionState;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.smallrye.mutiny.Uni;

/** {@code trigger_state}: one row per stateful condition (its path) and group key, in the caller's transaction. */
@ApplicationScoped
public class TriggerStateRepository {
    // the ids are sorted in the subquery, so concurrent transactions always take the locks in the same order
    private static final String LOCK = "select count(pg_advisory_xact_lock(hashtextextended(t, 0))) from"
            + " (select t from jsonb_array_elements_text(cast(cast(?1 as text) as jsonb)) t order by t) locks";
    private static final String LOAD = "select cast(s.trigger_id as text), s.group_key, s.condition_path, cast(s.state as text)"
            + " from trigger_state s join jsonb_array_elements(cast(cast(?1 as text) as jsonb)) k"
            + " on s.trigger_id = cast(k->>0 as uuid) and s.group_key = k->>1";
    private static final String UPSERT = "insert into trigger_state (trigger_id, group_key, condition_path, state, updated_at)"
            + " select cast(x.trigger_id as uuid), x.group_key, x.condition_path, x.state, now()"
            + " from jsonb_to_recordset(cast(cast(?1 as text) as jsonb)) as x(trigger_id text, group_key text,"
            + " condition_path text, state jsonb)"
            // a trigger deleted meanwhile (its deletion takes the same lock, so it has committed) keeps no state
            + " where exists (select 1 from triggers t where t.id = cast(x.trigger_id as uuid))"
            + " on conflict (trigger_id, group_key, condition_path) do update set state = excluded.state,"
            + " updated_at = excluded.updated_at";
    private static final String LIST = "select group_key, condition_path, cast(state as text),"
            + " cast(extract(epoch from updated_at) * 1000 as bigint) from trigger_state where trigger_id = ?1"
            + " order by group_key, condition_path";

    private final ObjectMapper mapper;

    public TriggerStateRepository(ObjectMapper mapper) {
        this.mapper = mapper;
    }

    /** The states of one trigger and group key. */
    public record GroupKey(UUID triggerId, String groupKey) {
    }

    public record StateRow(UUID triggerId, String groupKey, String conditionPath, ConditionState state) {
    }

    /** A stored state as the API shows it. */
    public record StoredState(String groupKey, String conditionPath, String stateJson, long updatedAtMillis) {
    }

    /** Serialises the processing of these triggers' state with any other transaction touching them, until commit. */
    public Uni<Void> lock(Collection<UUID> triggerIds) {
        if (triggerIds.isEmpty()) {
            return Uni.createFrom().voidItem();
        }
        ArrayNode ids = JsonNodeFactory.instance.arrayNode();
        triggerIds.stream().map(UUID::toString).distinct().forEach(ids::add);
        // a statement, not a native select, whose plan Hibernate Reactive never caches (docs/BENCHMARKS.md)
        return Panache.getSession().chain(session -> session.createNativeQuery(LOCK)
                .setParameter(1, ids.toString())
                .executeUpdate())
                .replaceWithVoid();
    }

    public Uni<Map<GroupKey, Map<String, ConditionState>>> load(Collection<GroupKey> keys) {
        if (keys.isEmpty()) {
            return Uni.createFrom().item(Map.of());
        }
        ArrayNode pairs = JsonNodeFactory.instance.arrayNode();
        keys.forEach(key -> pairs.addArray().add(key.triggerId().toString()).add(key.groupKey()));
        return Panache.getSession().chain(session -> session.createNativeQuery(LOAD, Object[].class)
                .setParameter(1, pairs.toString())
                .getResultList())
                .map(this::byGroup);
    }

    public Uni<Void> save(List<StateRow> rows) {
        if (rows.isEmpty()) {
            return Uni.createFrom().voidItem();
        }
        ArrayNode array = JsonNodeFactory.instance.arrayNode();
        rows.forEach(row -> array.addObject().put("trigger_id", row.triggerId().toString()).put("group_key", row.groupKey())
                .put("condition_path", row.conditionPath()).set("state", row.state().toJson()));
        return Panache.getSession().chain(session -> session.createNativeQuery(UPSERT)
                .setParameter(1, array.toString())
                .executeUpdate())
                .replaceWithVoid();
    }

    public Uni<List<StoredState>> list(UUID triggerId) {
        return Panache.getSession().chain(session -> session.createNativeQuery(LIST, Object[].class)
                .setParameter(1, triggerId)
                .getResultList())
                .map(rows -> rows.stream().map(row -> new StoredState((String) row[0], (String) row[1], (String) row[2],
                        ((Number) row[3]).longValue())).toList());
    }

    public Uni<Integer> clear(UUID triggerId) {
        return Panache.getSession().chain(session -> session.createNativeQuery("delete from trigger_state where trigger_id = ?1")
                .setParameter(1, triggerId)
                .executeUpdate());
    }

    private Map<GroupKey, Map<String, ConditionState>> byGroup(List<Object[]> rows) {
        Map<GroupKey, Map<String, ConditionState>> states = new HashMap<>();
        for (Object[] row : rows) {
            ConditionState state;
            try {
                state = ConditionState.fromJson(mapper.readTree((String) row[3]));
            } catch (JsonProcessingException e) {
                state = null;
            }
            if (state != null) {
                states.computeIfAbsent(new GroupKey(UUID.fromString((String) row[0]), (String) row[1]), k -> new HashMap<>())
                        .put((String) row[2], state);
            }
        }
        return states;
    }
}
