package dev.agora.marketplace.projection;

import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Instance;

import dev.agora.common.events.IncomingEvent;
import io.smallrye.mutiny.Uni;

/** Runs every {@link EventProjection} of a topic interested in an event, in order, in the caller's transaction. */
@ApplicationScoped
public class ProjectionDispatcher {
    private final List<EventProjection> projections;

    public ProjectionDispatcher(Instance<EventProjection> projections) {
        this.projections = projections.stream().toList();
    }

    /** Every type some projection of {@code topic} applies. */
    public Set<String> typesOf(String topic) {
        return forTopic(topic).stream().flatMap(p -> p.types().stream()).collect(Collectors.toCollection(HashSet::new));
    }

    public Uni<Void> apply(IncomingEvent event) {
        Uni<Void> chain = Uni.createFrom().voidItem();
        for (EventProjection projection : forTopic(event.topic())) {
            if (projection.types().contains(event.type())) {
                // one session: one projection after the other, never concurrently
                chain = chain.chain(() -> projection.apply(event));
            }
        }
        return chain;
    }

    private List<EventProjection> forTopic(String topic) {
        return projections.stream().filter(p -> p.topic().equals(topic)).toList();
    }
}
