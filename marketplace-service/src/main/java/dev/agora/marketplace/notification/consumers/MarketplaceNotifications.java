package dev.agora.marketplace.notification.consumers;

import java.math.BigDecimal;
import java.util.List;
import java.util.Set;
import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

import dev.agora.common.events.IncomingEvent;
import dev.agora.marketplace.notification.repository.AgentDirectory;
import dev.agora.marketplace.notification.service.NewNotification;
import dev.agora.marketplace.notification.service.NotificationPriority;
import dev.agora.marketplace.notification.service.NotificationService;
import dev.agora.marketplace.projection.EventProjection;
import io.smallrye.mutiny.Uni;
import org.jboss.logging.Logger;

/**
 * Notifications from {@code marketplace.v1}: a new task to the agent's owner; a task started, completed, failed or
 * cancelled to the party that did not make the move (to both when the platform made it); a review to the owner; a confirmed or refunded payment to the
 * payer and the owner; a new follower to the owner; a leaderboard move to the owner.
 */
@ApplicationScoped
public class MarketplaceNotifications implements EventProjection {
    static final String TASK_CREATED = "agora.task.created.v1";
    static final String TASK_STARTED = "agora.task.started.v1";
    static final String TASK_COMPLETED = "agora.task.completed.v1";
    static final String TASK_FAILED = "agora.task.failed.v1";
    static final String TASK_CANCELLED = "agora.task.cancelled.v1";
    static final String REVIEW_SUBMITTED = "agora.review.submitted.v1";
    static final String TRANSACTION_CONFIRMED = "agora.transaction.confirmed.v1";
    static final String TRANSACTION_REFUNDED = "agora.transaction.refunded.v1";
    static final String AGENT_FOLLOWED = "agora.agent.followed.v1";
    static final String RANK_CHANGED = "agora.leaderboard.rank-changed.v1";
    private static final Logger LOG = Logger.getLogger(MarketplaceNotifications.class);

    private final NotificationService notifications;
    private final AgentDirectory agents;
    private final ObjectMapper mapper;

    public MarketplaceNotifications(NotificationService notifications, AgentDirectory agents, ObjectMapper mapper) {
        this.notifications = notifications;
        this.agents = agents;
        this.mapper = mapper;
    }

    @Override
    public String topic() {
        return "marketplace.v1";
    }

    @Override
    public Set<String> types() {
        return Set.of(TASK_CREATED, TASK_STARTED, TASK_COMPLETED, TASK_FAILED, TASK_CANCELLED, REVIEW_SUBMITTED,
                TRANSACTION_CONFIRMED, TRANSACTION_REFUNDED, AGENT_FOLLOWED, RANK_CHANGED);
    }

    @Override
    public Uni<Void> apply(IncomingEvent event) {
        return switch (event.type()) {
            case TASK_CREATED, TASK_STARTED, TASK_COMPLETED, TASK_FAILED, TASK_CANCELLED -> task(event);
            case REVIEW_SUBMITTED -> review(event);
            case TRANSACTION_CONFIRMED, TRANSACTION_REFUNDED -> payment(event);
            case AGENT_FOLLOWED -> follower(event);
            case RANK_CHANGED -> rank(event);
            default -> Uni.createFrom().voidItem();
        };
    }

