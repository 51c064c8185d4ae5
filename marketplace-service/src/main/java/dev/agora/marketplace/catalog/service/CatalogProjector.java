package dev.agora.marketplace.catalog.service;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.StringJoiner;
import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;

import org.jboss.logging.Logger;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import dev.agora.common.consumer.PoisonEventException;
import dev.agora.common.events.IncomingEvent;
import dev.agora.common.reconciliation.ProjectionRepair;
import dev.agora.common.reconciliation.ProjectionRepairs;
import dev.agora.marketplace.catalog.model.AgentEvent;
import dev.agora.marketplace.catalog.repository.CatalogAgent;
import dev.agora.marketplace.catalog.repository.CatalogAgentRepository;
import dev.agora.marketplace.leaderboard.repository.LeaderboardMarks;
import io.smallrye.mutiny.Uni;

/**
 * Keeps {@code catalog_agents} equal to the newest agent snapshot seen. Runs inside the consumer's
 * transaction; a snapshot whose version is not higher than the stored one changes nothing. A change of what decides
 * board membership (listed, and the domains of a listed agent) marks the agent's boards for a recompute; any other
 * change (a description, a price) leaves the boards alone.
 */
@ApplicationScoped
public class CatalogProjector {
    private static final Logger LOG = Logger.getLogger(CatalogProjector.class);
    static final String DELETED = "deleted";

    /** The projection's name in repairs and metrics. */
    public static final String PROJECTION = "catalog";

    private final CatalogAgentRepository agents;
    private final LeaderboardMarks marks;
    private final ObjectMapper mapper;
    private final ProjectionRepairs repairs;

    public CatalogProjector(CatalogAgentRepository agents, LeaderboardMarks marks, ObjectMapper mapper,
            ProjectionRepairs repairs) {
        this.agents = agents;
        this.marks = marks;
        this.mapper = mapper;
        this.repairs = repairs;
    }

    public Uni<Void> apply(String eventType, AgentEvent event) {
        AgentEvent.Snapshot snapshot = requireSnapshot(event);
        UUID id = event.subjectId();
        boolean deleted = AgentEvent.DELETED.equals(eventType);
        return agents.findById(id).chain(stored -> {
            if (stored == null && ownerOf(snapshot, event) == null) {
                // a public event (agent.published) does not name the owner: the agent's next event creates the row
                LOG.debugf("No catalog row for agent %s yet and %s does not name its owner: skipped", id, eventType);
                return Uni.createFrom().voidItem();
            }
            if (stored == null) {
                CatalogAgent agent = new CatalogAgent();
                agent.id = id;
                copy(snapshot, event, agent);
                markIfDeleted(agent, deleted);
                return agents.persist(agent).chain(() -> markBoardsIf(agent.listed, id));
            }
            boolean wasListed = stored.listed;
            String[] domainsBefore = stored.domainSlugs;
            if (snapshot.version() > stored.agentVersion) {
                copy(snapshot, event, stored);
            }
            // Deletion is final whatever the order of snapshots: an agent is never undeleted.
            markIfDeleted(stored, deleted);
            boolean boardsMove = wasListed != stored.listed
                    || stored.listed && !Arrays.equals(domainsBefore, stored.domainSlugs);
            return markBoardsIf(boardsMove, id);
        });
    }

    /**
     * Compares the agent's row with its snapshot sent for reconciliation and, when they differ (or the row is missing),
     * repairs the row from it and records the repair. A row already changed by a newer event is left alone.
     */
    public Uni<Void> reconcile(String eventId, AgentEvent event) {
        AgentEvent.Snapshot snapshot = requireSnapshot(event);
        UUID id = event.subjectId();
        boolean deleted = DELETED.equals(snapshot.status());
        return agents.findById(id).chain(stored -> {
            if (stored != null && stored.agentVersion > snapshot.version()) {
                return Uni.createFrom().voidItem();
            }
            CatalogAgent expected = new CatalogAgent();
            expected.id = id;
            copy(snapshot, event, expected);
            markIfDeleted(expected, deleted);
            if (stored == null) {
                return agents.persist(expected)
                        .chain(() -> repairs.record(PROJECTION, id.toString(), List.of(ProjectionRepair.MISSING), eventId))
                        .chain(() -> markBoardsIf(expected.listed, id));
            }
            List<String> fields = differences(expected, stored);
            if (fields.isEmpty()) {
                return Uni.createFrom().voidItem();
            }
            boolean wasListed = stored.listed;
            String[] domainsBefore = stored.domainSlugs;
            copy(snapshot, event, stored);
            markIfDeleted(stored, deleted);
            boolean boardsMove = wasListed != stored.listed
                    || stored.listed && !Arrays.equals(domainsBefore, stored.domainSlugs);
            return repairs.record(PROJECTION, id.toString(), fields, eventId).chain(() -> markBoardsIf(boardsMove, id));
        });
    }

