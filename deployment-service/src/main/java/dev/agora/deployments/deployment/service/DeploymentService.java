package dev.agora.deployments.deployment.service;

import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Set;
import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;

import dev.agora.common.events.Audience;
import dev.agora.common.events.Topics;
import dev.agora.common.outbox.OutboxWriter;
import dev.agora.common.outbox.WithOutboxTransaction;
import dev.agora.common.paging.Page;
import dev.agora.common.paging.PageRequest;
import dev.agora.common.problem.DatabaseErrors;
import dev.agora.common.problem.FieldError;
import dev.agora.common.problem.ProblemException;
import dev.agora.deployments.access.AgentAccess;
import dev.agora.deployments.access.Caller;
import dev.agora.deployments.agentref.repository.KnownAgent;
import dev.agora.deployments.agentref.repository.KnownAgentRepository;
import dev.agora.deployments.deployment.events.DeploymentEvents;
import dev.agora.deployments.deployment.repository.Deployment;
import dev.agora.deployments.deployment.repository.DeploymentLogRepository;
import dev.agora.deployments.deployment.repository.DeploymentRepository;
import dev.agora.deployments.deployment.model.CreateDeploymentRequest;
import dev.agora.deployments.deployment.model.DeploymentView;
import dev.agora.deployments.driver.DeploymentSpec;
import dev.agora.deployments.runtime.service.RuntimeStatusService;
import io.quarkus.hibernate.reactive.panache.common.WithSession;
import io.quarkus.hibernate.reactive.panache.common.WithTransaction;
import io.smallrye.mutiny.Uni;

/**
 * Deployments and their one state machine ({@link DeploymentStatus}). Every transition is written with its event
 * ({@link DeploymentEvents#ON_ENTERING}) to the outbox and a line to the deployment's log, in one transaction.
 */
@ApplicationScoped
public class DeploymentService {
    public static final String MANUAL = "manual";
    public static final String SCHEDULED = "scheduled";
    public static final String CONFIG_CHANGE = "config_change";

    private final DeploymentRepository deployments;
    private final DeploymentLogRepository logs;
    private final DeploymentResources resources;
    private final AgentAccess access;
    private final OutboxWriter outbox;
    private final RuntimeStatusService runtime;
    private final KnownAgentRepository knownAgents;

    public DeploymentService(DeploymentRepository deployments, DeploymentLogRepository logs,
            DeploymentResources resources, AgentAccess access, OutboxWriter outbox, RuntimeStatusService runtime,
            KnownAgentRepository knownAgents) {
        this.knownAgents = knownAgents;
        this.deployments = deployments;
        this.logs = logs;
        this.resources = resources;
        this.access = access;
        this.outbox = outbox;
        this.runtime = runtime;
    }

    @WithOutboxTransaction
    public Uni<DeploymentView> create(Caller caller, CreateDeploymentRequest request) {
        String trigger = validate(request);
        return access.manageable(caller, request.agentId())
                .chain(agent -> request(agent, trigger, request.scheduledAt(),
                        "requested by user " + caller.userId() + " (" + trigger + ")"))
                .map(DeploymentView::of);
    }

    private static String validate(CreateDeploymentRequest request) {
        if (request == null) {
            throw ProblemException.badRequest("body", "is required");
        }
        List<FieldError> errors = new ArrayList<>();
        if (request.agentId() == null) {
            errors.add(new FieldError("agentId", "is required"));
        }
        String trigger = request.triggerType() == null ? (request.scheduledAt() == null ? MANUAL : SCHEDULED)
                : request.triggerType();
        if (!Set.of(MANUAL, SCHEDULED).contains(trigger)) {
            errors.add(new FieldError("triggerType", CONFIG_CHANGE.equals(trigger)
                    ? "config_change deployments are made by the platform when the agent's configuration changes"
                    : "must be manual or scheduled"));
        } else if (SCHEDULED.equals(trigger) && request.scheduledAt() == null) {
            errors.add(new FieldError("scheduledAt", "is required for a scheduled deployment"));
        } else if (SCHEDULED.equals(trigger) && !request.scheduledAt().isAfter(Instant.now())) {
            errors.add(new FieldError("scheduledAt", "must be in the future"));
        } else if (MANUAL.equals(trigger) && request.scheduledAt() != null) {
            errors.add(new FieldError("scheduledAt", "is only for scheduled deployments"));
        }
        if (!errors.isEmpty()) {
            throw ProblemException.invalid(errors);
        }
        return trigger;
    }

