package dev.agora.agents.agent.repository;

import java.util.List;
import java.util.Locale;
import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;

import io.quarkus.hibernate.reactive.panache.PanacheRepositoryBase;
import io.quarkus.hibernate.reactive.panache.common.WithSession;
import io.quarkus.panache.common.Parameters;
import io.smallrye.mutiny.Uni;

@ApplicationScoped
@WithSession
public class AgentRepository implements PanacheRepositoryBase<Agent, UUID> {

    /**
     * A live agent the viewer may see, or null: someone else's agent outside the viewer's organizations is simply
     * not found. Whether the viewer may also change it is {@link AgentViewer#canManage(Agent)}.
     */
    public Uni<Agent> findVisible(UUID id, AgentViewer viewer) {
        StringBuilder query = new StringBuilder("id = :id and ");
        Parameters params = Parameters.with("id", id);
        visibleTo(viewer, query, params);
        return find(query.toString(), params).firstResult();
    }

    /** What the viewer may see, filtered and keyset-paginated; fetches {@code limit + 1} to tell if there is more. */
    public Uni<List<Agent>> list(AgentViewer viewer, AgentQuery q) {
        StringBuilder query = new StringBuilder();
        Parameters params = new Parameters();
        visibleTo(viewer, query, params);
        if (q.ownedOnly()) {
            query.append(" and ownerId = :me");
            params.and("me", viewer.userId());
        }
        if (q.status() != null) {
            query.append(" and status = :status");
            params.and("status", q.status());
        }
        if (q.type() != null) {
            query.append(" and type = :type");
            params.and("type", q.type());
        }
        if (q.domain() != null) {
            query.append(" and array_intersects(domainSlugs, :domain)");
            params.and("domain", new String[] {q.domain()});
        }
        if (q.category() != null) {
            query.append(" and category = :category");
            params.and("category", q.category());
        }
        if (q.tag() != null) {
            // one-element overlap (&&) = contains the tag; bound as text[] like the column (GIN index)
            query.append(" and array_intersects(tags, :tag)");
            params.and("tag", new String[] {q.tag()});
        }
        if (q.org() != null) {
            query.append(" and array_intersects(organizationSlugs, :org)");
            params.and("org", new String[] {q.org()});
        }
        if (q.q() != null) {
            query.append(" and (lower(name) like :text escape '!' or lower(coalesce(description, '')) like :text escape '!')");
            params.and("text", "%" + q.q().toLowerCase(Locale.ROOT)
                    .replace("!", "!!").replace("%", "!%").replace("_", "!_") + "%");
        }
        switch (q.sort()) {
            case CREATED_AT -> {
                if (q.afterId() != null) {
                    query.append(" and (createdAt < :at or (createdAt = :at and id < :afterId))");
                    params.and("at", q.afterInstant()).and("afterId", q.afterId());
                }
                query.append(" order by createdAt desc, id desc");
            }
            case UPDATED_AT -> {
                if (q.afterId() != null) {
                    query.append(" and (updatedAt < :at or (updatedAt = :at and id < :afterId))");
                    params.and("at", q.afterInstant()).and("afterId", q.afterId());
                }
                query.append(" order by updatedAt desc, id desc");
            }
            case NAME -> {
                if (q.afterId() != null) {
                    query.append(" and (name > :afterName or (name = :afterName and id > :afterId))");
                    params.and("afterName", q.afterName()).and("afterId", q.afterId());
                }
                query.append(" order by name asc, id asc");
            }
        }
        return find(query.toString(), params).range(0, q.limit()).list();
    }

    /**
     * The visibility condition of every read (the seeds' RLS policies): live agents that the viewer owns or that
     * belong to one of the viewer's organizations (any role); a platform admin sees every live agent.
     */
    private static void visibleTo(AgentViewer viewer, StringBuilder query, Parameters params) {
        query.append("status <> 'deleted'");
        if (viewer.platformAdmin()) {
            return;
        }
        if (viewer.readableOrgs().isEmpty()) {
            query.append(" and ownerId = :viewer");
        } else {
            query.append(" and (ownerId = :viewer or array_intersects(organizationSlugs, :viewerOrgs))");
            params.and("viewerOrgs", viewer.readableOrgs().stream().sorted().toArray(String[]::new));
        }
        params.and("viewer", viewer.userId());
    }

    public Uni<Boolean> subdomainTaken(String subdomain, UUID exceptId) {
        return count("subdomain = ?1 and status <> 'deleted' and id <> ?2", subdomain, exceptId).map(n -> n > 0);
    }

    public Uni<Boolean> slugTaken(String slug, UUID exceptId) {
        return count("slug = ?1 and status <> 'deleted' and id <> ?2", slug, exceptId).map(n -> n > 0);
    }

    /** A live, published agent by slug (the public A2A card). */
    public Uni<Agent> findPublishedBySlug(String slug) {
        return find("slug = ?1 and status <> 'deleted' and publicationStatus = 'published'", slug).firstResult();
    }

    /** The live agents of a user, for the cascade of their account's deletion. */
    public Uni<List<Agent>> liveOwnedBy(UUID ownerId) {
        return list("ownerId = ?1 and status <> 'deleted' order by createdAt", ownerId);
    }

    /** A live agent by id whoever owns it: for consumers of other services' events, never for requests. */
    public Uni<Agent> findLive(UUID id) {
        return find("id = ?1 and status <> 'deleted'", id).firstResult();
    }

    public Uni<Boolean> repositoryTaken(UUID ownerId, String repoOwner, String repoName, UUID exceptId) {
        return count("ownerId = ?1 and repoOwner = ?2 and repoName = ?3 and status <> 'deleted' and id <> ?4",
                ownerId, repoOwner, repoName, exceptId).map(n -> n > 0);
    }
}