    /** The columns in which {@code stored} differs from {@code expected}, by name. */
    private List<String> differences(CatalogAgent expected, CatalogAgent stored) {
        List<String> fields = new ArrayList<>();
        differs(fields, "owner_id", expected.ownerId, stored.ownerId);
        differs(fields, "name", expected.name, stored.name);
        differs(fields, "description", expected.description, stored.description);
        differs(fields, "subdomain", expected.subdomain, stored.subdomain);
        differs(fields, "repo_owner", expected.repoOwner, stored.repoOwner);
        differs(fields, "slug", expected.slug, stored.slug);
        differs(fields, "tagline", expected.tagline, stored.tagline);
        differs(fields, "avatar_url", expected.avatarUrl, stored.avatarUrl);
        differs(fields, "cover_image_url", expected.coverImageUrl, stored.coverImageUrl);
        differs(fields, "agent_type", expected.type, stored.type);
        differs(fields, "category", expected.category, stored.category);
        differs(fields, "tags", List.of(expected.tags), stored.tags == null ? List.of() : List.of(stored.tags));
        differs(fields, "domains", tree(expected.domains), tree(stored.domains));
        differs(fields, "domain_slugs", List.of(expected.domainSlugs),
                stored.domainSlugs == null ? List.of() : List.of(stored.domainSlugs));
        differs(fields, "skills", tree(expected.skills), tree(stored.skills));
        differs(fields, "search_terms", expected.searchTerms, stored.searchTerms);
        differs(fields, "price_microalgo", expected.priceMicroalgo, stored.priceMicroalgo);
        differs(fields, "price_amount", expected.priceAmount, stored.priceAmount);
        differs(fields, "price_asset", expected.priceAsset, stored.priceAsset);
        differs(fields, "hourly_rate", expected.hourlyRate, stored.hourlyRate);
        differs(fields, "subscription_monthly", expected.subscriptionMonthly, stored.subscriptionMonthly);
        differs(fields, "publication_status", expected.publicationStatus, stored.publicationStatus);
        differs(fields, "published_version", expected.publishedVersion, stored.publishedVersion);
        differs(fields, "published_at", expected.publishedAt, stored.publishedAt);
        differs(fields, "status", expected.status, stored.status);
        differs(fields, "availability", expected.availability, stored.availability);
        differs(fields, "verified", expected.verified, stored.verified);
        differs(fields, "runtime_status", expected.runtimeStatus, stored.runtimeStatus);
        differs(fields, "agent_version", expected.agentVersion, stored.agentVersion);
        differs(fields, "created_at", expected.createdAt, stored.createdAt);
        differs(fields, "updated_at", expected.updatedAt, stored.updatedAt);
        differs(fields, "listed", expected.listed, stored.listed);
        return fields;
    }

    private static void differs(List<String> fields, String field, Object expected, Object stored) {
        if (!Objects.equals(expected, stored)) {
            fields.add(field);
        }
    }

    /** A JSON column as a tree: PostgreSQL gives jsonb back in its own layout and key order. */
    private JsonNode tree(String json) {
        try {
            return json == null ? null : mapper.readTree(json);
        } catch (JsonProcessingException e) {
            return null;
        }
    }

    /**
     * Loads the catalog rows of a poll's agents into the session in one query, so that {@link #apply} finds them
     * there; its changes are then written together when the consumer flushes. An event without a readable agent id
     * fails the poll, as it would fail {@link #apply}, and is then dead-lettered alone.
     */
    public Uni<Void> prepare(List<IncomingEvent> events) {
        Set<UUID> ids = new LinkedHashSet<>();
        for (IncomingEvent event : events) {
            ids.add(AgentEvent.subjectIdOf(event));
        }
        return agents.loadAll(ids);
    }

    /** The boards are found from the stored rows, so the agent's change is written first. */
    private Uni<Void> markBoardsIf(boolean boardsMove, UUID agentId) {
        return boardsMove ? agents.flush().chain(() -> marks.markBoardsOf(agentId)) : Uni.createFrom().voidItem();
    }

    private static void markIfDeleted(CatalogAgent agent, boolean deleted) {
        if (deleted) {
            agent.status = DELETED;
            agent.listed = false;
        }
    }