    /**
     * A new pending deployment of {@code agent}, in the caller's transaction; 409 when the agent is deleted or already
     * has a pending or deploying one (the partial unique index settles concurrent requests).
     */
    public Uni<Deployment> request(KnownAgent agent, String trigger, Instant scheduledAt, String reason) {
        if (agent.isDeleted()) {
            return Uni.createFrom().failure(ProblemException.conflict("agentId", "agent " + agent.id + " is deleted"));
        }
        return deployments.countActive(agent.id).chain(active -> {
            if (active > 0) {
                throw activeConflict(agent.id);
            }
            return deployments.nextVersion(agent.id);
        }).chain(version -> {
            Deployment d = new Deployment();
            d.id = UUID.randomUUID();
            d.agentId = agent.id;
            d.ownerId = agent.ownerId;
            d.version = version;
            d.status = DeploymentStatus.PENDING;
            d.triggerType = trigger;
            ObjectNode triggerConfig = JsonNodeFactory.instance.objectNode().put("reason", reason);
            d.triggerConfig = triggerConfig;
            d.scheduledAt = scheduledAt == null ? null : scheduledAt.truncatedTo(ChronoUnit.MICROS);
            d.createdAt = now();
            resources.apply(agent, d);
            return deployments.persistAndFlush(d)
                    .call(() -> logs.append(d.id, "info", "deployment v" + d.version + " of " + d.image + " " + reason
                            + (d.scheduledAt == null ? "" : ", scheduled at " + d.scheduledAt)))
                    .call(() -> announce(d));
        }).onFailure(DatabaseErrors::isUniqueViolation).transform(failure -> activeConflict(agent.id));
    }

    private static ProblemException activeConflict(UUID agentId) {
        return ProblemException.conflict("agentId", "agent " + agentId + " already has a pending or deploying deployment");
    }

    @WithSession
    public Uni<DeploymentView> get(Caller caller, UUID id) {
        return readable(caller, id).map(DeploymentView::of);
    }

    @WithSession
    public Uni<DeploymentView> getByJob(Caller caller, String jobId) {
        return deployments.findByJobId(jobId)
                .chain(d -> d == null ? Uni.createFrom().failure(ProblemException.notFound("job " + jobId))
                        : access.readable(caller, d.agentId)
                                .onFailure(ProblemException.class).transform(e -> ProblemException.notFound("job " + jobId))
                                .replaceWith(d))
                .map(DeploymentView::of);
    }

    /** Deployments of one agent the caller may read, or (no agentId) of the agents the caller owns; newest first. */
    @WithSession
    public Uni<Page<DeploymentView>> list(Caller caller, UUID agentId, String status, String limit, String cursor) {
        if (status != null && !DeploymentStatus.isKnown(status)) {
            throw ProblemException.badRequest("status", "must be one of " + DeploymentStatus.STATUSES);
        }
        PageRequest page = PageRequest.of(limit, cursor, 2);
        Instant at = page.hasCursor() ? page.instantAt(0) : null;
        UUID after = page.hasCursor() ? page.uuidAt(1) : null;
        Uni<Void> allowed = agentId == null ? Uni.createFrom().voidItem()
                : access.readable(caller, agentId).replaceWithVoid();
        return allowed.chain(() -> deployments.list(agentId, caller.userId(), status, at, after, page.limit()))
                .map(rows -> Page.of(rows, page.limit(), DeploymentView::of,
                        last -> PageRequest.encodeCursor(last.createdAt, last.id)));
    }

    @WithOutboxTransaction
    public Uni<DeploymentView> cancel(Caller caller, UUID id) {
        return manageable(caller, id)
                .chain(d -> move(d, DeploymentStatus.CANCELLED, "cancelled by user " + caller.userId()))
                .map(DeploymentView::of);
    }

    @WithOutboxTransaction
    public Uni<DeploymentView> stop(Caller caller, UUID id) {
        return manageable(caller, id)
                .chain(d -> stopRunning(d, "stopped by user " + caller.userId()))
                .map(DeploymentView::of);
    }

    /** A deployment the caller may read: 404 otherwise. */
    @WithSession
    public Uni<Deployment> readable(Caller caller, UUID id) {
        return deployments.findById(id).chain(d -> d == null
                ? Uni.createFrom().failure(ProblemException.notFound("deployment " + id))
                : access.readable(caller, d.agentId)
                        .onFailure(ProblemException.class).transform(e -> ProblemException.notFound("deployment " + id))
                        .replaceWith(d));
    }

    private Uni<Deployment> manageable(Caller caller, UUID id) {
        return readable(caller, id).call(d -> access.manageable(caller, d.agentId));
    }

