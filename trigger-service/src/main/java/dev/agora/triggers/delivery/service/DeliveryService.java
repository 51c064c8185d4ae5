package dev.agora.triggers.delivery.service;

import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Set;
import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

import dev.agora.common.paging.Page;
import dev.agora.common.paging.PageRequest;
import dev.agora.common.problem.FieldError;
import dev.agora.common.problem.ProblemException;
import dev.agora.triggers.delivery.repository.ActionJobRepository;
import dev.agora.triggers.delivery.repository.ActionResultRepository;
import dev.agora.triggers.delivery.repository.CircuitBreakerRepository;
import dev.agora.triggers.trigger.repository.Trigger;
import dev.agora.triggers.trigger.repository.TriggerRepository;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.quarkus.scheduler.Scheduled;
import io.smallrye.mutiny.Uni;

/** The owner's view of delivery: dead letters and replays, attempt results, metrics, circuit breaker, signing secret. */
@ApplicationScoped
public class DeliveryService {
    private static final Set<String> RESULT_STATUSES = Set.of(ActionResultRepository.SUCCESS, ActionResultRepository.FAILED,
            ActionResultRepository.RETRYING);
    private static final Duration MAX_METRICS_RANGE = Duration.ofDays(366);

    private final TriggerRepository triggers;
    private final ActionJobRepository jobs;
    private final ActionResultRepository results;
    private final CircuitBreakerRepository breakers;
    private final ActionSecrets secrets;
    private final DeliveryConfig config;
    private final ObjectMapper mapper;

    public DeliveryService(TriggerRepository triggers, ActionJobRepository jobs, ActionResultRepository results,
            CircuitBreakerRepository breakers, ActionSecrets secrets, DeliveryConfig config, ObjectMapper mapper) {
        this.triggers = triggers;
        this.jobs = jobs;
        this.results = results;
        this.breakers = breakers;
        this.secrets = secrets;
        this.config = config;
        this.mapper = mapper;
    }

    public Uni<Page<ObjectNode>> deadLetters(UUID ownerId, UUID id, String limit, String cursor) {
        PageRequest page = PageRequest.of(limit, cursor, 2);
        Long before = page.hasCursor() ? cursorMicros(page) : null;
        String beforeId = page.hasCursor() ? page.cursor()[1] : null;
        return Panache.withSession(() -> owned(ownerId, id)
                .chain(trigger -> jobs.deadLetters(trigger.id, before, beforeId, page.limit())))
                .map(rows -> Page.of(rows, page.limit(), this::jobJson,
                        last -> PageRequest.encodeCursor(micros(last.deadAt()), last.id())));
    }

    /** The dead letter goes back to pending with fresh attempts; 409 when the job is not a dead letter. */
    public Uni<ObjectNode> replay(UUID ownerId, UUID id, UUID jobId) {
        return Panache.withTransaction(() -> owned(ownerId, id).chain(trigger -> jobs.replay(trigger.id, jobId)
                .chain(replayed -> jobs.find(trigger.id, jobId).map(job -> {
                    if (job == null) {
                        throw ProblemException.notFound("dead letter " + jobId);
                    }
                    if (replayed == 0) {
                        throw ProblemException.conflict("job " + jobId + " is " + job.status() + ", not a dead letter");
                    }
                    return jobJson(job);
                }))));
    }

    public Uni<ObjectNode> replayAll(UUID ownerId, UUID id) {
        return Panache.withTransaction(() -> owned(ownerId, id).chain(trigger -> jobs.replayAll(trigger.id)))
                .map(count -> mapper.createObjectNode().put("replayed", count));
    }

    public Uni<Page<ObjectNode>> results(UUID ownerId, UUID id, String status, String limit, String cursor) {
        if (status != null && !RESULT_STATUSES.contains(status)) {
            throw ProblemException.badRequest("status", "must be one of success, failed, retrying");
        }
        PageRequest page = PageRequest.of(limit, cursor, 2);
        Long before = page.hasCursor() ? cursorMicros(page) : null;
        String beforeId = page.hasCursor() ? page.cursor()[1] : null;
        return Panache.withSession(() -> owned(ownerId, id)
                .chain(trigger -> results.list(trigger.id, status, before, beforeId, page.limit())))
                .map(rows -> Page.of(rows, page.limit(), this::resultJson,
                        last -> PageRequest.encodeCursor(micros(last.executedAt()), last.id())));
    }

