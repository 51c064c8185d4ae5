package dev.agora.agents.agent.repository;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.LockModeType;

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
        // loaded by primary key (Hibernate's prepared entity loader, no query to interpret), then the same rule
        // the queries below apply
        return findById(id).map(agent -> readableOrNull(agent, viewer));
    }

    /**
     * Like {@link #findVisible}, with the row locked until the transaction ends: writes of one agent wait for each
     * other instead of failing on its version.
     */
    public Uni<Agent> findVisibleForUpdate(UUID id, AgentViewer viewer) {
        return findById(id, LockModeType.PESSIMISTIC_WRITE).map(agent -> readableOrNull(agent, viewer));
    }

    private static Agent readableOrNull(Agent agent, AgentViewer viewer) {
        return agent != null && viewer.canRead(agent) ? agent : null;
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
     * The visibility condition of every read (the organization access rules): live agents that the viewer owns or that
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

    /** Which of the names asked about (null: not asked) another live agent already holds. */
    public record TakenNames(boolean subdomain, boolean slug, boolean repository) {
    }

    /**
     * One round trip for every uniqueness check of a create or an update: the subdomain and the slug are unique
     * among live agents, a repository per owner. Each name is looked up through its partial unique index.
     */
    public Uni<TakenNames> takenNames(UUID exceptId, String subdomain, String slug, UUID ownerId, String repoOwner,
            String repoName) {
        boolean repository = repoOwner != null && repoName != null;
        if (subdomain == null && slug == null && !repository) {
            return Uni.createFrom().item(new TakenNames(false, false, false));
        }
        List<String> clauses = new ArrayList<>();
        List<String> taken = new ArrayList<>();
        Parameters params = Parameters.with("id", exceptId);
        if (subdomain != null) {
            clauses.add("subdomain = :subdomain");
            params.and("subdomain", subdomain);
        }
        if (slug != null) {
            clauses.add("slug = :slug");
            params.and("slug", slug);
        }
        if (repository) {
            clauses.add("(ownerId = :owner and repoOwner = :repoOwner and repoName = :repoName)");
            params.and("owner", ownerId).and("repoOwner", repoOwner).and("repoName", repoName);
        }
        for (String clause : clauses) {
            taken.add("max(case when " + clause + " then 1 else 0 end)");
        }
        String hql = "select " + String.join(", ", taken) + " from Agent where status <> 'deleted' and id <> :id and ("
                + String.join(" or ", clauses) + ")";
        return getSession().chain(session -> {
            var query = session.createSelectionQuery(hql, Object[].class);
            params.map().forEach(query::setParameter);
            return query.getSingleResult();
        }).map(row -> {
            int column = 0;
            boolean subdomainTaken = subdomain != null && isOne(row, column++);
            boolean slugTaken = slug != null && isOne(row, column++);
            boolean repositoryTaken = repository && isOne(row, column);
            return new TakenNames(subdomainTaken, slugTaken, repositoryTaken);
        });
    }

    private static boolean isOne(Object[] row, int column) {
        return row != null && row[column] instanceof Number number && number.intValue() == 1;
    }

    /** A live, published agent by slug (the public A2A card). */
    public Uni<Agent> findPublishedBySlug(String slug) {
        return find("slug = ?1 and status <> 'deleted' and publicationStatus = 'published'", slug).firstResult();
    }

    /** The live agents of a user, for the cascade of their account's deletion. */
    public Uni<List<Agent>> liveOwnedBy(UUID ownerId) {
        return list("ownerId = ?1 and status <> 'deleted' order by createdAt", ownerId);
    }

    /** The live agent whose access token, or whose current deployment's runtime token, has this SHA-256; or null. */
    public Uni<Agent> findLiveByTokenHash(String tokenHash) {
        return find("(tokenHash = ?1 or runtimeTokenHash = ?1) and status <> 'deleted'", tokenHash).firstResult();
    }

    /** Every agent, deleted ones included, in id order: the {@code size} after {@code after} (from the first if null). */
    public Uni<List<Agent>> pageAfter(UUID after, int size) {
        return (after == null ? find("order by id") : find("id > ?1 order by id", after)).range(0, size - 1).list();
    }

    /** A live agent by id whoever owns it: for consumers of other services' events, never for requests. */
    public Uni<Agent> findLive(UUID id) {
        return find("id = ?1 and status <> 'deleted'", id).firstResult();
    }
}
