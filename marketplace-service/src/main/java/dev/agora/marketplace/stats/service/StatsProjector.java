package dev.agora.marketplace.stats.service;

import java.math.BigDecimal;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.UUID;
import java.util.function.BiConsumer;
import java.util.function.BiPredicate;
import java.util.function.Function;

import jakarta.enterprise.context.ApplicationScoped;

import com.fasterxml.jackson.databind.JsonNode;

import dev.agora.common.events.IncomingEvent;
import dev.agora.marketplace.leaderboard.repository.LeaderboardMarks;
import dev.agora.marketplace.stats.repository.DeploymentFact;
import dev.agora.marketplace.stats.repository.FollowFact;
import dev.agora.marketplace.stats.repository.ReviewFact;
import dev.agora.marketplace.stats.repository.StatsRepository;
import dev.agora.marketplace.stats.repository.TaskFact;
import dev.agora.marketplace.stats.repository.TransactionFact;
import io.smallrye.mutiny.Uni;

/**
 * Turns events into facts and facts into stats, in the consumer's transaction. Each fact is stored by its source
 * id; a state older than the stored one (out of order) changes nothing, a newer one adds the difference of the two
 * states' contributions. A change that moves an activity bucket marks the agent's boards for a recompute.
 */
@ApplicationScoped
public class StatsProjector {
    private final StatsRepository stats;
    private final LeaderboardMarks marks;

    public StatsProjector(StatsRepository stats, LeaderboardMarks marks) {
        this.stats = stats;
        this.marks = marks;
    }

    public Uni<Void> onTask(IncomingEvent event) {
        TaskFact fact = new TaskFact();
        fact.taskId = event.requiredUuid("task.id");
        fact.agentId = event.requiredUuid("agentId");
        fact.status = event.requiredText("task.status");
        if (!FactRules.knownTaskStatus(fact.status)) {
            throw event.poison("has an unknown task.status " + fact.status);
        }
        fact.createdAt = requiredInstant(event, "task.createdAt");
        fact.startedAt = instant(event, "task.startedAt");
        fact.finishedAt = instant(event, "task.finishedAt");
        fact.updatedAt = requiredInstant(event, "task.updatedAt");
        fact.dispatchedAt = instant(event, "task.dispatchedAt");
        fact.firstProgressAt = instant(event, "task.firstProgressAt");
        return upsert(TaskFact.class, fact.taskId, fact, fact.agentId, FactRules::isNewer, FactRules::of, (stored, in) -> {
            stored.status = in.status;
            stored.createdAt = in.createdAt;
            stored.startedAt = in.startedAt;
            stored.finishedAt = in.finishedAt;
            stored.updatedAt = in.updatedAt;
            stored.dispatchedAt = in.dispatchedAt;
            stored.firstProgressAt = in.firstProgressAt;
        });
    }

    public Uni<Void> onTransaction(IncomingEvent event) {
        if (FactRules.DEPOSIT.equals(event.text("transaction.type"))) {
            // a deposit funds the payer's own balance: nobody earned it
            return Uni.createFrom().voidItem();
        }
        TransactionFact fact = new TransactionFact();
        fact.transactionId = event.requiredUuid("transaction.id");
        fact.agentId = event.requiredUuid("agentId");
        fact.status = event.requiredText("transaction.status");
        if (!FactRules.knownTransactionStatus(fact.status)) {
            throw event.poison("has an unknown transaction.status " + fact.status);
        }
        fact.amount = decimal(event, "transaction.amount", true);
        BigDecimal refunded = decimal(event, "transaction.refundedAmount", false);
        fact.refundedAmount = refunded == null ? BigDecimal.ZERO : refunded;
        fact.confirmedAt = instant(event, "transaction.confirmedAt");
        Instant changed = latest(fact.confirmedAt, latest(instant(event, "transaction.refundedAt"),
                instant(event, "transaction.failedAt")));
        fact.updatedAt = changed != null ? changed : requiredInstant(event, "transaction.createdAt");
        return upsert(TransactionFact.class, fact.transactionId, fact, fact.agentId, FactRules::isNewer, FactRules::of,
                (stored, in) -> {
                    stored.status = in.status;
                    stored.amount = in.amount;
                    stored.refundedAmount = in.refundedAmount;
                    stored.confirmedAt = in.confirmedAt;
                    stored.updatedAt = in.updatedAt;
                });
    }

    public Uni<Void> onReview(IncomingEvent event) {
        ReviewFact fact = new ReviewFact();
        fact.reviewId = event.requiredUuid("review.id");
        fact.agentId = event.requiredUuid("agentId");
        fact.rating = rating(event, "review.rating", true);
        fact.responseTimeRating = ratingOrNull(event, "review.responseTimeRating");
        fact.qualityRating = ratingOrNull(event, "review.qualityRating");
        fact.communicationRating = ratingOrNull(event, "review.communicationRating");
        fact.valueRating = ratingOrNull(event, "review.valueRating");
        fact.createdAt = requiredInstant(event, "review.createdAt");
        // ratings never change: the first state is the only one
        return upsert(ReviewFact.class, fact.reviewId, fact, fact.agentId, (in, stored) -> false, FactRules::of,
                (stored, in) -> {
                });
    }

    public Uni<Void> onFollow(IncomingEvent event, boolean following) {
        FollowFact fact = new FollowFact();
        fact.key = new FollowFact.Key(event.requiredUuid("agentId"), event.requiredUuid("userId"));
        fact.following = following;
        fact.changedAt = requiredInstant(event, following ? "followedAt" : "unfollowedAt");
        return upsert(FollowFact.class, fact.key, fact, fact.key.agentId, FactRules::isNewer, FactRules::of,
                (stored, in) -> {
                    stored.following = in.following;
                    stored.changedAt = in.changedAt;
                });
    }