    /** The owner's hourly metrics per action type, {@code from <= hour < to} (default: the last 24 hours). */
    public Uni<List<ObjectNode>> metrics(UUID ownerId, String from, String to) {
        List<FieldError> errors = new ArrayList<>();
        Instant end = instant(to, "to", errors);
        Instant start = instant(from, "from", errors);
        if (!errors.isEmpty()) {
            throw ProblemException.invalid(errors);
        }
        Instant until = end == null ? Instant.now() : end;
        Instant since = start == null ? until.minus(Duration.ofHours(24)) : start;
        if (!since.isBefore(until)) {
            throw ProblemException.badRequest("from", "must be before to");
        }
        if (Duration.between(since, until).compareTo(MAX_METRICS_RANGE) > 0) {
            throw ProblemException.badRequest("from", "the range may span at most 366 days");
        }
        return Panache.withSession(() -> results.metrics(ownerId, since, until)).map(rows -> rows.stream().map(row -> {
            ObjectNode json = mapper.createObjectNode().put("actionType", row.actionType()).put("hour", row.hour().toString())
                    .put("executions", row.executions()).put("successes", row.successes()).put("failures", row.failures())
                    .put("meanDurationMs", row.meanDurationMs()).put("p95DurationMs", row.p95DurationMs());
            return json;
        }).toList());
    }

