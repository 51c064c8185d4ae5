package dev.agora.agents.agent.service;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.Function;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

import jakarta.enterprise.context.ApplicationScoped;

import dev.agora.agents.agent.events.AgentEventLog;
import dev.agora.agents.agent.events.AgentView;
import dev.agora.agents.agent.repository.Agent;
import dev.agora.agents.agent.repository.AgentQuery;
import dev.agora.agents.agent.repository.AgentRepository;
import dev.agora.agents.agent.repository.AgentViewer;
import dev.agora.agents.agent.model.CreateAgentRequest;
import dev.agora.agents.agent.model.UpdateAgentRequest;
import dev.agora.agents.domain.repository.Domain;
import dev.agora.agents.domain.repository.DomainRepository;
import dev.agora.common.outbox.WithOutboxTransaction;
import dev.agora.common.paging.Page;
import dev.agora.common.paging.PageRequest;
import dev.agora.common.problem.FieldError;
import dev.agora.common.problem.ProblemException;
import io.quarkus.hibernate.reactive.panache.common.WithSession;
import io.smallrye.mutiny.Uni;

/** The registry's rules. Every change writes its event to the outbox in the same transaction. */
@ApplicationScoped
public class AgentService {
    private static final Pattern ORG_SLUG = Pattern.compile("^[a-z0-9-]+$");
    private static final Pattern DOMAIN_SLUG = Pattern.compile("^[a-z0-9-]{1,50}$");

    private final AgentRepository agents;
    private final DomainRepository domains;
    private final AgentContent content;
    private final AgentViews views;
    private final AgentEventLog events;

    public AgentService(AgentRepository agents, DomainRepository domains, AgentContent content, AgentViews views,
            AgentEventLog events) {
        this.agents = agents;
        this.domains = domains;
        this.content = content;
        this.views = views;
        this.events = events;
    }

    /**
     * Registers an agent owned by the caller: a draft ({@code publicationStatus} draft), status {@code pending}.
     * Without {@code type} it is an {@code api} agent; without {@code slug} its slug is its subdomain.
     */
    @WithOutboxTransaction
    public Uni<AgentView> create(AgentViewer viewer, CreateAgentRequest request) {
        List<String> orgs = normalizeOrgs(request.organizationSlugs());
        List<String> notManaged = orgs.stream().filter(org -> !viewer.manages(org)).toList();
        if (!notManaged.isEmpty()) {
            throw orgsForbidden(notManaged);
        }
        Agent agent = new Agent();
        agent.id = UUID.randomUUID();
        agent.ownerId = viewer.userId();
        agent.category = AgentRules.DEFAULT_CATEGORY;
        agent.tags = new String[0];
        agent.organizationSlugs = orgs.toArray(String[]::new);
        agent.priceMicroalgo = AgentRules.DEFAULT_PRICE_MICROALGO;
        agent.pricingAmount = AgentRules.DEFAULT_PRICE_MICROALGO;
        agent.pricingAsset = AgentRules.MICROALGO;
        agent.type = request.type() == null ? AgentRules.DEFAULT_TYPE : request.type();
        agent.capabilities = new String[0];
        agent.domainSlugs = new String[0];
        agent.availability = AgentRules.DEFAULT_AVAILABILITY;
        agent.publicationStatus = AgentRules.DRAFT;
        agent.status = AgentStatus.PENDING;
        agent.runtimeStatus = "pending";
        agent.createdAt = now();
        agent.updatedAt = agent.createdAt;
        return domainsFor(request.domains() != null).chain(known -> {
            content.apply(agent, asUpdate(request), known);
            if (agent.slug == null) {
                agent.slug = agent.subdomain.length() >= 3 ? agent.subdomain : "agent-" + agent.subdomain;
            }
            agent.config = agent.config == null ? content.emptyObject() : agent.config;
            agent.deploymentConfig = agent.deploymentConfig == null ? content.emptyObject() : agent.deploymentConfig;
            agent.metadata = agent.metadata == null ? content.emptyObject() : agent.metadata;
            agent.domains = agent.domains == null ? content.emptyArray() : agent.domains;
            agent.skills = agent.skills == null ? content.emptyArray() : agent.skills;
            content.validate(agent);
            return ensureUnique(agent, agent.subdomain, agent.slug, agent.repoOwner, agent.repoName)
                    .chain(() -> agents.persistAndFlush(agent))
                    .chain(() -> events.registered(agent))
                    .map(ignored -> views.of(agent));
        });
    }

