package dev.agora.deployments.runtime.rest;

import java.util.UUID;

import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;

import org.eclipse.microprofile.openapi.annotations.tags.Tag;
import org.jboss.resteasy.reactive.server.Cancellable;

import dev.agora.common.auth.CurrentUser;
import dev.agora.common.paging.Page;
import dev.agora.common.problem.ProblemException;
import dev.agora.deployments.access.Caller;
import dev.agora.deployments.runtime.model.RuntimeViews;
import dev.agora.deployments.runtime.service.RuntimeReadService;
import io.quarkus.security.Authenticated;
import io.smallrye.mutiny.Uni;

/** What the owners (and readers) of an agent see of its runs: executions, their thought trees, metrics. */
@Path("/api/deployments")
@Cancellable(false)
@Authenticated
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "runtime")
public class RuntimeReadResource {
    private final RuntimeReadService reads;
    private final CurrentUser user;

    public RuntimeReadResource(RuntimeReadService reads, CurrentUser user) {
        this.reads = reads;
        this.user = user;
    }

    @GET
    @Path("executions")
    public Uni<Page<RuntimeViews.ExecutionView>> executions(@QueryParam("agentId") String agentId,
            @QueryParam("status") String status, @QueryParam("taskId") String taskId, @QueryParam("limit") String limit,
            @QueryParam("cursor") String cursor) {
        return reads.executions(caller(), uuid("agentId", agentId),
                status == null || status.isBlank() ? null : status.strip(), uuid("taskId", taskId), limit, cursor);
    }

    @GET
    @Path("executions/{id}")
    public Uni<RuntimeViews.ExecutionView> execution(@PathParam("id") UUID id) {
        return reads.execution(caller(), id);
    }

    @GET
    @Path("executions/{id}/thoughts")
    public Uni<RuntimeViews.ThoughtTree> thoughts(@PathParam("id") UUID id) {
        return reads.thoughts(caller(), id);
    }

    /** Time-bucketed: from (default to − 24h), to (default now), bucket an ISO-8601 duration (default PT1H). */
    @GET
    @Path("metrics")
    public Uni<RuntimeViews.MetricSeries> metrics(@QueryParam("agentId") String agentId, @QueryParam("type") String type,
            @QueryParam("from") String from, @QueryParam("to") String to, @QueryParam("bucket") String bucket) {
        return reads.metrics(caller(), uuid("agentId", agentId), type == null || type.isBlank() ? null : type.strip(), from, to,
                bucket);
    }

    private Caller caller() {
        return Caller.of(user);
    }

    private static UUID uuid(String field, String value) {
        if (value == null || value.isBlank()) {
            return null;
        }
        try {
            return UUID.fromString(value.strip());
        } catch (IllegalArgumentException e) {
            throw ProblemException.badRequest(field, "must be a UUID");
        }
    }
}
