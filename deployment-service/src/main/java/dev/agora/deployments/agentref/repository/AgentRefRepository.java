package dev.agora.deployments.agentref.repository;

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
            insert into agent_refs as r (agent_id, owner_id, org_slugs, subdomain, repo_owner, repo_name, status,
                                         agent_version, deployment_config, updated_at)
            values (?1, ?2, array(select jsonb_array_elements_text(cast(cast(?3 as text) as jsonb))), ?4, ?5, ?6, ?7, ?8,
                    cast(cast(?9 as text) as jsonb), now())
            on conflict (agent_id) do update set
                owner_id = excluded.owner_id, org_slugs = excluded.org_slugs, subdomain = excluded.subdomain,
                repo_owner = excluded.repo_owner, repo_name = excluded.repo_name, status = excluded.status,
                agent_version = excluded.agent_version,
                deployment_config = excluded.deployment_config, updated_at = excluded.updated_at
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
                case when r.subdomain is distinct from ?4 then 'subdomain' end,
                case when r.repo_owner is distinct from ?5 then 'repo_owner' end,
                case when r.repo_name is distinct from ?6 then 'repo_name' end,
                case when r.status <> ?7 then 'status' end,
                case when r.deployment_config is distinct from cast(cast(?9 as text) as jsonb) then 'deployment_config' end,
                case when r.token_hash is distinct from ?10 then 'token_hash' end) end
            from (select 1) one left join agent_refs r on r.agent_id = ?1
            where r.agent_id is null or r.agent_version <= ?8
            """;
    private static final String REPLACE_TOKEN_HASH = "update agent_refs set token_hash = ?1, updated_at = now()"
            + " where agent_id = ?2";
    private static final String MARK_DELETED = "update agent_refs set status = 'deleted', updated_at = now()"
            + " where agent_id = ?1 and status <> 'deleted'";
    private static final String STORE_TOKEN_HASH = "update agent_refs set token_hash = ?1, updated_at = now()"
            + " where agent_id = ?2 and agent_version <= ?3";

    /** Inserts the agent, or overwrites it when {@code ref} is a newer snapshot; returns the rows changed (0 or 1). */
    public Uni<Integer> upsertIfNewer(AgentRef ref) {
        return Panache.getSession().chain(session -> bindUpsert(session.createNativeQuery(UPSERT_IF_NEWER), ref)
                .executeUpdate());
    }

    /** Binds ?1 to ?9: the agent's columns, in the order of the upserts and the comparison. */
    private static <T> Mutiny.Query<T> bindUpsert(Mutiny.Query<T> query, AgentRef ref) {
        return query.setParameter(1, ref.agentId())
                .setParameter(2, ref.ownerId())
                .setParameter(3, jsonArray(ref.orgSlugs()))
                .setParameter(4, ref.subdomain())
                .setParameter(5, ref.repoOwner())
                .setParameter(6, ref.repoName())
                .setParameter(7, ref.status())
                .setParameter(8, ref.version())
                .setParameter(9, config(ref));
    }

    private static String config(AgentRef ref) {
        return ref.deploymentConfig() == null || !ref.deploymentConfig().isObject() ? "{}" : ref.deploymentConfig().toString();
    }

    /**
     * The columns in which the stored agent differs from {@code ref} with {@code tokenHash} ({@code missing} when
     * there is no row); none when they are equal or the stored agent is newer.
     */
    public Uni<List<String>> differences(AgentRef ref, String tokenHash) {
        return Panache.getSession().chain(session -> bindUpsert(session.<String> createNativeQuery(DIFFERENCES), ref)
                .setParameter(10, tokenHash)
                .getResultList())
                .map(ProjectionRepairs::differingColumns);
    }

    /** Overwrites the agent with {@code ref} and {@code tokenHash} unless the stored one is newer (or inserts it). */
    public Uni<Void> replace(AgentRef ref, String tokenHash) {
        return Panache.getSession().chain(session -> bindUpsert(session.createNativeQuery(REPLACE), ref).executeUpdate()
                .chain(() -> session.createNativeQuery(REPLACE_TOKEN_HASH).setParameter(1, tokenHash)
                        .setParameter(2, ref.agentId()).executeUpdate()))
                .replaceWithVoid();
    }

    public Uni<Integer> markDeleted(UUID agentId) {
        return Panache.getSession().chain(session -> session.createNativeQuery(MARK_DELETED)
                .setParameter(1, agentId)
                .executeUpdate());
    }

    /** Stores the token hash unless the stored agent is already newer than the snapshot that came with it. */
    public Uni<Integer> storeTokenHash(UUID agentId, String tokenHash, long snapshotVersion) {
        return Panache.getSession().chain(session -> session.createNativeQuery(STORE_TOKEN_HASH)
                .setParameter(1, tokenHash)
                .setParameter(2, agentId)
                .setParameter(3, snapshotVersion)
                .executeUpdate());
    }

    private static String jsonArray(List<String> values) {
        ArrayNode array = JsonNodeFactory.instance.arrayNode();
        values.forEach(array::add);
        return array.toString();
    }
}
