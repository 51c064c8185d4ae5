package dev.agora.marketplace.projection;

import java.util.Set;

import dev.agora.common.events.IncomingEvent;
import io.smallrye.mutiny.Uni;

/**
 * One local projection of events consumed from a topic (stats, leaderboard facts, notifications, usage, ...).
 * <p>
 * Every projection of a topic runs in the one transaction in which {@link ProjectionDispatcher} records the event
 * as processed, one after the other in the same session, so an event is applied to all of them exactly once or
 * to none. A projection must therefore never open its own transaction or session.
 */
public interface EventProjection {

    /** The topic it reads, e.g. {@code deployments.v1}. */
    String topic();

    /** The CloudEvent types it applies; other types of the topic never reach {@link #apply}. */
    Set<String> types();

    Uni<Void> apply(IncomingEvent event);
}