    /** Rolls the attempts of the current and the previous hour up into {@code action_metrics_hourly}. */
    @Scheduled(every = "${agora.triggers.delivery.metrics-rollup:1m}", concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    public Uni<Void> rollUpMetrics() {
        return Panache.withTransaction(() -> results.rollUp(Instant.now().minus(Duration.ofHours(1)))).replaceWithVoid();
    }

    /** A new webhook signing secret replaces the old one at once; shown in this answer only. */
    public Uni<ObjectNode> rotateSigningSecret(UUID ownerId, UUID id) {
        String secret = secrets.newSigningSecret();
        return Panache.withTransaction(() -> owned(ownerId, id)
                .chain(trigger -> breakers.setSigningSecret(trigger.id,
                        secrets.sealSigningSecret(secret, trigger.ownerId, trigger.id))))
                .map(ignored -> mapper.createObjectNode().put("signingSecret", secret));
    }

    public Uni<ObjectNode> circuitBreaker(UUID ownerId, UUID id) {
        return Panache.withSession(() -> owned(ownerId, id).chain(trigger -> breakers.find(trigger.id)))
                .map(this::breakerJson);
    }

    /** {@code {"failureThreshold": 1..1000, "cooldownSeconds": 1..604800}}; an absent setting is kept. */
    public Uni<ObjectNode> configureCircuitBreaker(UUID ownerId, UUID id, JsonNode body) {
        if (body == null || !body.isObject()) {
            throw ProblemException.badRequest("", "the body must be an object {failureThreshold, cooldownSeconds}");
        }
        List<FieldError> errors = new ArrayList<>();
        for (Iterator<String> names = body.fieldNames(); names.hasNext();) {
            String name = names.next();
            if (!Set.of("failureThreshold", "cooldownSeconds").contains(name)) {
                errors.add(new FieldError(name, "is not a circuit breaker setting"));
            }
        }
        Integer threshold = bounded(body.get("failureThreshold"), "failureThreshold", 1, 1000, errors);
        Integer cooldown = bounded(body.get("cooldownSeconds"), "cooldownSeconds", 1, 604_800, errors);
        if (!errors.isEmpty()) {
            throw ProblemException.invalid(errors);
        }
        return Panache.withTransaction(() -> owned(ownerId, id)
                .call(trigger -> breakers.configure(trigger.id, threshold, cooldown == null ? null : cooldown.longValue()))
                .chain(trigger -> breakers.find(trigger.id))).map(this::breakerJson);
    }

    /** Closes the breaker: the jobs it held are delivered again. */
    public Uni<ObjectNode> resetCircuitBreaker(UUID ownerId, UUID id) {
        return Panache.withTransaction(() -> owned(ownerId, id).call(trigger -> breakers.reset(trigger.id))
                .chain(trigger -> breakers.find(trigger.id))).map(this::breakerJson);
    }

    private Uni<Trigger> owned(UUID ownerId, UUID id) {
        return triggers.findOwned(id, ownerId).onItem().ifNull().failWith(() -> ProblemException.notFound("trigger " + id));
    }

    private ObjectNode breakerJson(CircuitBreakerRepository.Breaker breaker) {
        ObjectNode json = mapper.createObjectNode().put("state", breaker.state())
                .put("consecutiveFailures", breaker.consecutiveFailures())
                .put("failureThreshold", breaker.failureThreshold() != null ? breaker.failureThreshold()
                        : config.circuitBreaker().failureThreshold())
                .put("cooldownSeconds", breaker.cooldownSeconds() != null ? breaker.cooldownSeconds()
                        : config.circuitBreaker().cooldown().toSeconds())
                .put("enabled", breaker.enabled());
        json.put("openedAt", breaker.openedAt() == null ? null : breaker.openedAt().toString());
        json.put("retryAt", breaker.retryAt() == null ? null : breaker.retryAt().toString());
        json.put("failingSince", breaker.failingSince() == null ? null : breaker.failingSince().toString());
        return json;
    }

    private ObjectNode jobJson(ActionJobRepository.Job job) {
        ObjectNode json = mapper.createObjectNode().put("id", job.id().toString()).put("actionId", job.actionId().toString())
                .put("actionType", job.actionType()).put("priority", job.priority()).put("status", job.status())
                .put("attempts", job.attempts()).put("maxAttempts", job.maxAttempts()).put("lastError", job.lastError())
                .put("firingId", job.firingId().toString()).put("createdAt", job.createdAt().toString());
        json.put("deadAt", job.deadAt() == null ? null : job.deadAt().toString());
        return json;
    }

    private ObjectNode resultJson(ActionResultRepository.Result result) {
        ObjectNode json = mapper.createObjectNode().put("id", result.id().toString()).put("jobId", result.jobId().toString())
                .put("actionId", result.actionId().toString()).put("actionType", result.actionType())
                .put("status", result.status()).put("attempt", result.attempt()).put("retryCount", result.retryCount())
                .put("durationMs", result.durationMs()).put("httpStatus", result.httpStatus()).put("error", result.error())
                .put("responseExcerpt", result.responseExcerpt()).put("executedAt", result.executedAt().toString());
        return json;
    }

    private static Integer bounded(JsonNode node, String field, int min, int max, List<FieldError> errors) {
        if (node == null || node.isNull()) {
            return null;
        }
        if (!node.isIntegralNumber() || node.longValue() < min || node.longValue() > max) {
            errors.add(new FieldError(field, "must be a whole number from " + min + " to " + max));
            return null;
        }
        return node.intValue();
    }

    private static Instant instant(String value, String field, List<FieldError> errors) {
        if (value == null || value.isBlank()) {
            return null;
        }
        try {
            return value.matches("-?\\d{1,12}") ? Instant.ofEpochSecond(Long.parseLong(value)) : Instant.parse(value);
        } catch (DateTimeParseException | NumberFormatException e) {
            errors.add(new FieldError(field, "must be an ISO instant or unix seconds"));
            return null;
        }
    }

    private static Long cursorMicros(PageRequest page) {
        try {
            return Long.parseLong(page.cursor()[0]);
        } catch (NumberFormatException e) {
            throw ProblemException.badRequest("cursor", "is not a cursor returned by this list");
        }
    }

    private static long micros(Instant instant) {
        return instant.getEpochSecond() * 1_000_000L + instant.getNano() / 1000;
    }
}
