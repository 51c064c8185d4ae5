package dev.agora.agents.agent.service;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import jakarta.enterprise.context.ApplicationScoped;

import dev.agora.agents.agent.events.AgentEvents;
import dev.agora.agents.agent.events.AgentSnapshot;
import dev.agora.agents.agent.repository.Agent;
import dev.agora.agents.agent.repository.AgentQuery;
import dev.agora.agents.agent.repository.AgentRepository;
import dev.agora.agents.agent.repository.AgentViewer;
import dev.agora.agents.agent.rest.CreateAgentRequest;
import dev.agora.agents.agent.rest.UpdateAgentRequest;
import dev.agora.common.events.Topics;
import dev.agora.common.outbox.OutboxWriter;
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
    private static final Pattern GITHUB_URL = Pattern.compile(
            "^https://github\\.com/([A-Za-z0-9-]+)/([A-Za-z0-9._-]+?)(?:\\.git)?/?$", Pattern.CASE_INSENSITIVE);

    private final AgentRepository agents;
    private final OutboxWriter outbox;

    public AgentService(AgentRepository agents, OutboxWriter outbox) {
        this.agents = agents;
        this.outbox = outbox;
    }

    @WithOutboxTransaction
    public Uni<AgentSnapshot> create(AgentViewer viewer, CreateAgentRequest request) {
        UUID ownerId = viewer.userId();
        List<String> orgs = normalizeOrgs(request.organizationSlugs());
        List<String> notManaged = orgs.stream().filter(org -> !viewer.manages(org)).toList();
        if (!notManaged.isEmpty()) {
            throw orgsForbidden(notManaged);
        }
        Agent agent = new Agent();
        agent.id = UUID.randomUUID();
        agent.ownerId = ownerId;
        agent.name = request.name().strip();
        agent.description = request.description();
        agent.subdomain = request.subdomain();
        agent.repoOwner = request.repoOwner();
        agent.repoName = request.repoName();
        agent.githubUrl = request.githubUrl();
        agent.category = request.category() == null ? AgentRules.DEFAULT_CATEGORY : request.category();
        agent.tags = request.tags() == null ? new String[0] : request.tags().toArray(String[]::new);
        agent.organizationSlugs = orgs.toArray(String[]::new);
        agent.priceMicroalgo = request.priceMicroalgo() == null ? AgentRules.DEFAULT_PRICE_MICROALGO : request.priceMicroalgo();
        agent.agentAddress = request.agentAddress();
        agent.appId = request.appId();
        agent.dataInput = request.dataInput();
        agent.exampleInput = request.exampleInput();
        agent.exampleOutput = request.exampleOutput();
        agent.status = "pending";
        agent.runtimeStatus = "pending";
        agent.createdAt = now();
        agent.updatedAt = agent.createdAt;
        validate(agent);
        return ensureUnique(agent, true, true)
                .chain(() -> agents.persistAndFlush(agent))
                .map(AgentSnapshot::of)
                .call(snapshot -> outbox.append(Topics.AGENTS, AgentEvents.REGISTERED, agent.id,
                        new AgentEvents.Registered(agent.id, ownerId, snapshot)));
    }

    @WithSession
    public Uni<AgentSnapshot> get(AgentViewer viewer, UUID id) {
        return visible(viewer, id).map(AgentSnapshot::of);
    }

    /**
     * What the viewer may see (own agents, their organizations' agents; a platform admin: all), filtered, sorted
     * ({@code createdAt} newest first by default, {@code updatedAt} newest first, {@code name} A→Z) and
     * keyset-paginated: the cursor carries the sort, its key and the id of the last item.
     */
    @WithSession
    public Uni<Page<AgentSnapshot>> list(AgentViewer viewer, ListParams params) {
        List<FieldError> errors = new ArrayList<>();
        String status = blankToNull(params.status());
        if (status != null && (!AgentRules.isKnownStatus(status) || AgentRules.DELETED.equals(status))) {
            errors.add(new FieldError("status", "must be one of " + AgentRules.TRANSITIONS.keySet()));
        }
        String category = blankToNull(params.category());
        if (category != null && !AgentRules.CATEGORIES.contains(category)) {
            errors.add(new FieldError("category", "must be one of " + AgentRules.CATEGORIES));
        }
        String tag = blankToNull(params.tag());
        if (tag != null && tag.length() > 50) {
            errors.add(new FieldError("tag", "must be at most 50 characters"));
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
        AgentQuery query = new AgentQuery(status, category, tag, org, q, owner != null, sort, afterInstant, afterName,
                afterId, page.limit());
        AgentQuery.Sort chosen = sort;
        return agents.list(viewer, query)
                .map(rows -> Page.of(rows, page.limit(), AgentSnapshot::of, last -> switch (chosen) {
                    case CREATED_AT -> PageRequest.encodeCursor(chosen.param, last.createdAt, last.id);
                    case UPDATED_AT -> PageRequest.encodeCursor(chosen.param, last.updatedAt, last.id);
                    case NAME -> PageRequest.encodeCursor(chosen.param, encodeName(last.name), last.id);
                }));
    }

    /** The raw query parameters of {@code GET /api/agents}. */
    public record ListParams(String status, String category, String tag, String org, String q, String owner,
            String sort, String limit, String cursor) {
    }

    @WithOutboxTransaction
    public Uni<AgentSnapshot> update(AgentViewer viewer, UUID id, UpdateAgentRequest request) {
        return manageable(viewer, id).chain(agent -> {
            checkOrgChange(viewer, agent, request.organizationSlugs());
            List<String> changed = apply(agent, request);
            if (changed.isEmpty()) {
                return Uni.createFrom().item(AgentSnapshot.of(agent));
            }
            validate(agent);
            agent.updatedAt = now();
            return ensureUnique(agent, changed.contains("subdomain"),
                    changed.contains("repoOwner") || changed.contains("repoName"))
                    .chain(agents::flush)
                    .map(ignored -> AgentSnapshot.of(agent))
                    .call(snapshot -> outbox.append(Topics.AGENTS, AgentEvents.UPDATED, agent.id,
                            new AgentEvents.Updated(agent.id, agent.ownerId, changed, snapshot)));
        });
    }

    @WithOutboxTransaction
    public Uni<AgentSnapshot> changeStatus(AgentViewer viewer, UUID id, String status) {
        if (AgentRules.DELETED.equals(status)) {
            throw ProblemException.badRequest("status", "an agent is deleted with DELETE /api/agents/{id}");
        }
        if (!AgentRules.isKnownStatus(status)) {
            throw ProblemException.badRequest("status", "must be one of " + AgentRules.TRANSITIONS.keySet());
        }
        return manageable(viewer, id).chain(agent -> {
            String old = agent.status;
            if (old.equals(status)) {
                return Uni.createFrom().item(AgentSnapshot.of(agent));
            }
            if (!AgentRules.canMove(old, status)) {
                throw ProblemException.conflict("status", "an agent cannot go from " + old + " to " + status
                        + " (allowed: " + AgentRules.TRANSITIONS.get(old) + ")");
            }
            agent.status = status;
            agent.updatedAt = now();
            return agents.flush()
                    .map(ignored -> AgentSnapshot.of(agent))
                    .call(snapshot -> outbox.append(Topics.AGENTS, AgentEvents.STATUS_CHANGED, agent.id,
                            new AgentEvents.StatusChanged(agent.id, agent.ownerId, agent.name, old, status, snapshot)));
        });
    }

    /** Soft delete: the row stays (status {@code deleted}) but the agent is gone from every read. */
    @WithOutboxTransaction
    public Uni<Void> delete(AgentViewer viewer, UUID id) {
        return manageable(viewer, id).chain(agent -> {
            agent.status = AgentRules.DELETED;
            agent.updatedAt = now();
            return agents.flush()
                    .map(ignored -> AgentSnapshot.of(agent))
                    .call(snapshot -> outbox.append(Topics.AGENTS, AgentEvents.DELETED, agent.id,
                            new AgentEvents.Deleted(agent.id, agent.ownerId, snapshot)))
                    .replaceWithVoid();
        });
    }

    /** An agent the viewer may see; anything else is 404 (never reveal someone else's agent). */
    private Uni<Agent> visible(AgentViewer viewer, UUID id) {
        return agents.findVisible(id, viewer)
                .onItem().ifNull().failWith(() -> ProblemException.notFound("agent " + id));
    }

    /** An agent the viewer may change: 404 if they cannot see it, 403 if they can see it but only read it. */
    private Uni<Agent> manageable(AgentViewer viewer, UUID id) {
        return visible(viewer, id).invoke(agent -> {
            if (!viewer.canManage(agent)) {
                throw ProblemException.forbidden("you may read agent " + id + " but not change it: only its owner and "
                        + "the admins and agent managers of its organizations may");
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

    private static List<String> apply(Agent agent, UpdateAgentRequest request) {
        List<String> changed = new ArrayList<>();
        if (request.name() != null && !request.name().strip().equals(agent.name)) {
            agent.name = request.name().strip();
            changed.add("name");
        }
        if (request.description() != null && !request.description().equals(agent.description)) {
            agent.description = request.description();
            changed.add("description");
        }
        if (request.subdomain() != null && !request.subdomain().equals(agent.subdomain)) {
            agent.subdomain = request.subdomain();
            changed.add("subdomain");
        }
        boolean repositoryChanged = false;
        if (request.repoOwner() != null && !request.repoOwner().equals(agent.repoOwner)) {
            agent.repoOwner = request.repoOwner();
            changed.add("repoOwner");
            repositoryChanged = true;
        }
        if (request.repoName() != null && !request.repoName().equals(agent.repoName)) {
            agent.repoName = request.repoName();
            changed.add("repoName");
            repositoryChanged = true;
        }
        if (request.githubUrl() != null && !request.githubUrl().equals(agent.githubUrl)) {
            agent.githubUrl = request.githubUrl();
            changed.add("githubUrl");
        } else if (repositoryChanged) {
            // the URL follows a renamed repository unless the request gives a new one
            agent.githubUrl = "https://github.com/" + agent.repoOwner + "/" + agent.repoName;
            changed.add("githubUrl");
        }
        if (request.category() != null && !request.category().equals(agent.category)) {
            agent.category = request.category();
            changed.add("category");
        }
        if (request.tags() != null && !request.tags().equals(List.of(agent.tags))) {
            agent.tags = request.tags().toArray(String[]::new);
            changed.add("tags");
        }
        if (request.organizationSlugs() != null) {
            List<String> orgs = normalizeOrgs(request.organizationSlugs());
            if (!orgs.equals(agent.organizationSlugs == null ? List.of() : List.of(agent.organizationSlugs))) {
                agent.organizationSlugs = orgs.toArray(String[]::new);
                changed.add("organizationSlugs");
            }
        }
        if (request.priceMicroalgo() != null && request.priceMicroalgo() != agent.priceMicroalgo) {
            agent.priceMicroalgo = request.priceMicroalgo();
            changed.add("priceMicroalgo");
        }
        if (request.agentAddress() != null && !request.agentAddress().equals(agent.agentAddress)) {
            agent.agentAddress = request.agentAddress();
            changed.add("agentAddress");
        }
        if (request.appId() != null && !request.appId().equals(agent.appId)) {
            agent.appId = request.appId();
            changed.add("appId");
        }
        if (request.dataInput() != null && !request.dataInput().equals(agent.dataInput)) {
            agent.dataInput = request.dataInput();
            changed.add("dataInput");
        }
        if (request.exampleInput() != null && !request.exampleInput().equals(agent.exampleInput)) {
            agent.exampleInput = request.exampleInput();
            changed.add("exampleInput");
        }
        if (request.exampleOutput() != null && !request.exampleOutput().equals(agent.exampleOutput)) {
            agent.exampleOutput = request.exampleOutput();
            changed.add("exampleOutput");
        }
        return changed;
    }

    /** Rules across fields, beyond what the request annotations check. */
    private static void validate(Agent agent) {
        List<FieldError> errors = new ArrayList<>();
        if (!AgentRules.CATEGORIES.contains(agent.category)) {
            errors.add(new FieldError("category", "must be one of " + AgentRules.CATEGORIES));
        }
        if (AgentRules.RESERVED_SUBDOMAINS.contains(agent.subdomain)) {
            errors.add(new FieldError("subdomain", "'" + agent.subdomain + "' is reserved by the platform"));
        }
        Matcher url = GITHUB_URL.matcher(agent.githubUrl);
        if (!url.matches()) {
            errors.add(new FieldError("githubUrl", "must be https://github.com/{repoOwner}/{repoName}"));
        } else if (!url.group(1).equalsIgnoreCase(agent.repoOwner) || !url.group(2).equalsIgnoreCase(agent.repoName)) {
            errors.add(new FieldError("githubUrl", "must point at repository " + agent.repoOwner + "/" + agent.repoName));
        } else {
            agent.githubUrl = "https://github.com/" + agent.repoOwner + "/" + agent.repoName;
        }
        if (!errors.isEmpty()) {
            throw ProblemException.invalid(errors);
        }
    }

    private Uni<Void> ensureUnique(Agent agent, boolean checkSubdomain, boolean checkRepository) {
        Uni<Void> subdomain = !checkSubdomain ? Uni.createFrom().voidItem()
                : agents.subdomainTaken(agent.subdomain, agent.id).invoke(taken -> {
                    if (taken) {
                        throw ProblemException.conflict("subdomain", "subdomain '" + agent.subdomain + "' is already taken");
                    }
                }).replaceWithVoid();
        return subdomain.chain(() -> !checkRepository ? Uni.createFrom().voidItem()
                : agents.repositoryTaken(agent.ownerId, agent.repoOwner, agent.repoName, agent.id).invoke(taken -> {
                    if (taken) {
                        throw ProblemException.conflict("repoName", "you already have an agent for "
                                + agent.repoOwner + "/" + agent.repoName);
                    }
                }).replaceWithVoid());
    }

    private static Instant now() {
        // PostgreSQL keeps microseconds: round now so the stored value and the event's value are equal
        return Instant.now().truncatedTo(ChronoUnit.MICROS);
    }

}
