package dev.agora.triggers.platform.repository;

import java.util.Collection;
import java.util.HashMap;
import java.util.Map;
import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;

import io.quarkus.hibernate.reactive.panache.Panache;
import io.smallrye.mutiny.Uni;

/** The organization membership projection ({@code org_members}), and the roles it gives users. */
@ApplicationScoped
public class VisibilityRepository {
    private static final String ROLES = "select cast(m.user_id as text), m.org_slug, m.role from org_members m"
            + " where m.user_id in (select cast(u as uuid) from jsonb_array_elements_text(cast(cast(?1 as text) as jsonb)) u)"
            + " and m.org_slug in (select s from jsonb_array_elements_text(cast(cast(?2 as text) as jsonb)) s)";
    private static final String UPSERT_MEMBER = "insert into org_members (org_slug, user_id, role) values (?1, ?2, ?3)"
            + " on conflict (org_slug, user_id) do update set role = excluded.role";

    /** The roles {@code users} hold in the organizations {@code slugs}: user → (slug → role); members only. */
    public Uni<Map<UUID, Map<String, String>>> orgRolesOf(Collection<UUID> users, Collection<String> slugs) {
        if (users.isEmpty() || slugs.isEmpty()) {
            return Uni.createFrom().item(Map.of());
        }
        ArrayNode ids = JsonNodeFactory.instance.arrayNode();
        users.stream().map(UUID::toString).distinct().forEach(ids::add);
        ArrayNode orgs = JsonNodeFactory.instance.arrayNode();
        slugs.stream().distinct().forEach(orgs::add);
        return Panache.getSession().chain(session -> session.createNativeQuery(ROLES, Object[].class)
                .setParameter(1, ids.toString())
                .setParameter(2, orgs.toString())
                .getResultList())
                .map(rows -> {
                    Map<UUID, Map<String, String>> roles = new HashMap<>();
                    for (Object[] row : rows) {
                        roles.computeIfAbsent(UUID.fromString((String) row[0]), user -> new HashMap<>())
                                .put((String) row[1], (String) row[2]);
                    }
                    return roles;
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

    /** The members of one organization: user → role. */
    public Uni<Map<UUID, String>> membersOf(String orgSlug) {
        return Panache.getSession().chain(session -> session.createNativeQuery(
                "select user_id, role from org_members where org_slug = ?1", Object[].class)
                .setParameter(1, orgSlug)
                .getResultList())
                .map(rows -> {
                    Map<UUID, String> members = new HashMap<>();
                    rows.forEach(row -> members.put((UUID) row[0], (String) row[1]));
                    return members;
                });
    }

    /** Makes {@code members} (user → role) the organization's whole member list. */
    public Uni<Void> replaceMembers(String orgSlug, Map<UUID, String> members) {
        Uni<Void> replaced = Panache.getSession().chain(session -> session
                .createNativeQuery("delete from org_members where org_slug = ?1")
                .setParameter(1, orgSlug)
                .executeUpdate())
                .replaceWithVoid();
        for (Map.Entry<UUID, String> member : members.entrySet()) {
            replaced = replaced.chain(() -> putMember(orgSlug, member.getKey(), member.getValue()));
        }
        return replaced;
    }

    public Uni<Void> removeUser(UUID userId) {
        return Panache.getSession().chain(session -> session.createNativeQuery("delete from org_members where user_id = ?1")
                .setParameter(1, userId)
                .executeUpdate())
                .replaceWithVoid();
    }
}
