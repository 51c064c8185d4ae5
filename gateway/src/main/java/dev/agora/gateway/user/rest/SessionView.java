package dev.agora.gateway.user.rest;

import java.time.Instant;
import java.util.UUID;

import dev.agora.gateway.auth.repository.UserSession;
import io.quarkus.runtime.annotations.RegisterForReflection;

/** One of my sign-ins; {@code current} marks the one the request's access token belongs to. */
@RegisterForReflection
public record SessionView(UUID id, Instant createdAt, Instant lastUsedAt, String userAgent, String ip, boolean current) {

    public static SessionView of(UserSession session, UUID currentSession) {
        return new SessionView(session.id, session.createdAt, session.lastUsedAt, session.userAgent, session.ip,
                session.id.equals(currentSession));
    }
}
