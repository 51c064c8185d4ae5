package dev.agora.agents.agent.service;

import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;

import dev.agora.agents.agent.events.AgentEventLog;
import dev.agora.agents.agent.repository.AgentRepository;
import dev.agora.common.outbox.WithOutboxTransaction;
import dev.agora.common.paging.Batches;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;

/** One page of {@link AgentSnapshots}: its agents' snapshot events, written to the outbox in one transaction. */
@ApplicationScoped
public class AgentSnapshotPage {
    private final AgentRepository agents;
    private final AgentEventLog events;

    public AgentSnapshotPage(AgentRepository agents, AgentEventLog events) {
        this.agents = agents;
        this.events = events;
    }

    @WithOutboxTransaction
    public Uni<Batches.Batch<UUID>> send(UUID after, int size) {
        return agents.pageAfter(after, size).chain(page -> Multi.createFrom().iterable(page)
                .onItem().transformToUniAndConcatenate(events::snapshot).collect().asList()
                .map(sent -> new Batches.Batch<>(page.isEmpty() ? null : page.get(page.size() - 1).id, page.size())));
    }
}
