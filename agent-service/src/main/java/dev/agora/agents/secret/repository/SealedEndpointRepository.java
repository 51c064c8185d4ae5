package dev.agora.agents.secret.repository;

import java.util.List;
import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;

import io.quarkus.hibernate.reactive.panache.Panache;
import io.smallrye.mutiny.Uni;

/**
 * The endpoints holding a secret not sealed with the current key ({@code enc:v1:}, or {@code enc:v2:} of another key
 * id), read in keyset batches for {@code rotate-secrets}, each row locked until the batch's transaction ends: an
 * agent's writes lock its row too, so they wait and then read the secrets sealed again.
 */
@ApplicationScoped
public class SealedEndpointRepository {
    /** An agent's or a template's endpoint as stored, with the owner and id its secrets are bound to. */
    public record SealedEndpoint(UUID id, UUID ownerId, String endpoint) {
    }

    public Uni<List<SealedEndpoint>> agents(UUID after, String currentKeyId, int limit) {
        return rows("select cast(id as text), cast(user_id as text), cast(endpoint as text) from agents"
                + " where id > cast(?1 as uuid) and cast(endpoint as text) ~ ('\"' || cast(?2 as text))"
                + " order by id limit ?3 for update", after, currentKeyId, limit);
    }

    /** Context agents whose LLM key is not sealed with the current key (the same row shape: the LLM settings). */
    public Uni<List<SealedEndpoint>> llmConfigs(UUID after, String currentKeyId, int limit) {
        return rows("select cast(id as text), cast(user_id as text), cast(llm_config as text) from agents"
                + " where id > cast(?1 as uuid) and cast(llm_config as text) ~ ('\"' || cast(?2 as text))"
                + " order by id limit ?3 for update", after, currentKeyId, limit);
    }

    public Uni<Integer> updateLlmConfig(UUID id, String llmConfig) {
        return update("update agents set llm_config = cast(cast(?2 as text) as jsonb) where id = cast(?1 as uuid)", id,
                llmConfig);
    }

    public Uni<List<SealedEndpoint>> templates(UUID after, String currentKeyId, int limit) {
        return rows("select cast(id as text), cast(created_by as text), cast(default_config -> 'endpoint' as text)"
                + " from agent_templates where id > cast(?1 as uuid)"
                + " and cast(default_config -> 'endpoint' as text) ~ ('\"' || cast(?2 as text))"
                + " order by id limit ?3 for update", after, currentKeyId, limit);
    }

    public Uni<Integer> updateAgent(UUID id, String endpoint) {
        return update("update agents set endpoint = cast(cast(?2 as text) as jsonb) where id = cast(?1 as uuid)", id, endpoint);
    }

    public Uni<Integer> updateTemplate(UUID id, String endpoint) {
        return update("update agent_templates set default_config = jsonb_set(default_config, '{endpoint}',"
                + " cast(cast(?2 as text) as jsonb)) where id = cast(?1 as uuid)", id, endpoint);
    }

    private static Uni<List<SealedEndpoint>> rows(String sql, UUID after, String currentKeyId, int limit) {
        return Panache.getSession().chain(session -> session.createNativeQuery(sql, Object[].class)
                .setParameter(1, after).setParameter(2, stalePattern(currentKeyId)).setParameter(3, limit)
                .getResultList())
                .map(rows -> rows.stream().map(row -> new SealedEndpoint(UUID.fromString((String) row[0]),
                        UUID.fromString((String) row[1]), (String) row[2])).toList());
    }

    private static Uni<Integer> update(String sql, UUID id, String endpoint) {
        return Panache.getSession().chain(session -> session.createNativeQuery(sql).setParameter(1, id)
                .setParameter(2, endpoint).executeUpdate());
    }

    /** A sealed value not sealed with the current key: the legacy form, or the current form under another key id. */
    private static String stalePattern(String currentKeyId) {
        return "enc:(v1:|v2:(?!" + currentKeyId + ":))";
    }
}
