package dev.agora.agents.agent.service;

import java.time.Instant;
import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;

import org.jboss.logging.Logger;

import dev.agora.common.paging.Batches;

import io.smallrye.mutiny.Uni;

/**
 * Sends every agent's current state ({@code agora.agent.snapshot.v1}, deleted agents included) so that the services
 * projecting agents compare their copies with it and repair what differs. A page of agents per transaction, in id
 * order: each snapshot follows, on the agent's partition, every event written before it, so it never overtakes one.
 */
@ApplicationScoped
public class AgentSnapshots {
    private static final Logger LOG = Logger.getLogger(AgentSnapshots.class);
    static final int PAGE_SIZE = 200;

    /** How many agents' snapshots were written to the outbox, and when the sending started. */
    public record Sent(long agents, Instant startedAt) {
    }

    private final AgentSnapshotPage pages;

    public AgentSnapshots(AgentSnapshotPage pages) {
        this.pages = pages;
    }

    public Uni<Sent> sendAll() {
        Instant started = Instant.now();
        return Batches.<UUID> untilShort(PAGE_SIZE, after -> pages.send(after, PAGE_SIZE))
                .map(total -> new Sent(total, started))
                .invoke(sent -> LOG.infof("Sent the snapshots of %d agents for reconciliation", sent.agents()));
    }
}
