package dev.agora.marketplace.review.service;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;

import dev.agora.common.events.Audience;
import dev.agora.common.events.Topics;
import dev.agora.common.outbox.OutboxWriter;
import dev.agora.common.outbox.WithOutboxTransaction;
import dev.agora.common.paging.PageRequest;
import dev.agora.common.problem.FieldError;
import dev.agora.common.problem.ProblemException;
import dev.agora.marketplace.catalog.repository.CatalogAgentRepository;
import dev.agora.marketplace.catalog.service.CatalogService;
import dev.agora.marketplace.persistence.UniqueViolation;
import dev.agora.marketplace.profile.service.ReputationService;
import dev.agora.marketplace.review.events.ReviewEvents;
import dev.agora.marketplace.review.repository.Review;
import dev.agora.marketplace.review.repository.ReviewRepository;
import dev.agora.marketplace.review.model.AgentReviewsView;
import dev.agora.marketplace.review.model.ReviewView;
import dev.agora.marketplace.review.model.SubmitReviewRequest;
import dev.agora.marketplace.task.repository.TaskRepository;
import dev.agora.marketplace.task.service.TaskRules;
import io.quarkus.hibernate.reactive.panache.common.WithSession;
import io.smallrye.mutiny.Uni;

/** Reviews: only the hirer of a completed task, once per task; the agent's owner may reply once. */
@ApplicationScoped
public class ReviewService {
    public static final int CURSOR_PARTS = 4;
    static final int MAX_TITLE = 200;
    static final int MAX_TEXT = 5_000;
    static final int MAX_POINTS = 10;
    static final int MAX_POINT_LENGTH = 200;

    private final ReviewRepository reviews;
    private final TaskRepository tasks;
    private final CatalogAgentRepository agents;
    private final CatalogService catalog;
    private final OutboxWriter outbox;
    private final ReputationService reputation;

    public ReviewService(ReviewRepository reviews, TaskRepository tasks, CatalogAgentRepository agents,
            CatalogService catalog, OutboxWriter outbox, ReputationService reputation) {
        this.reviews = reviews;
        this.tasks = tasks;
        this.agents = agents;
        this.catalog = catalog;
        this.outbox = outbox;
        this.reputation = reputation;
    }

    @WithOutboxTransaction
    public Uni<ReviewView> submit(UUID userId, SubmitReviewRequest request) {
        if (request == null) {
            throw ProblemException.badRequest("body", "a JSON object is required");
        }
        validate(request);
        // locked: two concurrent reviews of one task queue here, the second then sees the first
        return tasks.findForUpdate(request.taskId()).chain(task -> {
            if (task == null || !task.involves(userId)) {
                throw ProblemException.notFound("task " + request.taskId());
            }
            if (!task.hirerId.equals(userId)) {
                // the agent's owner sees the task but may not review their own agent
                throw ProblemException.forbidden("only the hirer of the task may review it");
            }
            if (!TaskRules.COMPLETED.equals(task.status)) {
                throw ProblemException.conflict("taskId", "only a completed task can be reviewed (this one is "
                        + task.status + ")");
            }
            return reviews.existsForTask(task.id).chain(exists -> {
                if (exists) {
                    throw ProblemException.conflict("taskId", "this task has been reviewed already");
                }
                Review review = new Review();
                review.id = UUID.randomUUID();
                review.taskId = task.id;
                review.agentId = task.agentId;
                review.reviewerId = userId;
                review.rating = request.rating();
                review.responseTimeRating = request.responseTimeRating();
                review.qualityRating = request.qualityRating();
                review.communicationRating = request.communicationRating();
                review.valueRating = request.valueRating();
                review.title = blankToNull(request.title());
                review.text = blankToNull(request.text());
                review.pros = points(request.pros());
                review.cons = points(request.cons());
                review.wouldHireAgain = request.wouldHireAgain();
                review.createdAt = now();
                return reviews.persistAndFlush(review)
                        .onFailure(UniqueViolation::in)
                        .transform(e -> ProblemException.conflict("taskId", "this task has been reviewed already"))
                        .call(() -> agents.refreshRating(task.agentId))
                        .call(() -> reputation.refresh(task.ownerId))
                        .map(ReviewView::of)
                        .call(view -> outbox.append(Topics.MARKETPLACE, ReviewEvents.SUBMITTED, task.agentId,
                                new ReviewEvents.Submitted(view.id(), task.agentId, task.id, userId, view), Audience.everyone()));
            });
        });
    }

