package dev.agora.common.consumer;

import java.util.List;

import dev.agora.common.events.IncomingEvent;
import io.smallrye.mutiny.Uni;

/**
 * A projection that applies a poll's events as one unit of work: it first loads, in one query, the entities they
 * will all touch ({@link #prepare}), then applies each event to them in memory; the session keeps them between the
 * poll's events and writes the changes once, in batches, at the end of the transaction. A busy topic then costs a
 * read and a batched write per poll instead of a read and a write per event.
 * <p>
 * Because the session is not cleared between events, the projection must never change with a native statement,
 * within the poll's transaction, a row the session holds as an entity (it would read it stale). Alone, as when a
 * failed poll is applied event by event, {@link #apply} must work without {@link #prepare}.
 */
public interface PollProjection {

    /** Runs in the poll's transaction before its events: loads what they need into the session, in one query. */
    Uni<Void> prepare(List<IncomingEvent> events);

    /** Applies one event, in the caller's transaction. */
    Uni<Void> apply(IncomingEvent event);
}
