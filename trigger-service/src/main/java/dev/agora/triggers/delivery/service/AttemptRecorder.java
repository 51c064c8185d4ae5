package dev.agora.triggers.delivery.service;

import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;

import dev.agora.common.events.Audience;
import dev.agora.common.events.Topics;
import dev.agora.common.outbox.OutboxWriter;
import dev.agora.common.outbox.WithOutboxTransaction;
import dev.agora.triggers.delivery.action.ActionOutcome;
import dev.agora.triggers.delivery.action.RetryPolicy;
import dev.agora.triggers.delivery.events.DeliveryEvents;
import dev.agora.triggers.delivery.repository.ActionJobRepository;
import dev.agora.triggers.delivery.repository.ActionJobRepository.ClaimedJob;
import dev.agora.triggers.delivery.repository.ActionResultRepository;
import dev.agora.triggers.delivery.repository.CircuitBreakerRepository;
import dev.agora.triggers.delivery.repository.CircuitBreakerRepository.Breaker;
import io.smallrye.mutiny.Uni;

/**
 * Records one attempt in one transaction: the job's new status (done, retry later, dead letter), the result row, the
 * events, and the trigger's circuit breaker. Nothing is recorded when the claim lost the job (its lease had passed
 * and another worker took it), so an attempt is never recorded twice.
 */
@ApplicationScoped
public class AttemptRecorder {
    private final ActionJobRepository jobs;
    private final ActionResultRepository results;
    private final CircuitBreakerRepository breakers;
    private final OutboxWriter outbox;
    private final DeliveryConfig config;

    public AttemptRecorder(ActionJobRepository jobs, ActionResultRepository results, CircuitBreakerRepository breakers,
            OutboxWriter outbox, DeliveryConfig config) {
        this.jobs = jobs;
        this.results = results;
        this.breakers = breakers;
        this.outbox = outbox;
        this.config = config;
    }

    /**
     * {@code recorded}: the claim still owned the job; {@code deadLettered}: this attempt made it a dead letter;
     * {@code disabledTrigger}: the trigger was disabled for failing.
     */
    public record Recorded(boolean recorded, boolean deadLettered, boolean disabledTrigger) {
    }

    @WithOutboxTransaction
    public Uni<Recorded> record(ClaimedJob job, ActionOutcome outcome, long durationMs, Instant executedAt,
            RetryPolicy retries) {
        int attempt = job.attempt();
        boolean willRetry = RetryPolicy.triesAgain(outcome, attempt, job.maxAttempts());
        String error = outcome.error() == null ? null : truncate(outcome.error(), 2000);
        Uni<Integer> update = outcome.success() ? jobs.succeed(job.id(), job.leaseToken())
                : willRetry ? jobs.retryLater(job.id(), job.leaseToken(), retries.delayAfter(attempt, outcome.retryAfterMillis()), error)
                : jobs.deadLetter(job.id(), job.leaseToken(), error);
        String status = outcome.success() ? ActionResultRepository.SUCCESS
                : willRetry ? ActionResultRepository.RETRYING : ActionResultRepository.FAILED;
        return update.chain(updated -> {
            if (updated == 0) {
                return Uni.createFrom().item(new Recorded(false, false, false));
            }
            ActionResultRepository.Result result = new ActionResultRepository.Result(UUID.randomUUID(), job.id(),
                    job.triggerId(), job.ownerId(), job.actionId(), job.actionType(), status, attempt, durationMs,
                    outcome.httpStatus(), error, outcome.responseExcerpt(), attempt - 1, executedAt);
            DeliveryEvents.ActionAttempt event = new DeliveryEvents.ActionAttempt(job.id(), job.actionId(), job.triggerId(),
                    job.ownerId(), job.triggerName(), job.actionType(), attempt, job.maxAttempts(), outcome.httpStatus(),
                    error, durationMs, willRetry, executedAt);
            Uni<Void> chain = results.insert(result).replaceWithVoid()
                    .chain(() -> publish(job, outcome.success() ? DeliveryEvents.SUCCEEDED : DeliveryEvents.FAILED, event));
            if (!outcome.success() && !willRetry) {
                chain = chain.chain(() -> publish(job, DeliveryEvents.DEAD_LETTERED, event));
            }
            if (outcome.notification() != null) {
                chain = chain.chain(() -> publish(job, DeliveryEvents.NOTIFICATION_REQUESTED, outcome.notification()));
            }
            return chain.chain(() -> outcome.success()
                    ? breakers.recordSuccess(job.triggerId()).replaceWith(false)
                    : breakers.recordFailure(job.triggerId()).chain(this::afterFailure))
                    .map(disabled -> new Recorded(true, !outcome.success() && !willRetry, disabled));
        });
    }

    /** Opens the breaker past its threshold (or when the half-open probe failed); disables a trigger failing too long. */
    private Uni<Boolean> afterFailure(Breaker breaker) {
        if (breaker == null) {
            return Uni.createFrom().item(false);
        }
        UUID triggerId = breaker.triggerId();
        Instant now = Instant.now().truncatedTo(ChronoUnit.MILLIS);
        int threshold = breaker.failureThreshold() != null ? breaker.failureThreshold()
                : config.circuitBreaker().failureThreshold();
        Duration cooldown = breaker.cooldownSeconds() != null ? Duration.ofSeconds(breaker.cooldownSeconds())
                : config.circuitBreaker().cooldown();
        Uni<Void> chain = Uni.createFrom().voidItem();
        if (CircuitBreakerRepository.HALF_OPEN.equals(breaker.state())
                || (CircuitBreakerRepository.CLOSED.equals(breaker.state()) && breaker.consecutiveFailures() >= threshold)) {
            Instant retryAt = now.plus(cooldown);
            chain = breakers.open(triggerId, now, retryAt).chain(() -> outbox.append(Topics.TRIGGERS,
                    DeliveryEvents.CIRCUIT_OPENED, triggerId, new DeliveryEvents.CircuitOpened(triggerId, breaker.ownerId(),
                            breaker.triggerName(), breaker.consecutiveFailures(), now, retryAt),
                    Audience.users(breaker.ownerId()))).replaceWithVoid();
        }
        Duration disableAfter = config.circuitBreaker().disableAfter();
        if (!breaker.enabled() || breaker.failingSince() == null || !breaker.failingSince().isBefore(now.minus(disableAfter))) {
            return chain.replaceWith(false);
        }
        String reason = "every delivery has failed since " + breaker.failingSince() + " (" + breaker.consecutiveFailures()
                + " failures in a row)";
        return chain.chain(() -> breakers.disable(triggerId, reason)).chain(disabled -> disabled == 0
                ? Uni.createFrom().item(false)
                : outbox.append(Topics.TRIGGERS, DeliveryEvents.DISABLED, triggerId, new DeliveryEvents.Disabled(triggerId,
                        breaker.ownerId(), breaker.triggerName(), reason, now), Audience.users(breaker.ownerId()))
                        .replaceWith(true));
    }

    private Uni<Void> publish(ClaimedJob job, String type, Object payload) {
        return outbox.append(Topics.TRIGGERS, type, job.triggerId(), payload, Audience.users(job.ownerId()))
                .replaceWithVoid();
    }

    private static String truncate(String text, int max) {
        return text.length() <= max ? text : text.substring(0, max);
    }
}
