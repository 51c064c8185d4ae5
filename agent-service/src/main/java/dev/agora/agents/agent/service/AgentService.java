package dev.agora.agents.agent.service;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import jakarta.enterprise.context.ApplicationScoped;

import dev.agora.agents.agent.events.AgentEvents;
import dev.agora.agents.agent.events.AgentSnapshot;
import dev.agora.agents.agent.repository.Agent;
import dev.agora.agents.agent.repository.AgentRepository;
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
    private static final Pattern GITHUB_URL = Pattern.compile(
            "^https://github\\.com/([A-Za-z0-9-]+)/([A-Za-z0-9._-]+?)(?:\\.git)?/?$", Pattern.CASE_INSENSITIVE);

    private final AgentRepository agents;
    private final OutboxWriter outbox;

    public AgentService(AgentRepository agents, OutboxWriter outbox) {
        this.agents = agents;
        this.outbox = outbox;
    }

    @WithOutboxTransaction
    public Uni<AgentSnapshot> create(UUID ownerId, CreateAgentRequest request) {
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
    public Uni<AgentSnapshot> get(UUID ownerId, UUID id) {
        return owned(ownerId, id).map(AgentSnapshot::of);
    }

    @WithSession
    public Uni<Page<AgentSnapshot>> listMine(UUID ownerId, String status, PageRequest page) {
        if (status != null && (!AgentRules.isKnownStatus(status) || AgentRules.DELETED.equals(status))) {
            throw ProblemException.badRequest("status", "must be one of " + AgentRules.TRANSITIONS.keySet());
        }
        Instant afterCreatedAt = page.hasCursor() ? page.instantAt(0) : null;
        UUID afterId = page.hasCursor() ? page.uuidAt(1) : null;
        return agents.listOwned(ownerId, status, afterCreatedAt, afterId, page.limit())
                .map(rows -> Page.of(rows, page.limit(), AgentSnapshot::of,
                        last -> PageRequest.encodeCursor(last.createdAt, last.id)));
    }

    @WithOutboxTransaction
    public Uni<AgentSnapshot> update(UUID ownerId, UUID id, UpdateAgentRequest request) {
        return owned(ownerId, id).chain(agent -> {
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
                            new AgentEvents.Updated(agent.id, ownerId, changed, snapshot)));
        });
    }

    @WithOutboxTransaction
    public Uni<AgentSnapshot> changeStatus(UUID ownerId, UUID id, String status) {
        if (AgentRules.DELETED.equals(status)) {
            throw ProblemException.badRequest("status", "an agent is deleted with DELETE /api/agents/{id}");
        }
        if (!AgentRules.isKnownStatus(status)) {
            throw ProblemException.badRequest("status", "must be one of " + AgentRules.TRANSITIONS.keySet());
        }
        return owned(ownerId, id).chain(agent -> {
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
                            new AgentEvents.StatusChanged(agent.id, ownerId, agent.name, old, status, snapshot)));
        });
    }

    /** Soft delete: the row stays (status {@code deleted}) but the agent is gone from every read. */
    @WithOutboxTransaction
    public Uni<Void> delete(UUID ownerId, UUID id) {
        return owned(ownerId, id).chain(agent -> {
            agent.status = AgentRules.DELETED;
            agent.updatedAt = now();
            return agents.flush()
                    .map(ignored -> AgentSnapshot.of(agent))
                    .call(snapshot -> outbox.append(Topics.AGENTS, AgentEvents.DELETED, agent.id,
                            new AgentEvents.Deleted(agent.id, ownerId, snapshot)))
                    .replaceWithVoid();
        });
    }

    private Uni<Agent> owned(UUID ownerId, UUID id) {
        return agents.findOwned(id, ownerId)
                .onItem().ifNull().failWith(() -> ProblemException.notFound("agent " + id));
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
