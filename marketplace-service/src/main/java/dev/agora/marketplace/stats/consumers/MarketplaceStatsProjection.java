package dev.agora.marketplace.stats.consumers;

import java.util.Arrays;
import java.util.Set;
import java.util.stream.Collectors;

import jakarta.enterprise.context.ApplicationScoped;

import dev.agora.common.events.IncomingEvent;
import dev.agora.common.events.Topics;
import dev.agora.marketplace.projection.EventProjection;
import dev.agora.marketplace.stats.service.StatsProjector;
import io.smallrye.mutiny.Uni;

/** This service's own {@code marketplace.v1} events, consumed back: tasks, payments, reviews and follows. */
@ApplicationScoped
public class MarketplaceStatsProjection implements EventProjection {
    static final String FOLLOWED = "agora.agent.followed.v1";
    static final String UNFOLLOWED = "agora.agent.unfollowed.v1";
    static final String REVIEW_SUBMITTED = "agora.review.submitted.v1";
    private static final Set<String> TASK_TYPES = Set.of("agora.task.created.v1", "agora.task.started.v1",
            "agora.task.completed.v1", "agora.task.failed.v1", "agora.task.cancelled.v1");
    private static final Set<String> TRANSACTION_TYPES = Set.of("agora.transaction.confirmed.v1",
            "agora.transaction.failed.v1", "agora.transaction.refunded.v1");
    private static final Set<String> TYPES = union(TASK_TYPES, TRANSACTION_TYPES,
            Set.of(FOLLOWED, UNFOLLOWED, REVIEW_SUBMITTED));

    private final StatsProjector projector;

    public MarketplaceStatsProjection(StatsProjector projector) {
        this.projector = projector;
    }

    @Override
    public String topic() {
        return Topics.MARKETPLACE;
    }

    @Override
    public Set<String> types() {
        return TYPES;
    }

    @Override
    public Uni<Void> apply(IncomingEvent event) {
        if (TASK_TYPES.contains(event.type())) {
            return projector.onTask(event);
        }
        if (TRANSACTION_TYPES.contains(event.type())) {
            return projector.onTransaction(event);
        }
        return switch (event.type()) {
            case REVIEW_SUBMITTED -> projector.onReview(event);
            case FOLLOWED -> projector.onFollow(event, true);
            default -> projector.onFollow(event, false);
        };
    }

    @SafeVarargs
    static Set<String> union(Set<String>... sets) {
        return Arrays.stream(sets).flatMap(Set::stream).collect(Collectors.toUnmodifiableSet());
    }
}