    /**
     * Moves the deployment to {@code to} (409 when the state machine does not allow it), stamps the time, and writes
     * the event and a log line.
     */
    public Uni<Deployment> move(Deployment d, String to, String reason) {
        String from = d.status;
        if (!DeploymentStatus.canMove(from, to)) {
            return Uni.createFrom().failure(ProblemException.conflict("status", "a " + from
                    + " deployment cannot become " + to + " (allowed: " + DeploymentStatus.allowedFrom(from) + ")"));
        }
        Instant now = now();
        d.status = to;
        switch (to) {
            case DeploymentStatus.DEPLOYING -> d.startedAt = now;
            case DeploymentStatus.SUCCEEDED -> {
                d.deployedAt = now;
                d.completedAt = now;
                d.errorMessage = null;
            }
            case DeploymentStatus.FAILED, DeploymentStatus.CANCELLED -> d.completedAt = now;
            case DeploymentStatus.STOPPED -> d.stoppedAt = now;
            default -> throw new IllegalStateException("no deployment moves to " + to);
        }
        return deployments.flush()
                .call(() -> logs.append(d.id, DeploymentStatus.FAILED.equals(to) ? "error" : "info",
                        "status " + from + " → " + to + ": " + reason))
                .call(() -> announce(d))
                .replaceWith(d);
    }

    /** succeeded → stopped, and the agent's runtime status with it. */
    private Uni<Deployment> stopRunning(Deployment d, String reason) {
        return move(d, DeploymentStatus.STOPPED, reason)
                .call(stopped -> runtime.markStopped(stopped.agentId, stopped.id));
    }

    /** An agent this service no longer knows is seen by its deployment's owner only. */
    private Uni<?> announce(Deployment d) {
        return knownAgents.findById(d.agentId).chain(agent -> outbox.append(Topics.DEPLOYMENTS,
                DeploymentEvents.ON_ENTERING.get(d.status), d.agentId, DeploymentEvents.DeploymentChanged.of(d),
                agent == null ? Audience.users(d.ownerId) : agent.audience()));
    }

    // --- the driver's side: these run for the DeploymentRunner, without a caller

    /**
     * For the dispatcher: renews the leases of the deployments this replica follows, then claims due pending
     * deployments, deploying ones nobody follows any more, and cancelled/stopped ones whose release is due.
     */
    @WithTransaction
    public Uni<Claims> claim(Collection<UUID> following, ClaimSettings settings, int limit) {
        return deployments.renewFollows(following)
                .chain(() -> deployments.claimDue(settings.staleClaimSeconds(), limit))
                .chain(due -> deployments.claimOrphaned(settings.followLease().toSeconds(), limit)
                        .chain(orphaned -> deployments.claimToRelease(limit, settings.releaseBackoff())
                                .map(release -> new Claims(due, orphaned, release))));
    }

    public record ClaimSettings(int staleClaimSeconds, Duration followLease, Duration releaseBackoff) {
    }

    public record Claims(List<UUID> due, List<UUID> orphaned, List<UUID> release) {
    }

    /** What the driver needs for the deployment, or null when it is gone. */
    @WithSession
    public Uni<Deployment> find(UUID id) {
        return deployments.findById(id);
    }

    public static DeploymentSpec specOf(Deployment d) {
        String host = d.deploymentUrl.substring("https://".length());
        return new DeploymentSpec(d.id, d.agentId, d.version, host.substring(0, host.indexOf('.')), host, d.image,
                d.port, d.cpu, d.memory, d.replicas);
    }

    /**
     * pending → deploying with the driver's job id and the hash of the runtime token minted for it; false when the
     * deployment is no longer pending (cancelled).
     */
    @WithOutboxTransaction
    public Uni<Boolean> started(UUID id, String jobId, String driver, String runtimeTokenHash) {
        return deployments.findById(id).chain(d -> {
            if (d == null || !DeploymentStatus.PENDING.equals(d.status)) {
                return Uni.createFrom().item(false);
            }
            d.jobId = jobId;
            d.runtimeTokenHash = runtimeTokenHash;
            d.followedAt = now();
            return move(d, DeploymentStatus.DEPLOYING, "driver " + driver + " started job " + jobId).replaceWith(true);
        });
    }

    /**
     * deploying → succeeded; the agent's previous succeeded deployment is stopped first (superseded: the driver
     * updated its resources in place). False when the deployment is no longer deploying (cancelled meanwhile).
     */
    @WithOutboxTransaction
    public Uni<Boolean> succeeded(UUID id, String summary) {
        return deployments.findById(id).chain(d -> {
            if (d == null || !DeploymentStatus.DEPLOYING.equals(d.status)) {
                return Uni.createFrom().item(false);
            }
            return deployments.succeededOf(d.agentId)
                    .chain(previous -> supersede(previous, d))
                    .chain(() -> {
                        d.deploymentSummary = summary;
                        return move(d, DeploymentStatus.SUCCEEDED, summary);
                    })
                    .replaceWith(true);
        });
    }

