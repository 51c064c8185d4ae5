package dev.agora.gateway.org.events;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

import dev.agora.common.auth.OrgRoles;
import dev.agora.common.events.Audience;

import io.quarkus.runtime.annotations.RegisterForReflection;

/**
 * The events the gateway publishes about organizations on {@code identity.v1} (key = organization id, so all
 * events of one organization stay in order). Schemas: {@code contracts/identity.v1/}.
 * <p>
 * Creating an organization publishes {@code created} and then {@code member-added} for the creator (role
 * {@code admin}), so a projection of memberships needs only the member events.
 */
public final class OrgEvents {
    public static final String CREATED = "agora.org.created.v1";
    public static final String MEMBER_ADDED = "agora.org.member-added.v1";
    public static final String MEMBER_ROLE_CHANGED = "agora.org.member-role-changed.v1";
    public static final String MEMBER_REMOVED = "agora.org.member-removed.v1";
    /** The whole member list again, on request, for projections to compare and repair: nothing happened. */
    public static final String MEMBERS_SNAPSHOT = "agora.org.members-snapshot.v1";

    private OrgEvents() {
    }

    /** Who may see the whole member list: every member. */
    public static Audience members(String slug) {
        return Audience.nobody().plusOrgs(List.of(slug), OrgRoles.READERS);
    }

    /** Who may see an organization event: the member it is about, and every member (members see the member list). */
    public static Audience audience(String slug, UUID member) {
        return Audience.users(member).plusOrgs(List.of(slug), OrgRoles.READERS);
    }

    @RegisterForReflection
    public record Created(UUID organizationId, String slug, String name, UUID createdBy, Instant createdAt) {
    }

    @RegisterForReflection
    public record MemberAdded(UUID organizationId, String slug, UUID userId, String role, UUID grantedBy,
            Instant grantedAt) {
    }

    @RegisterForReflection
    public record MemberRoleChanged(UUID organizationId, String slug, UUID userId, String role, String previousRole,
            UUID changedBy, Instant changedAt) {
    }

    /** Every member of the organization with their role, in user id order. */
    @RegisterForReflection
    public record MembersSnapshot(UUID organizationId, String slug, List<Member> members) {
    }

    @RegisterForReflection
    public record Member(UUID userId, String role) {
    }

    /** {@code role}: the role the member had; {@code removedBy} equals {@code userId} when the member left. */
    @RegisterForReflection
    public record MemberRemoved(UUID organizationId, String slug, UUID userId, String role, UUID removedBy,
            Instant removedAt) {
    }
}