    /**
     * Public content comes from the {@code published} snapshot, live state (status, availability, verification,
     * runtime status) from {@code agent}. A snapshot without {@code publicationStatus} predates publication
     * (contracts before this round): it is treated as published with its own content, so active legacy agents stay
     * listed.
     */
    private void copy(AgentEvent.Snapshot live, AgentEvent event, CatalogAgent agent) {
        boolean legacy = live.publicationStatus() == null;
        AgentEvent.Snapshot content = !legacy && event.published() != null ? event.published() : live;
        UUID owner = ownerOf(live, event);
        if (owner != null) {
            agent.ownerId = owner;
        }
        agent.name = content.name() != null ? content.name() : live.name();
        agent.description = content.description();
        agent.subdomain = live.subdomain();
        agent.repoOwner = content.repoOwner();
        agent.slug = content.slug() != null ? content.slug() : live.slug();
        agent.tagline = content.tagline();
        agent.avatarUrl = content.avatarUrl();
        agent.coverImageUrl = content.coverImageUrl();
        agent.type = content.type();
        agent.category = Objects.requireNonNullElse(content.category(), CatalogRules.DEFAULT_CATEGORY);
        agent.tags = strings(content.tags());
        List<AgentEvent.Domain> domains = content.domains() == null ? List.of()
                : content.domains().stream().filter(d -> d != null && d.slug() != null).toList();
        agent.domains = json(domains);
        agent.domainSlugs = domains.stream().map(AgentEvent.Domain::slug).distinct().toArray(String[]::new);
        List<AgentEvent.Skill> skills = content.skills() == null ? List.of()
                : content.skills().stream().filter(s -> s != null && s.name() != null).toList();
        agent.skills = json(skills);
        agent.searchTerms = searchTerms(agent.tags, domains, skills);
        agent.priceMicroalgo = Objects.requireNonNullElse(content.priceMicroalgo(), CatalogRules.DEFAULT_PRICE_MICROALGO);
        AgentEvent.Pricing pricing = content.pricing();
        agent.priceAmount = pricing != null && pricing.amount() != null ? pricing.amount() : agent.priceMicroalgo;
        agent.priceAsset = pricing != null && pricing.asset() != null ? pricing.asset() : CatalogRules.DEFAULT_ASSET;
        agent.hourlyRate = pricing == null ? null : pricing.hourlyRate();
        agent.subscriptionMonthly = pricing == null ? null : pricing.subscriptionMonthly();
        agent.publicationStatus = live.publicationStatus();
        agent.publishedVersion = legacy ? null : live.publishedVersion();
        agent.publishedAt = legacy || live.publishedAt() == null ? null : micros(live.publishedAt());
        agent.status = live.status();
        agent.availability = live.availability();
        agent.verified = Boolean.TRUE.equals(live.verified());
        agent.runtimeStatus = Objects.requireNonNullElse(live.runtimeStatus(), "pending");
        agent.agentVersion = live.version();
        agent.createdAt = micros(live.createdAt());
        agent.updatedAt = micros(Objects.requireNonNullElse(live.updatedAt(), live.createdAt()));
        agent.listed = CatalogRules.ACTIVE.equals(live.status())
                && (legacy || CatalogRules.PUBLISHED.equals(live.publicationStatus()));
    }

    private String json(Object value) {
        try {
            return mapper.writeValueAsString(value);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot write " + value, e);
        }
    }

    private static String[] strings(List<String> values) {
        return values == null ? new String[0] : values.stream().filter(Objects::nonNull).toArray(String[]::new);
    }

    private static String searchTerms(String[] tags, List<AgentEvent.Domain> domains, List<AgentEvent.Skill> skills) {
        StringJoiner terms = new StringJoiner(" ");
        for (String tag : tags) {
            terms.add(tag);
        }
        domains.forEach(domain -> terms.add(Objects.requireNonNullElse(domain.name(), domain.slug())));
        skills.forEach(skill -> terms.add(skill.name()));
        return terms.toString();
    }

    /** What PostgreSQL keeps, so cursors built from these values match the stored rows. */
    private static Instant micros(Instant instant) {
        return instant.truncatedTo(ChronoUnit.MICROS);
    }

    /** Public events carry no owner: then the stored one stays. */
    private static UUID ownerOf(AgentEvent.Snapshot snapshot, AgentEvent event) {
        return snapshot.ownerId() != null ? snapshot.ownerId() : event.ownerId();
    }

    private static AgentEvent.Snapshot requireSnapshot(AgentEvent event) {
        AgentEvent.Snapshot snapshot = event.agent();
        if (snapshot == null) {
            throw new PoisonEventException("agent event without an agent snapshot");
        }
        List<String> missing = new ArrayList<>();
        if (event.subjectId() == null) {
            missing.add("agent.id");
        }
        if (snapshot.version() == null) {
            missing.add("agent.version");
        }
        if (snapshot.name() == null) {
            missing.add("agent.name");
        }
        if (snapshot.subdomain() == null) {
            missing.add("agent.subdomain");
        }
        if (snapshot.status() == null) {
            missing.add("agent.status");
        }
        if (snapshot.createdAt() == null) {
            missing.add("agent.createdAt");
        }
        if (!missing.isEmpty()) {
            throw new PoisonEventException("agent snapshot lacks " + String.join(", ", missing));
        }
        return snapshot;
    }
}