    public Uni<Void> onDeployment(IncomingEvent event) {
        DeploymentFact fact = new DeploymentFact();
        fact.deploymentId = event.requiredUuid("deployment.id");
        fact.agentId = event.requiredUuid("agentId");
        fact.status = event.requiredText("deployment.status");
        if (!FactRules.knownDeploymentStatus(fact.status)) {
            throw event.poison("has an unknown deployment.status " + fact.status);
        }
        fact.createdAt = requiredInstant(event, "deployment.createdAt");
        fact.startedAt = instant(event, "deployment.startedAt");
        fact.deployedAt = instant(event, "deployment.deployedAt");
        fact.completedAt = instant(event, "deployment.completedAt");
        return upsert(DeploymentFact.class, fact.deploymentId, fact, fact.agentId, FactRules::isNewer, FactRules::of,
                (stored, in) -> {
                    stored.status = in.status;
                    stored.createdAt = in.createdAt;
                    stored.startedAt = in.startedAt;
                    stored.deployedAt = in.deployedAt;
                    stored.completedAt = in.completedAt;
                });
    }

    /** Executions only ever add (a redelivered event was already stopped by processed_events). */
    public Uni<Void> onExecution(IncomingEvent event) {
        UUID agentId = event.requiredUuid("agentId");
        JsonNode success = event.data().path("success");
        if (!success.isBoolean()) {
            throw event.poison("has no boolean success");
        }
        long durationMs = event.requiredLong("durationMs");
        if (durationMs < 0) {
            throw event.poison("has a negative durationMs");
        }
        Instant completedAt = requiredInstant(event, "completedAt");
        Contribution delta = new Contribution().add(StatsCounter.EXECUTIONS_TOTAL, 1)
                .add(success.booleanValue() ? StatsCounter.EXECUTIONS_SUCCESS : StatsCounter.EXECUTIONS_ERROR, 1)
                .add(StatsCounter.EXECUTION_MS_SUM, durationMs).active(completedAt);
        return stats.addExecution(agentId, completedAt.truncatedTo(ChronoUnit.HOURS), success.booleanValue(), durationMs,
                completedAt).chain(() -> stats.add(agentId, delta));
    }

    /**
     * Every known agent has a stats row. (A catalog change that moves the agent between boards marks them in
     * {@link dev.agora.marketplace.catalog.service.CatalogProjector}, which sees the row before and after.)
     */
    public Uni<Void> onAgent(IncomingEvent event) {
        UUID agentId = event.text("agentId") != null ? event.requiredUuid("agentId") : event.requiredUuid("agent.id");
        return stats.ensureRow(agentId);
    }

    private <F> Uni<Void> upsert(Class<F> type, Object id, F incoming, UUID agentId, BiPredicate<F, F> isNewer,
            Function<F, Contribution> contribution, BiConsumer<F, F> copy) {
        return stats.lockFact(type, id).chain(stored -> {
            if (stored == null) {
                return stats.persist(incoming).chain(() -> apply(agentId, contribution.apply(incoming).minus(new Contribution())));
            }
            if (!isNewer.test(incoming, stored)) {
                return Uni.createFrom().voidItem();
            }
            Contribution before = contribution.apply(stored);
            copy.accept(stored, incoming);
            return apply(agentId, contribution.apply(stored).minus(before));
        });
    }

    private Uni<Void> apply(UUID agentId, Contribution delta) {
        Uni<Void> added = stats.add(agentId, delta);
        return delta.buckets().isEmpty() ? added : added.chain(() -> marks.markBoardsOf(agentId));
    }

    /** Facts are stored as timestamptz, which keeps microseconds: compare them at that precision. */
    private static Instant instant(IncomingEvent event, String path) {
        Instant value = event.instant(path);
        return value == null ? null : value.truncatedTo(ChronoUnit.MICROS);
    }

    private static Instant requiredInstant(IncomingEvent event, String path) {
        return event.requiredInstant(path).truncatedTo(ChronoUnit.MICROS);
    }

    private static BigDecimal decimal(IncomingEvent event, String path, boolean required) {
        String value = event.text(path);
        if (value == null) {
            if (required) {
                throw event.poison("has no " + path);
            }
            return null;
        }
        try {
            BigDecimal amount = new BigDecimal(value);
            if (amount.signum() < 0) {
                throw event.poison("has a negative " + path);
            }
            return amount;
        } catch (NumberFormatException e) {
            throw event.poison("has a " + path + " that is not a number: " + value);
        }
    }

    private static int rating(IncomingEvent event, String path, boolean required) {
        Integer value = ratingOrNull(event, path);
        if (value == null && required) {
            throw event.poison("has no " + path);
        }
        return value == null ? 0 : value;
    }

    private static Integer ratingOrNull(IncomingEvent event, String path) {
        String text = event.text(path);
        if (text == null) {
            return null;
        }
        try {
            int value = Integer.parseInt(text);
            if (value >= 1 && value <= 5) {
                return value;
            }
        } catch (NumberFormatException e) {
            // answered below
        }
        throw event.poison("has a " + path + " that is not a rating 1-5: " + text);
    }

    private static Instant latest(Instant a, Instant b) {
        if (a == null) {
            return b;
        }
        return b == null || a.isAfter(b) ? a : b;
    }
}