    @WithSession
    public Uni<AgentView> get(AgentViewer viewer, UUID id) {
        return visible(viewer, id).map(views::of);
    }

    /**
     * What the viewer may see (own agents, their organizations' agents; a platform admin: all), filtered, sorted
     * ({@code createdAt} newest first by default, {@code updatedAt} newest first, {@code name} A→Z) and
     * keyset-paginated: the cursor carries the sort, its key and the id of the last item.
     */
    @WithSession
    public Uni<Page<AgentView>> list(AgentViewer viewer, ListParams params) {
        List<FieldError> errors = new ArrayList<>();
        String status = blankToNull(params.status());
        if (status != null && !AgentStatus.REQUESTABLE.contains(status)) {
            errors.add(new FieldError("status", "must be one of " + AgentStatus.REQUESTABLE));
        }
        String category = blankToNull(params.category());
        if (category != null && !AgentRules.CATEGORIES.contains(category)) {
            errors.add(new FieldError("category", "must be one of " + AgentRules.CATEGORIES));
        }
        String tag = blankToNull(params.tag());
        if (tag != null && tag.length() > 50) {
            errors.add(new FieldError("tag", "must be at most 50 characters"));
        }
        String type = blankToNull(params.type());
        if (type != null && !List.of(AgentRules.CONTEXT, AgentRules.API, AgentRules.EXTERNAL).contains(type)) {
            errors.add(new FieldError("type", "must be one of context, api, external"));
        }
        String domain = blankToNull(params.domain());
        if (domain != null && !DOMAIN_SLUG.matcher(domain).matches()) {
            errors.add(new FieldError("domain", "must be a domain slug (GET /api/agents/domains)"));
        }
        String org = blankToNull(params.org());
        if (org != null && (org.length() > 100 || !ORG_SLUG.matcher(org).matches())) {
            errors.add(new FieldError("org", "must be an organization slug: lowercase letters, digits and hyphens"));
        }
        String q = blankToNull(params.q());
        if (q != null && q.length() > 200) {
            errors.add(new FieldError("q", "must be at most 200 characters"));
        }
        String owner = blankToNull(params.owner());
        if (owner != null && !"me".equals(owner)) {
            errors.add(new FieldError("owner", "must be 'me' (or left out)"));
        }
        String sortParam = blankToNull(params.sort());
        AgentQuery.Sort sort = sortParam == null ? AgentQuery.Sort.CREATED_AT : AgentQuery.Sort.fromParam(sortParam);
        if (sort == null) {
            errors.add(new FieldError("sort", "must be one of createdAt, updatedAt, name"));
        }
        if (!errors.isEmpty()) {
            throw ProblemException.invalid(errors);
        }
        PageRequest page = PageRequest.of(params.limit(), params.cursor(), 3);
        Instant afterInstant = null;
        String afterName = null;
        UUID afterId = null;
        if (page.hasCursor()) {
            if (!sort.param.equals(page.cursor()[0])) {
                throw ProblemException.badRequest("cursor", "belongs to another sort than " + sort.param);
            }
            if (sort == AgentQuery.Sort.NAME) {
                afterName = decodeName(page.cursor()[1]);
            } else {
                afterInstant = page.instantAt(1);
            }
            afterId = page.uuidAt(2);
        }
        AgentQuery query = new AgentQuery(status, type, category, domain, tag, org, q, owner != null, sort, afterInstant, afterName,
                afterId, page.limit());
        AgentQuery.Sort chosen = sort;
        return agents.list(viewer, query)
                .map(rows -> Page.of(rows, page.limit(), views::of, last -> switch (chosen) {
                    case CREATED_AT -> PageRequest.encodeCursor(chosen.param, last.createdAt, last.id);
                    case UPDATED_AT -> PageRequest.encodeCursor(chosen.param, last.updatedAt, last.id);
                    case NAME -> PageRequest.encodeCursor(chosen.param, encodeName(last.name), last.id);
                }));
    }

    /** The raw query parameters of {@code GET /api/agents}. */
    public record ListParams(String status, String type, String category, String domain, String tag, String org, String q, String owner,
            String sort, String limit, String cursor) {
    }

