package dev.agora.deployments.deployment.repository;

import java.time.Duration;
import java.time.Instant;
import java.util.Collection;
import java.util.List;
import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;

import io.quarkus.hibernate.reactive.panache.Panache;
import io.quarkus.hibernate.reactive.panache.PanacheRepositoryBase;
import io.quarkus.hibernate.reactive.panache.common.WithSession;
import io.quarkus.panache.common.Parameters;
import io.smallrye.mutiny.Uni;

@ApplicationScoped
@WithSession
public class DeploymentRepository implements PanacheRepositoryBase<Deployment, UUID> {
    // pending deployments whose time has come and that no dispatcher holds (a claim older than the stale
    // interval is one whose service died before the driver started): skip locked lets replicas share the work
    private static final String DUE = """
            select id from deployments
            where status = 'pending' and (scheduled_at is null or scheduled_at <= now())
              and (dispatched_at is null or dispatched_at < now() - make_interval(secs => ?1))
            order by coalesce(scheduled_at, created_at) limit ?2 for update skip locked
            """;
    // cancelled/stopped deployments whose driver resources are still to be removed: not given up, and the next
    // attempt due (release_next_at is also the lease of the replica trying, so a crash mid-release is retried)
    private static final String TO_RELEASE = """
            select id from deployments
            where status in ('cancelled', 'stopped') and released_at is null and release_failed_at is null
              and job_id is not null and (release_next_at is null or release_next_at <= now())
            order by created_at limit ?1 for update skip locked
            """;
    // deploying deployments nobody follows: the lease of the replica that followed them ran out
    private static final String ORPHANED = """
            select id from deployments
            where status = 'deploying' and (followed_at is null or followed_at < now() - make_interval(secs => ?1))
            order by started_at limit ?2 for update skip locked
            """;

    public Uni<Long> countActive(UUID agentId) {
        return count("agentId = ?1 and status in ('pending', 'deploying')", agentId);
    }

    public Uni<Integer> nextVersion(UUID agentId) {
        return find("select coalesce(max(version), 0) + 1 from Deployment where agentId = ?1", agentId)
                .project(Integer.class).singleResult();
    }

    public Uni<List<Deployment>> activeOf(UUID agentId) {
        return list("agentId = ?1 and status in ('pending', 'deploying')", agentId);
    }

    public Uni<List<Deployment>> succeededOf(UUID agentId) {
        return list("agentId = ?1 and status = 'succeeded'", agentId);
    }

    public Uni<Boolean> everDeployed(UUID agentId) {
        return count("agentId = ?1 and deployedAt is not null", agentId).map(n -> n > 0);
    }

    /** The deploying or succeeded (not stopped, superseded or ended) deployment whose runtime token hashes to this, or null. */
    public Uni<Deployment> findCurrentByRuntimeTokenHash(String tokenHash) {
        return find("runtimeTokenHash = ?1 and status in ('deploying', 'succeeded')", tokenHash).firstResult();
    }

    public Uni<Deployment> findByJobId(String jobId) {
        return find("jobId = ?1 order by createdAt desc", jobId).firstResult();
    }

    /** A page of deployments, newest first; {@code agentId} null = every deployment of agents owned by {@code ownerId}. */
    public Uni<List<Deployment>> list(UUID agentId, UUID ownerId, String status, Instant afterCreatedAt, UUID afterId,
            int limit) {
        StringBuilder query = new StringBuilder(agentId != null ? "agentId = :agent" : "ownerId = :owner");
        Parameters params = agentId != null ? Parameters.with("agent", agentId) : Parameters.with("owner", ownerId);
        if (status != null) {
            query.append(" and status = :status");
            params.and("status", status);
        }
        if (afterId != null) {
            query.append(" and (createdAt < :at or (createdAt = :at and id < :afterId))");
            params.and("at", afterCreatedAt).and("afterId", afterId);
        }
        query.append(" order by createdAt desc, id desc");
        return find(query.toString(), params).range(0, limit).list();
    }

    /** Claims due pending deployments for this dispatcher, in the caller's transaction. */
    public Uni<List<UUID>> claimDue(int staleSeconds, int limit) {
        return Panache.getSession().chain(session -> session.createNativeQuery(DUE, UUID.class)
                .setParameter(1, staleSeconds)
                .setParameter(2, limit)
                .getResultList())
                .call(ids -> ids.isEmpty() ? Uni.createFrom().voidItem()
                        : update("dispatchedAt = ?1 where id in ?2", Instant.now(), ids));
    }

    /**
     * Claims cancelled and stopped deployments whose driver resources are still to be removed, counting the attempt and
     * setting when the next one is due: {@code backoff} doubled per attempt made.
     */
    public Uni<List<UUID>> claimToRelease(int limit, Duration backoff) {
        return Panache.getSession().chain(session -> session.createNativeQuery(TO_RELEASE, UUID.class)
                .setParameter(1, limit)
                .getResultList())
                .call(ids -> ids.isEmpty() ? Uni.createFrom().voidItem() : list("id in ?1", ids).invoke(rows -> {
                    Instant now = Instant.now();
                    for (Deployment d : rows) {
                        d.releaseAttempts++;
                        d.releaseNextAt = now.plus(backoff.multipliedBy(1L << Math.min(d.releaseAttempts - 1, 16)));
                    }
                }));
    }

    /** Claims deploying deployments whose follower is gone (lease older than {@code leaseSeconds}), taking the lease. */
    public Uni<List<UUID>> claimOrphaned(long leaseSeconds, int limit) {
        return Panache.getSession().chain(session -> session.createNativeQuery(ORPHANED, UUID.class)
                .setParameter(1, leaseSeconds)
                .setParameter(2, limit)
                .getResultList())
                .call(ids -> ids.isEmpty() ? Uni.createFrom().voidItem()
                        : update("followedAt = ?1 where id in ?2", Instant.now(), ids));
    }

    /** Renews the lease of the deploying deployments this replica follows. */
    public Uni<Integer> renewFollows(Collection<UUID> ids) {
        return ids.isEmpty() ? Uni.createFrom().item(0)
                : update("followedAt = ?1 where id in ?2 and status = 'deploying'", Instant.now(), List.copyOf(ids));
    }

    /** Deployment counts of one agent: total, successful, failed, last. */
    public Uni<Object[]> stats(UUID agentId) {
        return find("select count(*), count(deployedAt), sum(case when status = 'failed' then 1 else 0 end), max(createdAt)"
                + " from Deployment where agentId = ?1", agentId).project(Object[].class).singleResult();
    }
}
