package dev.agora.triggers.platform.repository;

import java.util.Collection;
import java.util.HashSet;
import java.util.Set;
import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;

import io.quarkus.hibernate.reactive.panache.Panache;
import io.smallrye.mutiny.Uni;

/**
 * Who may see an agent, from {@code agent_refs} (its owner, its organizations) and {@code org_members}; and the
 * organization membership projection itself.
 */
@ApplicationScoped
public class VisibilityRepository {
    private static final String VISIBLE = "select u from jsonb_array_elements_text(cast(cast(?2 as text) as jsonb)) u"
            + " where exists (select 1 from agent_refs r where r.agent_id = ?1 and (r.owner_id = cast(u as uuid)"
            + " or exists (select 1 from org_members m where m.user_id = cast(u as uuid) and m.org_slug = any(r.org_slugs))))";
    private static final String UPSERT_MEMBER = "insert into org_members (org_slug, user_id, role) values (?1, ?2, ?3)"
            + " on conflict (org_slug, user_id) do update set role = excluded.role";

    /** Those of {@code users} who may see the agent (own it, or belong to one of its organizations). */
    public Uni<Set<UUID>> usersSeeing(UUID agentId, Collection<UUID> users) {
        if (users.isEmpty()) {
            return Uni.createFrom().item(Set.of());
        }
        ArrayNode ids = JsonNodeFactory.instance.arrayNode();
        users.stream().map(UUID::toString).distinct().forEach(ids::add);
        return Panache.getSession().chain(session -> session.createNativeQuery(VISIBLE, String.class)
                .setParameter(1, agentId)
                .setParameter(2, ids.toString())
                .getResultList())
                .map(rows -> {
                    Set<UUID> visible = new HashSet<>();
                    rows.forEach(row -> visible.add(UUID.fromString(row)));
                    return visible;
                });
    }

    public Uni<Void> putMember(String orgSlug, UUID userId, String role) {
        return Panache.getSession().chain(session -> session.createNativeQuery(UPSERT_MEMBER)
                .setParameter(1, orgSlug)
                .setParameter(2, userId)
                .setParameter(3, role)
                .executeUpdate())
                .replaceWithVoid();
    }

    public Uni<Void> removeMember(String orgSlug, UUID userId) {
        return Panache.getSession().chain(session -> session
                .createNativeQuery("delete from org_members where org_slug = ?1 and user_id = ?2")
                .setParameter(1, orgSlug)
                .setParameter(2, userId)
                .executeUpdate())
                .replaceWithVoid();
    }

    public Uni<Void> removeUser(UUID userId) {
        return Panache.getSession().chain(session -> session.createNativeQuery("delete from org_members where user_id = ?1")
                .setParameter(1, userId)
                .executeUpdate())
                .replaceWithVoid();
    }
}
