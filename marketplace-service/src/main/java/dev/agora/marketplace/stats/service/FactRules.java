package dev.agora.marketplace.stats.service;

import java.math.BigDecimal;
import java.time.Duration;
import java.util.Map;
import java.util.Objects;

import dev.agora.marketplace.stats.repository.DeploymentFact;
import dev.agora.marketplace.stats.repository.FollowFact;
import dev.agora.marketplace.stats.repository.ReviewFact;
import dev.agora.marketplace.stats.repository.TaskFact;
import dev.agora.marketplace.stats.repository.TransactionFact;

/**
 * Which state of a fact is newer, and what each state contributes to the stats. The SQL of
 * {@link dev.agora.marketplace.stats.repository.StatsRebuildSql} computes the same totals from the stored facts in
 * one pass, independently: the property test compares both.
 */
public final class FactRules {
    /** The transaction type of a deposit to the payer's balance: not an earning of the agent it names. */
    public static final String DEPOSIT = "funding";

    /** Statuses only move forward; a later snapshot of the same status carries a later {@code updatedAt}. */
    private static final Map<String, Integer> TASK_ORDER = Map.of("pending", 0, "in_progress", 1, "completed", 2,
            "failed", 2, "cancelled", 2);
    private static final Map<String, Integer> TRANSACTION_ORDER = Map.of("pending", 0, "confirmed", 1, "failed", 1,
            "refunded", 2);
    private static final Map<String, Integer> DEPLOYMENT_ORDER = Map.of("pending", 0, "deploying", 1, "succeeded", 2,
            "failed", 2, "cancelled", 2, "stopped", 3);

    private FactRules() {
    }

    public static boolean isNewer(TaskFact incoming, TaskFact stored) {
        int order = Integer.compare(TASK_ORDER.getOrDefault(incoming.status, -1), TASK_ORDER.getOrDefault(stored.status, -1));
        return order > 0 || order == 0 && incoming.updatedAt.isAfter(stored.updatedAt);
    }

    public static boolean isNewer(TransactionFact incoming, TransactionFact stored) {
        int order = Integer.compare(TRANSACTION_ORDER.getOrDefault(incoming.status, -1),
                TRANSACTION_ORDER.getOrDefault(stored.status, -1));
        return order > 0 || order == 0 && incoming.updatedAt.isAfter(stored.updatedAt);
    }

    public static boolean isNewer(DeploymentFact incoming, DeploymentFact stored) {
        return DEPLOYMENT_ORDER.getOrDefault(incoming.status, -1) > DEPLOYMENT_ORDER.getOrDefault(stored.status, -1);
    }

    public static boolean isNewer(FollowFact incoming, FollowFact stored) {
        return incoming.changedAt.isAfter(stored.changedAt);
    }

    /**
     * How long the agent took to respond to a task, or null while unknown. Work dispatched to the agent: from the
     * dispatch to its first progress report, or to the task's completion when it reported none (a failed run without
     * progress has no response time). Work the owner does by hand (never dispatched): from the hire to the start.
     */
    public static Duration responseTime(TaskFact task) {
        if (task.dispatchedAt != null) {
            if (task.firstProgressAt != null) {
                return Duration.between(task.dispatchedAt, task.firstProgressAt);
            }
            return "completed".equals(task.status) && task.finishedAt != null
                    ? Duration.between(task.dispatchedAt, task.finishedAt) : null;
        }
        return task.startedAt == null ? null : Duration.between(task.createdAt, task.startedAt);
    }

    public static boolean knownTaskStatus(String status) {
        return TASK_ORDER.containsKey(status);
    }

    public static boolean knownTransactionStatus(String status) {
        return TRANSACTION_ORDER.containsKey(status);
    }

    public static boolean knownDeploymentStatus(String status) {
        return DEPLOYMENT_ORDER.containsKey(status);
    }

    /** Every task is a hire; its outcome counts when it finished, its response time once it is known. */
    public static Contribution of(TaskFact task) {
        Contribution c = new Contribution().add(StatsCounter.HIRE_COUNT, 1).active(task.startedAt).active(task.finishedAt);
        Duration response = responseTime(task);
        if (response != null) {
            long seconds = Math.max(0, response.toSeconds());
            c.add(StatsCounter.RESPONSE_SECONDS_SUM, seconds).add(StatsCounter.RESPONSE_COUNT, 1);
        }
        boolean completed = "completed".equals(task.status);
        boolean failed = "failed".equals(task.status);
        if (completed || failed) {
            c.add(completed ? StatsCounter.TASKS_COMPLETED : StatsCounter.TASKS_FAILED, 1)
                    .bucket(Objects.requireNonNullElse(task.finishedAt, task.updatedAt), completed ? 1 : 0,
                            failed ? 1 : 0, 0, 0, BigDecimal.ZERO);
        }
        return c;
    }

    /** Earnings = what was paid and confirmed, less what was refunded, in the hour of the confirmation. */
    public static Contribution of(TransactionFact transaction) {
        Contribution c = new Contribution();
        if ("confirmed".equals(transaction.status) || "refunded".equals(transaction.status)) {
            BigDecimal net = transaction.amount.subtract(transaction.refundedAmount);
            c.earnings(net).bucket(Objects.requireNonNullElse(transaction.confirmedAt, transaction.updatedAt), 0, 0, 0, 0,
                    net);
        }
        return c;
    }

    public static Contribution of(ReviewFact review) {
        Contribution c = new Contribution().add(StatsCounter.REVIEW_COUNT, 1).add(StatsCounter.RATING_SUM, review.rating)
                .bucket(review.createdAt, 0, 0, review.rating, 1, BigDecimal.ZERO);
        subRating(c, review.responseTimeRating, StatsCounter.RESPONSE_TIME_RATING_SUM, StatsCounter.RESPONSE_TIME_RATING_COUNT);
        subRating(c, review.qualityRating, StatsCounter.QUALITY_RATING_SUM, StatsCounter.QUALITY_RATING_COUNT);
        subRating(c, review.communicationRating, StatsCounter.COMMUNICATION_RATING_SUM,
                StatsCounter.COMMUNICATION_RATING_COUNT);
        subRating(c, review.valueRating, StatsCounter.VALUE_RATING_SUM, StatsCounter.VALUE_RATING_COUNT);
        return c;
    }

    public static Contribution of(FollowFact follow) {
        return new Contribution().add(StatsCounter.FOLLOWER_COUNT, follow.following ? 1 : 0);
    }

    /** A successful deployment = went live (a stopped deployment had succeeded first). */
    public static Contribution of(DeploymentFact deployment) {
        return new Contribution().add(StatsCounter.DEPLOYMENTS_TOTAL, 1)
                .add(StatsCounter.DEPLOYMENTS_SUCCESSFUL,
                        "succeeded".equals(deployment.status) || "stopped".equals(deployment.status) ? 1 : 0)
                .add(StatsCounter.DEPLOYMENTS_FAILED, "failed".equals(deployment.status) ? 1 : 0)
                .deployed(Objects.requireNonNullElse(deployment.startedAt, deployment.createdAt))
                .active(deployment.deployedAt);
    }

    private static void subRating(Contribution c, Integer value, StatsCounter sum, StatsCounter count) {
        if (value != null) {
            c.add(sum, value).add(count, 1);
        }
    }
}
