package dev.agora.triggers.agentref.repository;

import java.util.List;
import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;

import org.hibernate.reactive.mutiny.Mutiny;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;

import dev.agora.common.reconciliation.ProjectionRepairs;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.smallrye.mutiny.Uni;

/** Writes {@code agent_refs} with plain SQL in the caller's transaction (the idempotent consumer's). */
@ApplicationScoped
public class AgentRefRepository {
    // org slugs travel as a JSON array in a text parameter (no array binding needed); cast to text first, as the
    // reactive client would otherwise encode the string for a jsonb parameter as a JSON string scalar
    private static final String UPSERT_IF_NEWER = """
            insert into agent_refs as r (agent_id, owner_id, org_slugs, name, status, agent_version, updated_at)
            values (?1, ?2, array(select jsonb_array_elements_text(cast(cast(?3 as text) as jsonb))), ?4, ?5, ?6, now())
            on conflict (agent_id) do update set
                owner_id = excluded.owner_id, org_slugs = excluded.org_slugs, name = excluded.name,
                status = excluded.status, agent_version = excluded.agent_version, updated_at = excluded.updated_at
            where r.agent_version < excluded.agent_version
            """;
    private static final String REPLACE = UPSERT_IF_NEWER.replace("r.agent_version < excluded.agent_version",
            "r.agent_version <= excluded.agent_version");
    /**
     * Names the columns in which the stored row differs from the snapshot; no row when the stored one is newer. The
     * version is not compared: this projection skips the agent's events it has no use for (published, say).
     */
    private static final String DIFFERENCES = """
            select case when r.agent_id is null then 'missing' else concat_ws(',',
                case when r.owner_id <> ?2 then 'owner_id' end,
                case when r.org_slugs <> array(select jsonb_array_elements_text(cast(cast(?3 as text) as jsonb)))
                    then 'org_slugs' end,
                case when r.name is distinct from ?4 then 'name' end,
                case when r.status <> ?5 then 'status' end) end
            from (select 1) one left join agent_refs r on r.agent_id = ?1
            where r.agent_id is null or r.agent_version <= ?6
            """;
    private static final String MARK_DELETED = "update agent_refs set status = 'deleted', updated_at = now()"
            + " where agent_id = ?1 and status <> 'deleted'";

    /** Inserts the agent, or overwrites it when {@code ref} is a newer snapshot; returns the rows changed (0 or 1). */
    public Uni<Integer> upsertIfNewer(AgentRef ref) {
        return Panache.getSession().chain(session -> bind(session.createNativeQuery(UPSERT_IF_NEWER), ref).executeUpdate());
    }

    /** Overwrites the agent with {@code ref} unless the stored one is newer (or inserts it). */
    public Uni<Void> replace(AgentRef ref) {
        return Panache.getSession().chain(session -> bind(session.createNativeQuery(REPLACE), ref).executeUpdate())
                .replaceWithVoid();
    }

    /**
     * The columns in which the stored agent differs from {@code ref} ({@code missing} when there is no row); none when
     * they are equal or the stored agent is newer.
     */
    public Uni<List<String>> differences(AgentRef ref) {
        return Panache.getSession().chain(session -> bind(session.<String> createNativeQuery(DIFFERENCES), ref)
                .getResultList())
                .map(ProjectionRepairs::differingColumns);
    }

    private static <T> Mutiny.Query<T> bind(Mutiny.Query<T> query, AgentRef ref) {
        return query.setParameter(1, ref.agentId())
                .setParameter(2, ref.ownerId())
                .setParameter(3, jsonArray(ref.orgSlugs()))
                .setParameter(4, ref.name())
                .setParameter(5, ref.status())
                .setParameter(6, ref.version());
    }

    public Uni<Integer> markDeleted(UUID agentId) {
        return Panache.getSession().chain(session -> session.createNativeQuery(MARK_DELETED)
                .setParameter(1, agentId)
                .executeUpdate());
    }

    private static String jsonArray(List<String> values) {
        ArrayNode array = JsonNodeFactory.instance.arrayNode();
        values.forEach(array::add);
        return array.toString();
    }
}
