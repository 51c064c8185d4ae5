package dev.agora.marketplace.follow.service;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;

import dev.agora.common.events.Audience;
import dev.agora.common.events.Topics;
import dev.agora.common.outbox.OutboxWriter;
import dev.agora.common.outbox.WithOutboxTransaction;
import dev.agora.common.paging.Page;
import dev.agora.common.paging.PageRequest;
import dev.agora.common.problem.ProblemException;
import dev.agora.marketplace.catalog.repository.CatalogAgentRepository;
import dev.agora.marketplace.catalog.service.CatalogService;
import dev.agora.marketplace.follow.events.FollowEvents;
import dev.agora.marketplace.follow.repository.FollowRepository;
import dev.agora.marketplace.follow.model.FollowView;
import dev.agora.marketplace.follow.model.FollowedAgentView;
import io.quarkus.hibernate.reactive.panache.common.WithSession;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;

/** Following agents: idempotent, with the agent's follower count and an event only when something changed. */
@ApplicationScoped
public class FollowService {
    public static final int CURSOR_PARTS = 2;

    private final FollowRepository follows;
    private final CatalogAgentRepository agents;
    private final CatalogService catalog;
    private final OutboxWriter outbox;

    public FollowService(FollowRepository follows, CatalogAgentRepository agents, CatalogService catalog,
            OutboxWriter outbox) {
        this.follows = follows;
        this.agents = agents;
        this.catalog = catalog;
        this.outbox = outbox;
    }

    /** Follows a listed agent; following it again changes nothing. */
    @WithOutboxTransaction
    public Uni<FollowView> follow(UUID userId, UUID agentId) {
        Instant now = now();
        return agents.findListed(agentId)
                .onItem().ifNull().failWith(() -> ProblemException.notFound("agent " + agentId))
                .chain(agent -> follows.insertIfAbsent(userId, agentId, now)
                        .call(added -> !added ? Uni.createFrom().voidItem()
                                : agents.addToCounter(agentId, CatalogAgentRepository.Counter.FOLLOWERS, 1)
                                        .chain(() -> outbox.append(Topics.MARKETPLACE, FollowEvents.FOLLOWED, agentId,
                                                new FollowEvents.Followed(agentId, userId, now),
                                                Audience.users(userId, agent.ownerId)))))
                .chain(() -> counted(agentId, true));
    }

    /** Unfollows; unfollowing an agent one does not follow changes nothing. */
    @WithOutboxTransaction
    public Uni<FollowView> unfollow(UUID userId, UUID agentId) {
        return remove(userId, agentId, FollowEvents.BY_USER).chain(() -> counted(agentId, false));
    }

    /** {@code agora.user.deleted.v1}: every follow of the user ends, in the consumer's transaction. */
    public Uni<Void> removeAllOf(UUID userId) {
        return follows.deleteAllOf(userId).chain(agentIds -> Multi.createFrom().iterable(agentIds)
                .onItem().transformToUniAndConcatenate(agentId -> afterRemoval(userId, agentId, FollowEvents.USER_DELETED))
                .collect().last().replaceWithVoid());
    }

    @WithSession
    public Uni<Page<FollowedAgentView>> listFollowed(UUID userId, PageRequest page) {
        Instant afterCreatedAt = page.hasCursor() ? page.instantAt(0) : null;
        UUID afterId = page.hasCursor() ? page.uuidAt(1) : null;
        return follows.listListed(userId, afterCreatedAt, afterId, page.limit() + 1).chain(rows -> {
            boolean more = rows.size() > page.limit();
            List<FollowRepository.Follow> shown = more ? rows.subList(0, page.limit()) : rows;
            String next = more ? PageRequest.encodeCursor(shown.get(shown.size() - 1).createdAt(),
                    shown.get(shown.size() - 1).agentId()) : null;
            return Multi.createFrom().iterable(shown)
                    .onItem().transformToUniAndConcatenate(follow -> catalog.findListed(follow.agentId())
                            .map(row -> row == null ? null : new FollowedAgentView(catalog.card(row), follow.createdAt())))
                    .filter(java.util.Objects::nonNull)
                    .collect().asList()
                    .map(items -> new Page<>(items, next));
        });
    }

    private Uni<Void> remove(UUID userId, UUID agentId, String reason) {
        return follows.delete(userId, agentId)
                .chain(removed -> removed ? afterRemoval(userId, agentId, reason) : Uni.createFrom().voidItem());
    }

    private Uni<Void> afterRemoval(UUID userId, UUID agentId, String reason) {
        return agents.addToCounter(agentId, CatalogAgentRepository.Counter.FOLLOWERS, -1)
                .chain(() -> agents.findById(agentId))
                .chain(agent -> outbox.append(Topics.MARKETPLACE, FollowEvents.UNFOLLOWED, agentId,
                        new FollowEvents.Unfollowed(agentId, userId, now(), reason),
                        Audience.users(userId, agent == null ? null : agent.ownerId)))
                .replaceWithVoid();
    }

    private Uni<FollowView> counted(UUID agentId, boolean following) {
        return agents.followerCount(agentId).map(count -> new FollowView(agentId, following, count));
    }

    private static Instant now() {
        return Instant.now().truncatedTo(ChronoUnit.MICROS);
    }
}
