package dev.agora.gateway.org.service;

import java.time.Instant;
import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;

import org.jboss.logging.Logger;

import dev.agora.common.paging.Batches;

import io.smallrye.mutiny.Uni;

/**
 * Sends every organization's member list ({@code agora.org.members-snapshot.v1}) so that the services projecting
 * memberships compare their copies with it and repair what differs; a page of organizations per transaction.
 */
@ApplicationScoped
public class OrgSnapshots {
    private static final Logger LOG = Logger.getLogger(OrgSnapshots.class);
    static final int PAGE_SIZE = 100;

    /** How many organizations' member lists were written to the outbox, and when the sending started. */
    public record Sent(long organizations, Instant startedAt) {
    }

    private final OrgSnapshotPage pages;

    public OrgSnapshots(OrgSnapshotPage pages) {
        this.pages = pages;
    }

    public Uni<Sent> sendAll() {
        Instant started = Instant.now();
        return Batches.<UUID> untilShort(PAGE_SIZE, after -> pages.send(after, PAGE_SIZE))
                .map(total -> new Sent(total, started)).invoke(sent -> LOG.infof(
                        "Sent the member lists of %d organizations for reconciliation", sent.organizations()));
    }
}
