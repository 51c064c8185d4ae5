package dev.agora.testsupport;

import java.time.Instant;
import java.util.Arrays;
import java.util.UUID;
import java.util.stream.Collectors;

/**
 * Ends sign-in sessions the way the gateway does: {@code agora.session.revoked.v1} on {@code identity.v1}, keyed by
 * the user, for the user's eyes, into a {@code @QuarkusTest}'s broker. Tokens of such sessions come from
 * {@link TestTokens#forSession}.
 */
public final class TestSessions {
    public static final String TOPIC = "identity.v1";
    public static final String REVOKED = "agora.session.revoked.v1";

    private TestSessions() {
    }

    /** Revokes the sessions with a new event id, and returns that id. */
    public static String revoke(UUID userId, UUID... sessionIds) {
        return revokeAs(UUID.randomUUID().toString(), userId, sessionIds);
    }

    /** Revokes the sessions under a chosen event id (sending an id twice is a redelivery), and returns that id. */
    public static String revokeAs(String eventId, UUID userId, UUID... sessionIds) {
        TopicReader.send(TestEvents.bootstrapServers(), TOPIC, userId.toString(), body(userId, sessionIds),
                TopicReader.cloudEvent(eventId, REVOKED, userId.toString(), TestEvents.usersAudience(userId)));
        return eventId;
    }

    /** The event's payload, as {@code contracts/identity.v1/agora.session.revoked.v1.schema.json} describes it. */
    public static String body(UUID userId, UUID... sessionIds) {
        String ids = Arrays.stream(sessionIds).map(id -> "\"" + id + "\"").collect(Collectors.joining(",", "[", "]"));
        return "{\"userId\":\"" + userId + "\",\"sessionIds\":" + ids + ",\"revokedAt\":\"" + Instant.now()
                + "\",\"reason\":\"logout\"}";
    }
}
