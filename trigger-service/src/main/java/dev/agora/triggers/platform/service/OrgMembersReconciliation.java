package dev.agora.triggers.platform.service;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeSet;
import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;

import com.fasterxml.jackson.databind.JsonNode;

import dev.agora.common.events.IncomingEvent;
import dev.agora.common.reconciliation.ProjectionRepairs;
import dev.agora.triggers.platform.repository.VisibilityRepository;
import io.smallrye.mutiny.Uni;

/**
 * An organization's member list sent again for reconciliation ({@code agora.org.members-snapshot.v1}): compared with
 * its {@code org_members} rows, which it replaces when they differ; the repair names each member that differed
 * ({@code <user>:missing}, {@code <user>:extra}, {@code <user>:role}).
 */
@ApplicationScoped
public class OrgMembersReconciliation {
    /** The projection's name in repairs and metrics. */
    public static final String PROJECTION = "org_members";

    private final VisibilityRepository members;
    private final ProjectionRepairs repairs;

    public OrgMembersReconciliation(VisibilityRepository members, ProjectionRepairs repairs) {
        this.members = members;
        this.repairs = repairs;
    }

    public Uni<Void> reconcile(IncomingEvent event) {
        String slug = event.requiredText("slug");
        Map<UUID, String> expected = expectedMembers(event);
        return members.membersOf(slug).chain(stored -> {
            List<String> fields = differences(expected, stored);
            return fields.isEmpty() ? Uni.createFrom().voidItem()
                    : members.replaceMembers(slug, expected).chain(() -> repairs.record(PROJECTION, slug, fields,
                            event.id()));
        });
    }

    private static List<String> differences(Map<UUID, String> expected, Map<UUID, String> stored) {
        TreeSet<UUID> users = new TreeSet<>(expected.keySet());
        users.addAll(stored.keySet());
        List<String> fields = new ArrayList<>();
        for (UUID user : users) {
            if (!stored.containsKey(user)) {
                fields.add(user + ":missing");
            } else if (!expected.containsKey(user)) {
                fields.add(user + ":extra");
            } else if (!Objects.equals(expected.get(user), stored.get(user))) {
                fields.add(user + ":role");
            }
        }
        return fields;
    }

    private static Map<UUID, String> expectedMembers(IncomingEvent event) {
        JsonNode list = event.data().path("members");
        if (!list.isArray()) {
            throw event.poison("has no members list");
        }
        Map<UUID, String> expected = new LinkedHashMap<>();
        for (int i = 0; i < list.size(); i++) {
            JsonNode member = list.get(i);
            String role = member.path("role").asText("");
            try {
                UUID user = UUID.fromString(member.path("userId").asText(""));
                if (role.isBlank()) {
                    throw new IllegalArgumentException("no role");
                }
                expected.put(user, role);
            } catch (IllegalArgumentException e) {
                throw event.poison("has a malformed members[" + i + "]");
            }
        }
        return expected;
    }
}
