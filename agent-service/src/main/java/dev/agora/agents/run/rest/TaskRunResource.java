package dev.agora.agents.run.rest;

import java.util.UUID;

import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;

import org.eclipse.microprofile.openapi.annotations.tags.Tag;

import dev.agora.agents.agent.repository.AgentViewer;
import dev.agora.agents.run.model.TaskRunView;
import dev.agora.agents.run.service.TaskRunService;
import dev.agora.common.auth.CurrentUser;
import dev.agora.common.paging.Page;
import dev.agora.common.paging.PageRequest;
import org.jboss.resteasy.reactive.server.Cancellable;

import io.quarkus.security.Authenticated;
import io.smallrye.mutiny.Uni;

/** The hired work sent to an agent, for its owner: the runs, and the retry of one that was dead-lettered. */
@Path("/api/agents/{id}/runs")
@Cancellable(false)
@Authenticated
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "task runs")
public class TaskRunResource {
    private final TaskRunService runs;
    private final CurrentUser user;

    public TaskRunResource(TaskRunService runs, CurrentUser user) {
        this.runs = runs;
        this.user = user;
    }

    /** Newest first; {@code status} filters (queued, following, input_required, dead_lettered, ...). */
    @GET
    public Uni<Page<TaskRunView>> list(@PathParam("id") UUID agentId, @QueryParam("status") String status,
            @QueryParam("limit") String limit, @QueryParam("cursor") String cursor) {
        return runs.list(viewer(), agentId, status, PageRequest.of(limit, cursor, TaskRunService.CURSOR_PARTS));
    }

    @GET
    @Path("{taskId}")
    public Uni<TaskRunView> get(@PathParam("id") UUID agentId, @PathParam("taskId") UUID taskId) {
        return runs.get(viewer(), agentId, taskId);
    }

    /** Sends a dead-lettered run to the agent again. */
    @POST
    @Path("{taskId}/retry")
    @Consumes(MediaType.WILDCARD)
    public Uni<TaskRunView> retry(@PathParam("id") UUID agentId, @PathParam("taskId") UUID taskId) {
        return runs.retry(viewer(), agentId, taskId);
    }

    private AgentViewer viewer() {
        return AgentViewer.of(user.id(), user.isPlatformAdmin(), user.orgRoles());
    }
}