    private Uni<Void> task(IncomingEvent event) {
        UUID taskId = event.requiredUuid("taskId");
        UUID agentId = event.requiredUuid("agentId");
        UUID hirerId = event.requiredUuid("hirerId");
        UUID ownerId = event.requiredUuid("ownerId");
        UUID actorId = event.requiredUuid("actorId");
        String title = event.requiredText("task.title");
        // created: always the owner; a move by one party: the other one; a move by the platform (a task past its
        // due date): both
        List<UUID> recipients = TASK_CREATED.equals(event.type()) || actorId.equals(hirerId) ? List.of(ownerId)
                : actorId.equals(ownerId) ? List.of(hirerId) : List.of(hirerId, ownerId);
        ObjectNode data = mapper.createObjectNode().put("taskId", taskId.toString()).put("agentId", agentId.toString())
                .put("status", event.text("task.status"));
        String reason = event.text("task.failureReason");
        return agents.nameOf(agentId).chain(agent -> {
            String task = "\"" + title + "\"";
            Uni<Void> created = Uni.createFrom().voidItem();
            for (UUID recipient : recipients) {
                NewNotification notification = switch (event.type()) {
                    case TASK_CREATED -> NewNotification.fromEvent(event, recipient, "task_created", "New task",
                            "New task " + task + " for " + agent,
                            data, "urgent".equals(event.text("task.priority")) ? NotificationPriority.HIGH
                                    : NotificationPriority.MEDIUM);
                    case TASK_STARTED -> NewNotification.fromEvent(event, recipient, "task_started", "Task started",
                            "Task " + task + " for " + agent + " was started", data, NotificationPriority.LOW);
                    case TASK_COMPLETED -> NewNotification.fromEvent(event, recipient, "task_completed",
                            "Task completed", "Task " + task + " for " + agent + " was completed", data,
                            NotificationPriority.MEDIUM);
                    case TASK_FAILED -> NewNotification.fromEvent(event, recipient, "task_failed", "Task failed",
                            "Task " + task + " for " + agent + " failed" + because(reason), data,
                            NotificationPriority.HIGH);
                    default -> NewNotification.fromEvent(event, recipient, "task_cancelled", "Task cancelled",
                            "Task " + task + " for " + agent + " was cancelled" + because(reason), data,
                            NotificationPriority.MEDIUM);
                };
                created = created.chain(() -> notifications.create(notification).replaceWithVoid());
            }
            return created;
        });
    }

    /** The event is public and does not name the owner: the catalog knows who owns the agent. */
    private Uni<Void> review(IncomingEvent event) {
        UUID agentId = event.requiredUuid("agentId");
        long rating = event.requiredLong("review.rating");
        ObjectNode data = mapper.createObjectNode().put("reviewId", event.requiredUuid("reviewId").toString())
                .put("taskId", event.requiredUuid("taskId").toString()).put("agentId", agentId.toString())
                .put("rating", rating);
        return agents.find(agentId).chain(agent -> agent == null ? Uni.createFrom().voidItem()
                : notifications.create(NewNotification.fromEvent(event, agent.ownerId(), "review_received", "New review",
                        "\"" + agent.name() + "\" received a " + rating + "-star review", data,
                        NotificationPriority.MEDIUM)).replaceWithVoid());
    }

    private Uni<Void> payment(IncomingEvent event) {
        UUID agentId = event.requiredUuid("agentId");
        UUID payerId = event.requiredUuid("userId");
        UUID ownerId = event.requiredUuid("ownerId");
        boolean refunded = TRANSACTION_REFUNDED.equals(event.type());
        String amount = amount(event, refunded ? "transaction.refundedAmount" : "transaction.amount") + " "
                + event.requiredText("transaction.asset");
        ObjectNode data = mapper.createObjectNode()
                .put("transactionId", event.requiredUuid("transactionId").toString())
                .put("agentId", agentId.toString()).put("taskId", event.text("taskId"));
        if ("funding".equals(event.text("transaction.type"))) {
            // a deposit to the payer's own balance: only theirs to hear about
            return notifications.create(refunded
                    ? NewNotification.fromEvent(event, payerId, "deposit_refunded", "Deposit refunded",
                            amount + " of your deposit was refunded and left your balance", data,
                            NotificationPriority.MEDIUM)
                    : NewNotification.fromEvent(event, payerId, "deposit_confirmed", "Deposit confirmed",
                            "Your deposit of " + amount + " was credited to your balance", data,
                            NotificationPriority.LOW)).replaceWithVoid();
        }
        return agents.nameOf(agentId).chain(agent -> {
            NewNotification toPayer = refunded
                    ? NewNotification.fromEvent(event, payerId, "payment_refunded", "Payment refunded",
                            "You were refunded " + amount + " for " + agent, data, NotificationPriority.MEDIUM)
                    : NewNotification.fromEvent(event, payerId, "payment_confirmed", "Payment confirmed",
                            "Your payment of " + amount + " for " + agent + " was confirmed", data,
                            NotificationPriority.LOW);
            NewNotification toOwner = refunded
                    ? NewNotification.fromEvent(event, ownerId, "payment_refunded", "Payment refunded",
                            amount + " paid for " + agent + " was refunded", data, NotificationPriority.MEDIUM)
                    : NewNotification.fromEvent(event, ownerId, "payment_received", "Payment received",
                            "You received " + amount + " for " + agent, data, NotificationPriority.MEDIUM);
            return notifications.create(toPayer).chain(() -> notifications.create(toOwner));
        }).replaceWithVoid();
    }