    private Uni<Void> supersede(List<Deployment> previous, Deployment next) {
        Uni<Void> chain = Uni.createFrom().voidItem();
        for (Deployment old : previous) {
            chain = chain.chain(() -> {
                old.releasedAt = now();
                return move(old, DeploymentStatus.STOPPED, "superseded by version " + next.version).replaceWithVoid();
            });
        }
        return chain;
    }

    /** deploying → failed with the driver's reason; false when the deployment is no longer deploying. */
    @WithOutboxTransaction
    public Uni<Boolean> failed(UUID id, String reason) {
        return deployments.findById(id).chain(d -> {
            if (d == null || !DeploymentStatus.DEPLOYING.equals(d.status)) {
                return Uni.createFrom().item(false);
            }
            d.errorMessage = reason;
            return move(d, DeploymentStatus.FAILED, reason).replaceWith(true);
        });
    }

    /** The driver removed the deployment's resources. */
    @WithTransaction
    public Uni<Void> released(UUID id) {
        return deployments.findById(id).invoke(d -> {
            if (d != null && d.releasedAt == null) {
                d.releasedAt = now();
            }
        }).replaceWithVoid();
    }

    /**
     * The driver could not remove the deployment's resources: logged as a warning while attempts are left (the
     * dispatcher retries at releaseNextAt), else given up (releaseFailedAt) with an error line. True when given up.
     */
    @WithTransaction
    public Uni<Boolean> releaseFailed(UUID id, String reason, int maxAttempts) {
        return deployments.findById(id).chain(d -> {
            if (d == null || d.releasedAt != null) {
                return Uni.createFrom().item(false);
            }
            if (d.releaseAttempts >= maxAttempts) {
                d.releaseFailedAt = now();
                return logs.append(id, "error", "gave up removing the deployment's resources after " + d.releaseAttempts
                        + " attempts: " + reason).replaceWith(true);
            }
            return logs.append(id, "warn", "removing the deployment's resources failed (attempt " + d.releaseAttempts
                    + " of " + maxAttempts + "), retrying at " + d.releaseNextAt + ": " + reason).replaceWith(false);
        });
    }

    @WithTransaction
    public Uni<Void> log(UUID id, String level, String line) {
        return logs.append(id, level, line);
    }

    // --- agents.v1 reactions, inside the idempotent consumer's transaction

    /** The agent is deleted: its running deployment is stopped, pending and deploying ones are cancelled. */
    public Uni<Void> onAgentDeleted(UUID agentId) {
        return deployments.activeOf(agentId)
                .chain(active -> each(active, d -> move(d, DeploymentStatus.CANCELLED, "the agent was deleted")))
                .chain(() -> deployments.succeededOf(agentId))
                .chain(running -> each(running, d -> stopRunning(d, "the agent was deleted")));
    }

    /**
     * The agent's deployment-relevant fields changed: a deployed agent whose deploymentConfig asks for autoRedeploy is
     * redeployed ({@code config_change}), unless a deployment of it is already pending or deploying.
     */
    public Uni<Void> onConfigChanged(KnownAgent agent, List<String> changedFields) {
        if (agent.isDeleted() || !DeploymentResources.autoRedeploy(agent)) {
            return Uni.createFrom().voidItem();
        }
        return deployments.everDeployed(agent.id)
                .chain(deployed -> !deployed ? Uni.createFrom().voidItem()
                        : deployments.countActive(agent.id).chain(active -> active > 0 ? Uni.createFrom().voidItem()
                                : request(agent, CONFIG_CHANGE, null, "after a change of " + String.join(", ", changedFields))
                                        .onFailure(ProblemException.class).recoverWithNull()
                                        .replaceWithVoid()));
    }

    private static Uni<Void> each(List<Deployment> items, java.util.function.Function<Deployment, Uni<Deployment>> step) {
        Uni<Void> chain = Uni.createFrom().voidItem();
        for (Deployment d : items) {
            chain = chain.chain(() -> step.apply(d).replaceWithVoid());
        }
        return chain;
    }

    static Instant now() {
        // PostgreSQL keeps microseconds: round now so the stored value and the event's value are equal
        return Instant.now().truncatedTo(ChronoUnit.MICROS);
    }
}