    /**
     * Partial update; on a published agent it edits the working draft of the next version (see AgentPublication).
     * Uniqueness is checked before the agent is touched: a query after a change would flush it first.
     */
    @WithOutboxTransaction
    public Uni<AgentView> update(AgentViewer viewer, UUID id, UpdateAgentRequest request) {
        return manageable(viewer, id).chain(agent -> domainsFor(request.domains() != null)
                .call(ignored -> {
                    String repoOwner = request.repoOwner() != null ? request.repoOwner() : agent.repoOwner;
                    String repoName = request.repoName() != null ? request.repoName() : agent.repoName;
                    boolean newRepository = !java.util.Objects.equals(repoOwner, agent.repoOwner)
                            || !java.util.Objects.equals(repoName, agent.repoName);
                    return ensureUnique(agent, requested(request.subdomain(), agent.subdomain),
                            requested(request.slug(), agent.slug), newRepository ? repoOwner : null,
                            newRepository ? repoName : null);
                })
                .chain(known -> {
                    checkOrgChange(viewer, agent, request.organizationSlugs());
                    List<String> changed = new ArrayList<>(content.apply(agent, request, known));
                    if (request.organizationSlugs() != null) {
                        List<String> orgs = normalizeOrgs(request.organizationSlugs());
                        if (!orgs.equals(agent.organizationSlugs == null ? List.of() : List.of(agent.organizationSlugs))) {
                            agent.organizationSlugs = orgs.toArray(String[]::new);
                            changed.add("organizationSlugs");
                        }
                    }
                    if (changed.isEmpty()) {
                        return Uni.createFrom().item(views.of(agent));
                    }
                    content.validate(agent);
                    agent.updatedAt = now();
                    return agents.flush()
                            .chain(() -> events.updated(agent, List.copyOf(changed)))
                            .map(ignored -> views.of(agent));
                }));
    }

    /** The requested value when it differs from the current one, else null (nothing to check). */
    private static String requested(String value, String current) {
        return value == null || value.equals(current) ? null : value;
    }

    @WithOutboxTransaction
    public Uni<AgentView> changeStatus(AgentViewer viewer, UUID id, String status) {
        if (AgentStatus.DELETED.equals(status)) {
            throw ProblemException.badRequest("status", "an agent is deleted with DELETE /api/agents/{id}");
        }
        if (!AgentStatus.isKnown(status)) {
            throw ProblemException.badRequest("status", "must be one of " + AgentStatus.REQUESTABLE);
        }
        return manageable(viewer, id).chain(agent -> {
            String old = agent.status;
            if (old.equals(status)) {
                return Uni.createFrom().item(views.of(agent));
            }
            if (!AgentStatus.canMove(old, status)) {
                throw ProblemException.conflict("status", "an agent cannot go from " + old + " to " + status
                        + " (allowed: " + AgentStatus.allowedFrom(old) + ")");
            }
            agent.status = status;
            agent.updatedAt = now();
            return agents.flush()
                    .chain(() -> events.statusChanged(agent, old))
                    .map(ignored -> views.of(agent));
        });
    }

    /** Soft delete: the row stays (status {@code deleted}) but the agent is gone from every read. */
    @WithOutboxTransaction
    public Uni<Void> delete(AgentViewer viewer, UUID id) {
        return manageable(viewer, id).chain(agent -> {
            agent.status = AgentStatus.DELETED;
            agent.updatedAt = now();
            return agents.flush().chain(() -> events.deleted(agent)).replaceWithVoid();
        });
    }

    /** An agent the viewer may see; anything else is 404 (never reveal someone else's agent). */
    Uni<Agent> visible(AgentViewer viewer, UUID id) {
        return foundOr404(agents.findVisible(id, viewer), id);
    }

    private static Uni<Agent> foundOr404(Uni<Agent> agent, UUID id) {
        return agent.onItem().ifNull().failWith(() -> ProblemException.notFound("agent " + id));
    }

    /**
     * An agent the viewer may change, locked for this transaction's change: 404 if they cannot see it, 403 if they can
     * see it but only read it.
     */
    Uni<Agent> manageable(AgentViewer viewer, UUID id) {
        return foundOr404(agents.findVisibleForUpdate(id, viewer), id)
                .invoke(agent -> {
                    if (!viewer.canManage(agent)) {
                        throw ProblemException.forbidden("you may read agent " + id + " but not change it: only its "
                                + "owner and the admins and agent managers of its organizations may");
                    }
                });
    }