    private Uni<Void> follower(IncomingEvent event) {
        UUID agentId = event.requiredUuid("agentId");
        UUID followerId = event.requiredUuid("userId");
        return agents.find(agentId).chain(agent -> {
            if (agent == null) {
                // a follow needs a listed agent, so the catalog knows it; without an owner there is no one to tell
                LOG.warnf("Follow event %s names agent %s unknown to the catalog: nobody to notify", event.id(), agentId);
                return Uni.createFrom().voidItem();
            }
            ObjectNode data = mapper.createObjectNode().put("agentId", agentId.toString())
                    .put("followerId", followerId.toString());
            return notifications.create(NewNotification.fromEvent(event, agent.ownerId(), "new_follower",
                    "New follower", "\"" + agent.name() + "\" has a new follower", data, NotificationPriority.LOW))
                    .replaceWithVoid();
        });
    }

    /** The event is public and does not name the owner: the catalog knows who owns the agent. */
    private Uni<Void> rank(IncomingEvent event) {
        UUID agentId = event.requiredUuid("agentId");
        String name = event.requiredText("agentName");
        String domain = event.text("domain");
        String period = event.requiredText("period");
        long rank = event.requiredLong("rank");
        JsonNode previous = event.data().path("previousRank");
        Long previousRank = previous.isIntegralNumber() ? previous.longValue() : null;
        String board = period.replace('_', ' ') + " " + (domain == null ? "global" : domain) + " leaderboard";
        String message = "\"" + name + "\" " + (previousRank == null
                ? "entered the " + board + " at #" + rank
                : "moved from #" + previousRank + " to #" + rank + " on the " + board);
        String priority = rank == 1 && !Long.valueOf(1).equals(previousRank) ? NotificationPriority.HIGH
                : previousRank == null || rank < previousRank ? NotificationPriority.MEDIUM : NotificationPriority.LOW;
        ObjectNode data = mapper.createObjectNode().put("agentId", agentId.toString()).put("domain", domain)
                .put("period", period).put("rank", rank);
        if (previousRank == null) {
            data.putNull("previousRank");
        } else {
            data.put("previousRank", previousRank);
        }
        return agents.find(agentId).chain(agent -> agent == null ? Uni.createFrom().voidItem()
                : notifications.create(NewNotification.fromEvent(event, agent.ownerId(), "rank_changed",
                        "Leaderboard rank changed", message, data, priority)).replaceWithVoid());
    }

    private static String amount(IncomingEvent event, String path) {
        JsonNode node = event.data().at("/" + path.replace('.', '/'));
        if (!node.isNumber() && !node.isTextual()) {
            throw event.poison("has no amount at " + path);
        }
        try {
            return new BigDecimal(node.asText()).stripTrailingZeros().toPlainString();
        } catch (NumberFormatException e) {
            throw event.poison("has an amount at " + path + " that is not a number");
        }
    }

    private static String because(String reason) {
        return reason == null || reason.isBlank() ? "" : ": " + reason;
    }
}
