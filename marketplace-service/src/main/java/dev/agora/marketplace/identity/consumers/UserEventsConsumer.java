package dev.agora.marketplace.identity.consumers;

import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.Set;
import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;

import org.eclipse.microprofile.reactive.messaging.Incoming;

import dev.agora.common.auth.SessionRevocationProjection;
import dev.agora.common.consumer.IdempotentConsumer;
import dev.agora.common.consumer.PoisonEventException;
import dev.agora.common.events.IncomingEvent;
import dev.agora.marketplace.follow.service.FollowService;
import dev.agora.marketplace.profile.service.ProfileService;
import io.smallrye.mutiny.Uni;
import io.smallrye.reactive.messaging.kafka.KafkaRecordBatch;

/**
 * Consumes {@code identity.v1}: a registered user gets a profile; a deleted user's follows end (with their
 * unfollowed events) and the profile goes; revoked sessions are recorded (their tokens are refused from then on).
 */
@ApplicationScoped
public class UserEventsConsumer {
    public static final String USER_REGISTERED = "agora.user.registered.v1";
    public static final String USER_DELETED = "agora.user.deleted.v1";

    private static final Set<String> APPLIED = SessionRevocationProjection.plus(Set.of(USER_REGISTERED, USER_DELETED));

    private final IdempotentConsumer consumer;
    private final FollowService follows;
    private final ProfileService profiles;
    private final SessionRevocationProjection revocations;

    public UserEventsConsumer(IdempotentConsumer consumer, FollowService follows, ProfileService profiles,
            SessionRevocationProjection revocations) {
        this.consumer = consumer;
        this.follows = follows;
        this.profiles = profiles;
        this.revocations = revocations;
    }

    @Incoming("identity-in")
    public Uni<Void> onUserEvents(KafkaRecordBatch<String, String> batch) {
        return consumer.consumeBatch(batch, APPLIED, revocations.orElse(this::apply));
    }

    private Uni<Void> apply(IncomingEvent event) {
        UUID userId = event.requiredUuid("userId");
        if (USER_REGISTERED.equals(event.type())) {
            return profiles.onRegistered(userId, event.text("email"), event.text("displayName"), createdAt(event));
        }
        // one session, so one statement after the other
        return follows.removeAllOf(userId).chain(() -> profiles.onDeleted(userId));
    }

    private static Instant createdAt(IncomingEvent event) {
        String createdAt = event.text("createdAt");
        try {
            return createdAt == null ? Instant.now() : Instant.parse(createdAt);
        } catch (DateTimeParseException e) {
            throw new PoisonEventException("event " + event.id() + " has a createdAt that is not a time: " + createdAt, e);
        }
    }
}