    /**
     * Attaching an agent to an organization, or detaching it, takes an {@code admin} or {@code agent_manager} of
     * that organization; the owner may also detach their agent from any organization.
     */
    private static void checkOrgChange(AgentViewer viewer, Agent agent, List<String> requested) {
        if (requested == null) {
            return;
        }
        List<String> wanted = normalizeOrgs(requested);
        List<String> current = agent.organizationSlugs == null ? List.of() : List.of(agent.organizationSlugs);
        List<String> refused = new ArrayList<>();
        for (String org : wanted) {
            if (!current.contains(org) && !viewer.manages(org)) {
                refused.add(org);
            }
        }
        for (String org : current) {
            if (!wanted.contains(org) && !viewer.manages(org) && !viewer.owns(agent)) {
                refused.add(org);
            }
        }
        if (!refused.isEmpty()) {
            throw orgsForbidden(refused);
        }
    }

    private static ProblemException orgsForbidden(List<String> orgs) {
        String message = "you are not an admin or agent_manager of " + String.join(", ", orgs);
        return new ProblemException(403, "Forbidden", "organizationSlugs: " + message,
                List.of(new FieldError("organizationSlugs", message)));
    }

    /** Distinct and sorted, so the stored list and the snapshot do not depend on the request's order. */
    private static List<String> normalizeOrgs(List<String> orgs) {
        return orgs == null ? List.of() : orgs.stream().distinct().sorted().toList();
    }

    private static String blankToNull(String value) {
        return value == null || value.isBlank() ? null : value.strip();
    }

    /** Names may contain the cursor's separator: they travel base64url-encoded inside it. */
    private static String encodeName(String name) {
        return Base64.getUrlEncoder().withoutPadding().encodeToString(name.getBytes(StandardCharsets.UTF_8));
    }

    private static String decodeName(String part) {
        try {
            return new String(Base64.getUrlDecoder().decode(part), StandardCharsets.UTF_8);
        } catch (IllegalArgumentException e) {
            throw ProblemException.badRequest("cursor", "is not a cursor returned by this list");
        }
    }

    /** Writes the session's pending changes (callers publish the event after, with the stored version). */
    Uni<Void> flush() {
        return agents.flush();
    }

    /** The platform's domains by slug, loaded only when the request names domains. */
    private Uni<Map<String, Domain>> domainsFor(boolean needed) {
        if (!needed) {
            return Uni.createFrom().item(Map.of());
        }
        return domains.all().map(rows -> rows.stream().collect(Collectors.toMap(d -> d.slug, Function.identity())));
    }

    /** A create request is a full update of a new agent: both records have the same fields. */
    private static UpdateAgentRequest asUpdate(CreateAgentRequest r) {
        return new UpdateAgentRequest(r.name(), r.description(), r.subdomain(), r.repoOwner(), r.repoName(), r.githubUrl(),
                r.category(), r.tags(), r.priceMicroalgo(), r.agentAddress(), r.appId(), r.dataInput(), r.exampleInput(),
                r.exampleOutput(), null, r.slug(), r.tagline(), r.avatarUrl(), r.coverImageUrl(), null,
                r.department(), r.context(), r.llmConfig(), r.endpoint(), r.ioSchema(), r.capabilities(), r.config(),
                r.deploymentConfig(), r.metadata(), r.pricing(), r.onChain(), r.availability(), r.domains(), r.skills());
    }

    /**
     * 409 when the subdomain or slug is taken by another live agent, or when the agent's owner already has a live
     * agent for the repository {@code owner/name}; a null value is not checked.
     */
    private Uni<Void> ensureUnique(Agent agent, String subdomain, String slug, String owner, String name) {
        return agents.takenNames(agent.id, subdomain, slug, agent.ownerId, owner, name).invoke(taken -> {
            if (taken.subdomain()) {
                throw ProblemException.conflict("subdomain", "subdomain '" + subdomain + "' is already taken");
            }
            if (taken.repository()) {
                throw ProblemException.conflict("repoName", "you already have an agent for " + owner + "/" + name);
            }
            if (taken.slug()) {
                throw ProblemException.conflict("slug", "slug '" + slug + "' is already taken");
            }
        }).replaceWithVoid();
    }

    static Instant now() {
        // PostgreSQL keeps microseconds: round now so the stored value and the event's value are equal
        return Instant.now().truncatedTo(ChronoUnit.MICROS);
    }

}
