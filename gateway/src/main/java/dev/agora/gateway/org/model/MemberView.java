package dev.agora.gateway.org.model;

import java.time.Instant;
import java.util.UUID;

import dev.agora.gateway.org.repository.Membership;
import dev.agora.gateway.user.repository.User;
import io.quarkus.runtime.annotations.RegisterForReflection;

/** A member of an organization. */
@RegisterForReflection
public record MemberView(UUID userId, String email, String displayName, String role, UUID grantedBy, Instant grantedAt) {

    public static MemberView of(Membership membership, User user) {
        return new MemberView(membership.userId, user == null ? null : user.email, user == null ? null : user.displayName,
                membership.role, membership.grantedBy, membership.grantedAt);
    }
}