    /** The agent owner's one reply (the owner of the reviewed task's agent); anyone else: 404. */
    @WithOutboxTransaction
    public Uni<ReviewView> reply(UUID userId, UUID reviewId, String text) {
        if (text == null || text.isBlank()) {
            throw ProblemException.badRequest("text", "is required");
        }
        if (text.strip().length() > MAX_TEXT) {
            throw ProblemException.badRequest("text", "must be at most " + MAX_TEXT + " characters");
        }
        return reviews.findForUpdate(reviewId).chain(review -> review == null ? Uni.createFrom().nullItem()
                : tasks.findById(review.taskId).map(task -> task != null && task.ownerId.equals(userId) ? review : null))
                .chain(review -> {
                    if (review == null) {
                        throw ProblemException.notFound("review " + reviewId);
                    }
                    if (review.ownerReply != null) {
                        throw ProblemException.conflict("text", "this review has a reply already");
                    }
                    review.ownerReply = text.strip();
                    review.repliedAt = now();
                    return reviews.flush().map(ignored -> ReviewView.of(review));
                });
    }

    /** A listed agent's reviews (newest, highest, lowest) with its rating breakdown; public. */
    @WithSession
    public Uni<AgentReviewsView> listForAgent(String idOrSlug, String sortParam, PageRequest page) {
        ReviewRepository.ReviewSort sort = switch (sortParam == null || sortParam.isBlank() ? "newest" : sortParam.strip()) {
            case "newest" -> ReviewRepository.ReviewSort.NEWEST;
            case "highest" -> ReviewRepository.ReviewSort.HIGHEST;
            case "lowest" -> ReviewRepository.ReviewSort.LOWEST;
            default -> throw ProblemException.badRequest("sort", "must be newest, highest or lowest");
        };
        Integer afterRating = null;
        Instant afterCreatedAt = null;
        UUID afterId = null;
        if (page.hasCursor()) {
            if (!sort.name().equals(page.cursor()[0])) {
                throw ProblemException.badRequest("cursor", "belongs to another sort");
            }
            try {
                afterRating = Integer.valueOf(page.cursor()[1]);
            } catch (NumberFormatException e) {
                throw ProblemException.badRequest("cursor", "is not a cursor returned by this list");
            }
            afterCreatedAt = page.instantAt(2);
            afterId = page.uuidAt(3);
        }
        Integer rating = afterRating;
        Instant createdAt = afterCreatedAt;
        UUID id = afterId;
        return catalog.resolveListed(idOrSlug).chain(agent -> reviews
                .listForAgent(agent.id(), sort, rating, createdAt, id, page.limit() + 1)
                .chain(rows -> catalog.ratingBreakdown(agent.id()).map(breakdown -> {
                    boolean more = rows.size() > page.limit();
                    List<Review> shown = more ? rows.subList(0, page.limit()) : rows;
                    Review last = more ? shown.get(shown.size() - 1) : null;
                    return new AgentReviewsView(shown.stream().map(ReviewView::of).toList(),
                            last == null ? null
                                    : PageRequest.encodeCursor(sort.name(), last.rating, last.createdAt, last.id),
                            breakdown);
                })));
    }

    private static void validate(SubmitReviewRequest request) {
        List<FieldError> errors = new ArrayList<>();
        if (request.taskId() == null) {
            errors.add(new FieldError("taskId", "is required"));
        }
        if (request.rating() == null) {
            errors.add(new FieldError("rating", "is required"));
        }
        stars(errors, "rating", request.rating());
        stars(errors, "responseTimeRating", request.responseTimeRating());
        stars(errors, "qualityRating", request.qualityRating());
        stars(errors, "communicationRating", request.communicationRating());
        stars(errors, "valueRating", request.valueRating());
        length(errors, "title", request.title(), MAX_TITLE);
        length(errors, "text", request.text(), MAX_TEXT);
        points(errors, "pros", request.pros());
        points(errors, "cons", request.cons());
        if (!errors.isEmpty()) {
            throw ProblemException.invalid(errors);
        }
    }

    private static void stars(List<FieldError> errors, String field, Integer value) {
        if (value != null && (value < 1 || value > 5)) {
            errors.add(new FieldError(field, "must be from 1 to 5"));
        }
    }

    private static void length(List<FieldError> errors, String field, String value, int max) {
        if (value != null && value.strip().length() > max) {
            errors.add(new FieldError(field, "must be at most " + max + " characters"));
        }
    }

    private static void points(List<FieldError> errors, String field, List<String> values) {
        if (values == null) {
            return;
        }
        if (values.size() > MAX_POINTS) {
            errors.add(new FieldError(field, "at most " + MAX_POINTS + " entries"));
        } else if (values.stream().anyMatch(v -> v == null || v.isBlank() || v.strip().length() > MAX_POINT_LENGTH)) {
            errors.add(new FieldError(field, "entries must be 1 to " + MAX_POINT_LENGTH + " characters"));
        }
    }

    private static String[] points(List<String> values) {
        return values == null ? new String[0] : values.stream().map(String::strip).toArray(String[]::new);
    }

    private static String blankToNull(String value) {
        return value == null || value.isBlank() ? null : value.strip();
    }

    private static Instant now() {
        return Instant.now().truncatedTo(ChronoUnit.MICROS);
    }
}
