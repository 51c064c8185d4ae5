package dev.agora.triggers.platform.consumers;

import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Function;

import jakarta.enterprise.context.ApplicationScoped;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.eclipse.microprofile.reactive.messaging.Incoming;

import dev.agora.common.auth.SessionRevocationProjection;
import dev.agora.common.consumer.IdempotentConsumer;
import dev.agora.common.events.CloudEventHeaders;
import dev.agora.common.events.IncomingEvent;
import dev.agora.triggers.platform.repository.VisibilityRepository;
import dev.agora.triggers.platform.service.OrgMembersReconciliation;
import dev.agora.triggers.platform.service.PlatformEventService;
import dev.agora.triggers.trigger.service.TriggerService;
import io.smallrye.mutiny.Uni;

/**
 * Consumes identity.v1, deployments.v1 and marketplace.v1: each event runs through the platform triggers watching
 * its type; identity.v1 also feeds the organization membership projection (and repairs it from member lists sent for
 * reconciliation), disables a deleted user's triggers and
 * records revoked sessions (their tokens are refused from then on).
 * Events nobody watches and nothing projects are acknowledged without touching the database.
 */
@ApplicationScoped
public class PlatformEventsConsumer {
    static final String MEMBER_ADDED = "agora.org.member-added.v1";
    static final String MEMBER_ROLE_CHANGED = "agora.org.member-role-changed.v1";
    static final String MEMBER_REMOVED = "agora.org.member-removed.v1";
    static final String MEMBERS_SNAPSHOT = "agora.org.members-snapshot.v1";
    static final String USER_DELETED = "agora.user.deleted.v1";
    private static final Set<String> IDENTITY_APPLIED = SessionRevocationProjection.plus(
            Set.of(MEMBER_ADDED, MEMBER_ROLE_CHANGED, MEMBER_REMOVED, MEMBERS_SNAPSHOT, USER_DELETED));

    private final IdempotentConsumer consumer;
    private final PlatformEventService platform;
    private final VisibilityRepository members;
    private final TriggerService triggers;
    private final SessionRevocationProjection revocations;
    private final OrgMembersReconciliation reconciliation;

    public PlatformEventsConsumer(IdempotentConsumer consumer, PlatformEventService platform, VisibilityRepository members,
            TriggerService triggers, SessionRevocationProjection revocations, OrgMembersReconciliation reconciliation) {
        this.reconciliation = reconciliation;
        this.consumer = consumer;
        this.platform = platform;
        this.members = members;
        this.triggers = triggers;
        this.revocations = revocations;
    }

    @Incoming("identity-in")
    public Uni<Void> onIdentityEvent(ConsumerRecord<String, String> record) {
        List<UUID> disabled = new CopyOnWriteArrayList<>();
        return consume(record, IDENTITY_APPLIED, revocations.orElse(event -> project(event, disabled)))
                .invoke(() -> triggers.dropFromIndex(disabled));
    }

    @Incoming("deployments-in")
    public Uni<Void> onDeploymentEvent(ConsumerRecord<String, String> record) {
        return consume(record, Set.of(), event -> Uni.createFrom().voidItem());
    }

    @Incoming("marketplace-in")
    public Uni<Void> onMarketplaceEvent(ConsumerRecord<String, String> record) {
        return consume(record, Set.of(), event -> Uni.createFrom().voidItem());
    }

    /**
     * Applies {@code projection} to the types it handles, then evaluates the event against the triggers watching
     * it, all in one transaction, once per event id.
     */
    public Uni<Void> consume(ConsumerRecord<String, String> record, Set<String> projected,
            Function<IncomingEvent, Uni<Void>> projection) {
        String type = CloudEventHeaders.read(record.headers(), CloudEventHeaders.TYPE);
        if (type != null && !projected.contains(type) && !platform.isWatched(type)) {
            return Uni.createFrom().voidItem();
        }
        return consumer.consume(record, event -> (projected.contains(event.type()) ? projection.apply(event)
                : Uni.createFrom().voidItem()).chain(() -> platform.evaluate(event)));
    }

    private Uni<Void> project(IncomingEvent event, List<UUID> disabled) {
        return switch (event.type()) {
            case MEMBER_ADDED, MEMBER_ROLE_CHANGED -> members.putMember(event.requiredText("slug"),
                    event.requiredUuid("userId"), event.requiredText("role"));
            case MEMBER_REMOVED -> members.removeMember(event.requiredText("slug"), event.requiredUuid("userId"));
            case MEMBERS_SNAPSHOT -> reconciliation.reconcile(event);
            default -> {
                UUID userId = event.requiredUuid("userId");
                yield triggers.disableAllOf(userId).invoke(disabled::addAll).chain(() -> members.removeUser(userId));
            }
        };
    }
}
