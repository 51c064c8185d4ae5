package dev.agora.deployments.deployment.rest;

import java.net.URI;
import java.util.UUID;

import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.sse.OutboundSseEvent;
import jakarta.ws.rs.sse.Sse;

import org.eclipse.microprofile.openapi.annotations.tags.Tag;
import org.jboss.resteasy.reactive.server.Cancellable;

import dev.agora.common.auth.CurrentUser;
import dev.agora.common.paging.Page;
import dev.agora.common.paging.PageRequest;
import dev.agora.common.problem.ProblemException;
import dev.agora.deployments.access.Caller;
import dev.agora.deployments.deployment.model.CreateDeploymentRequest;
import dev.agora.deployments.deployment.model.DeploymentView;
import dev.agora.deployments.deployment.repository.LogLine;
import dev.agora.deployments.deployment.service.DeploymentLogService;
import dev.agora.deployments.deployment.service.DeploymentService;
import dev.agora.deployments.deployment.service.DeploymentStatsService;
import io.quarkus.security.Authenticated;
import io.smallrye.common.annotation.Blocking;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;

@Path("/api/deployments")
@Cancellable(false)
@Authenticated
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.APPLICATION_JSON)
@Tag(name = "deployments")
public class DeploymentResource {
    private final DeploymentService deployments;
    private final DeploymentStatsService stats;
    private final DeploymentLogService logs;
    private final CurrentUser user;

    public DeploymentResource(DeploymentService deployments, DeploymentStatsService stats, DeploymentLogService logs,
            CurrentUser user) {
        this.deployments = deployments;
        this.stats = stats;
        this.logs = logs;
        this.user = user;
    }

    @POST
    public Uni<Response> create(CreateDeploymentRequest body) {
        return deployments.create(caller(), body)
                .map(d -> Response.created(URI.create("/api/deployments/" + d.id())).entity(d).build());
    }

    /** One agent's deployments (agentId), or those of the agents I own; optionally by status; newest first. */
    @GET
    public Uni<Page<DeploymentView>> list(@QueryParam("agentId") String agentId, @QueryParam("status") String status,
            @QueryParam("limit") String limit, @QueryParam("cursor") String cursor) {
        return deployments.list(caller(), uuid(agentId, "agentId"), blankToNull(status), limit, cursor);
    }

    @GET
    @Path("stats")
    public Uni<DeploymentStatsService.AgentStats> stats(@QueryParam("agentId") String agentId) {
        return stats.stats(caller(), uuid(agentId, "agentId"));
    }

    /** The deployment a driver job belongs to (the job id is in every deployment from its start). */
    @GET
    @Path("jobs/{jobId}")
    public Uni<DeploymentView> job(@PathParam("jobId") String jobId) {
        return deployments.getByJob(caller(), jobId);
    }

    @GET
    @Path("{id}")
    public Uni<DeploymentView> get(@PathParam("id") UUID id) {
        return deployments.get(caller(), id);
    }

    @POST
    @Path("{id}/cancel")
    @Consumes(MediaType.WILDCARD)
    public Uni<DeploymentView> cancel(@PathParam("id") UUID id) {
        return deployments.cancel(caller(), id);
    }

    @POST
    @Path("{id}/stop")
    @Consumes(MediaType.WILDCARD)
    public Uni<DeploymentView> stop(@PathParam("id") UUID id) {
        return deployments.stop(caller(), id);
    }

    /** The log after sequence number {@code after}; nextCursor is the {@code after} of the next page. */
    @GET
    @Path("{id}/logs")
    public Uni<Page<LogLine>> logs(@PathParam("id") UUID id, @QueryParam("after") String after,
            @QueryParam("limit") String limit) {
        long from = DeploymentLogService.parseSequence(after, "after");
        return logs.page(caller(), id, from, PageRequest.of(limit, null, 0).limit());
    }

    /**
     * The log as Server-Sent Events (event {@code log}, id = sequence number): from after {@code Last-Event-ID} (or
     * {@code ?after=}), then live until the deployment has ended.
     */
    @GET
    @Path("{id}/logs/stream")
    @Produces(MediaType.SERVER_SENT_EVENTS)
    @Blocking
    public Multi<OutboundSseEvent> stream(@PathParam("id") UUID id, @HeaderParam("Last-Event-ID") String lastEventId,
            @QueryParam("after") String after, @Context Sse sse) {
        long from = lastEventId != null && !lastEventId.isBlank()
                ? DeploymentLogService.parseSequence(lastEventId, "Last-Event-ID")
                : DeploymentLogService.parseSequence(after, "after");
        // authorized before the stream starts, so a stranger gets a plain 404 problem rather than a broken stream
        logs.authorize(caller(), id);
        return logs.follow(id, from).map(line -> sse.newEventBuilder()
                .id(Long.toString(line.sequence()))
                .name("log")
                .mediaType(MediaType.APPLICATION_JSON_TYPE)
                .data(LogLine.class, line)
                .build());
    }

    private Caller caller() {
        return Caller.of(user);
    }

    static UUID uuid(String value, String field) {
        if (value == null || value.isBlank()) {
            return null;
        }
        try {
            return UUID.fromString(value.strip());
        } catch (IllegalArgumentException e) {
            throw ProblemException.badRequest(field, "must be a UUID");
        }
    }

    private static String blankToNull(String value) {
        return value == null || value.isBlank() ? null : value.strip();
    }
}
