package dev.agora.deployments.runtime.rest;

import java.net.URI;
import java.util.UUID;

import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

import org.eclipse.microprofile.openapi.annotations.tags.Tag;
import org.jboss.resteasy.reactive.RestResponse;
import org.jboss.resteasy.reactive.server.Cancellable;

import dev.agora.common.usage.UsageHeaders;
import dev.agora.deployments.runtime.model.RuntimeRequests;
import dev.agora.deployments.runtime.model.RuntimeViews;
import dev.agora.deployments.runtime.repository.Execution;
import dev.agora.deployments.runtime.service.RuntimeAuth;
import dev.agora.deployments.runtime.service.RuntimeReportService;
import dev.agora.deployments.runtime.service.RuntimeStatusService;
import io.smallrye.mutiny.Uni;

/**
 * Reports from deployed agents, authenticated with the agent's runtime token (not a user JWT). Every answer names the
 * agent (and a finishing execution its cost) in {@link UsageHeaders}, for the gateway's usage records.
 */
@Path("/api/runtime")
@Cancellable(false)
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.APPLICATION_JSON)
@Tag(name = "runtime")
public class RuntimeResource {
    private final RuntimeAuth auth;
    private final RuntimeStatusService status;
    private final RuntimeReportService reports;

    public RuntimeResource(RuntimeAuth auth, RuntimeStatusService status, RuntimeReportService reports) {
        this.auth = auth;
        this.status = status;
        this.reports = reports;
    }

    @POST
    @Path("heartbeat")
    public Uni<RestResponse<RuntimeStatusService.RuntimeView>> heartbeat(
            @HeaderParam(HttpHeaders.AUTHORIZATION) String authorization, RuntimeRequests.Heartbeat body) {
        return auth.authenticate(authorization).chain(agent -> reports.currentDeployment(agent.id)
                .chain(deploymentId -> status.heartbeat(agent, body == null ? null : body.status(), deploymentId))
                .map(view -> RestResponse.ResponseBuilder.ok(view).header(UsageHeaders.AGENT, agent.id).build()));
    }

    @POST
    @Path("executions")
    public Uni<Response> execution(@HeaderParam(HttpHeaders.AUTHORIZATION) String authorization,
            RuntimeRequests.ExecutionReport body) {
        return auth.authenticate(authorization).chain(agent -> reports.reportExecution(agent, body))
                .map(reported -> {
                    Execution execution = reported.execution();
                    Response.ResponseBuilder response = (reported.created()
                            ? Response.created(URI.create("/api/deployments/executions/" + execution.id))
                            : Response.ok())
                            .entity(RuntimeViews.ExecutionView.of(execution))
                            .header(UsageHeaders.AGENT, execution.agentId);
                    // an execution's cost is counted once, by the report that finishes it (a finished one takes no more)
                    if (RuntimeReportService.FINISHED.contains(execution.status) && execution.costUsd != null) {
                        response.header(UsageHeaders.COST_USD, execution.costUsd.toPlainString());
                    }
                    return response.build();
                });
    }

    @POST
    @Path("executions/{id}/thoughts")
    public Uni<Response> thought(@HeaderParam(HttpHeaders.AUTHORIZATION) String authorization,
            @PathParam("id") UUID executionId, RuntimeRequests.ThoughtReport body) {
        return auth.authenticate(authorization).chain(agent -> reports.reportThought(agent, executionId, body)
                .map(t -> Response.status(Response.Status.CREATED).header(UsageHeaders.AGENT, agent.id)
                        .entity(new RuntimeViews.ThoughtNode(t.id, t.nodeId, t.nodeType, t.parentNodeId, t.content,
                                t.confidence, t.processingTimeMs, t.metadata, t.createdAt, java.util.List.of()))
                        .build()));
    }

    @POST
    @Path("metrics")
    public Uni<Response> metric(@HeaderParam(HttpHeaders.AUTHORIZATION) String authorization,
            RuntimeRequests.MetricReport body) {
        return auth.authenticate(authorization).chain(agent -> reports.reportMetric(agent, body)
                .map(ignored -> Response.status(Response.Status.CREATED).header(UsageHeaders.AGENT, agent.id).build()));
    }
}
