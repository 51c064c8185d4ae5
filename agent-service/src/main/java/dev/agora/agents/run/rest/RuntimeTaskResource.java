package dev.agora.agents.run.rest;

import java.time.Instant;
import java.util.Map;
import java.util.UUID;
import java.util.function.Function;

import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;

import org.eclipse.microprofile.openapi.annotations.tags.Tag;
import org.jboss.resteasy.reactive.RestResponse;
import org.jboss.resteasy.reactive.server.Cancellable;

import dev.agora.agents.agent.repository.Agent;
import dev.agora.agents.run.service.RuntimeTaskService;
import dev.agora.common.usage.UsageHeaders;
import io.smallrye.mutiny.Uni;

/**
 * Hired work pulled by deployed agents, authenticated with the agent's access token or its current deployment's
 * runtime token (not a user JWT): claim the next task (long poll), keep it with heartbeats, report steps, ask the
 * hirer, and finish it. Every answer names the agent for the gateway's usage records.
 */
@Path("/api/runtime/tasks")
@Cancellable(false)
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.APPLICATION_JSON)
@Tag(name = "runtime tasks")
public class RuntimeTaskResource {
    private final RuntimeTaskService tasks;

    public RuntimeTaskResource(RuntimeTaskService tasks) {
        this.tasks = tasks;
    }

    /** The next task under a lease; waits up to {@code wait} seconds (0 to 30) for one, then answers 204. */
    @POST
    @Path("claim")
    @Consumes(MediaType.WILDCARD)
    public Uni<RestResponse<ClaimedTaskView>> claim(@HeaderParam(HttpHeaders.AUTHORIZATION) String authorization,
            @QueryParam("wait") Integer wait) {
        return tasks.authenticate(authorization).chain(agent -> tasks.claim(agent, wait)
                .map(claimed -> claimed == null
                        ? RestResponse.ResponseBuilder.<ClaimedTaskView> noContent().header(UsageHeaders.AGENT, agent.id).build()
                        : ok(agent, claimed)));
    }

    /** Keeps the lease: answers when it now lapses. */
    @POST
    @Path("{taskId}/heartbeat")
    public Uni<RestResponse<Map<String, Instant>>> heartbeat(@HeaderParam(HttpHeaders.AUTHORIZATION) String authorization,
            @PathParam("taskId") UUID taskId, RuntimeTaskRequests.Lease body) {
        return tasks.authenticate(authorization).chain(agent -> tasks.heartbeat(agent, taskId, body)
                .map(until -> ok(agent, Map.of("leaseExpiresAt", until))));
    }

    /** A step: a status, a thought or partial output; keeps the lease. */
    @POST
    @Path("{taskId}/progress")
    public Uni<RestResponse<Void>> progress(@HeaderParam(HttpHeaders.AUTHORIZATION) String authorization,
            @PathParam("taskId") UUID taskId, RuntimeTaskRequests.Progress body) {
        return report(authorization, agent -> tasks.progress(agent, taskId, body));
    }

    /** A question for the hirer: the lease ends; the task is claimable again, with the answer, once they reply. */
    @POST
    @Path("{taskId}/input-required")
    public Uni<RestResponse<Void>> ask(@HeaderParam(HttpHeaders.AUTHORIZATION) String authorization,
            @PathParam("taskId") UUID taskId, RuntimeTaskRequests.Question body) {
        return report(authorization, agent -> tasks.ask(agent, taskId, body));
    }

    @POST
    @Path("{taskId}/result")
    public Uni<RestResponse<Void>> result(@HeaderParam(HttpHeaders.AUTHORIZATION) String authorization,
            @PathParam("taskId") UUID taskId, RuntimeTaskRequests.Result body) {
        return report(authorization, agent -> tasks.complete(agent, taskId, body));
    }

    @POST
    @Path("{taskId}/fail")
    public Uni<RestResponse<Void>> fail(@HeaderParam(HttpHeaders.AUTHORIZATION) String authorization,
            @PathParam("taskId") UUID taskId, RuntimeTaskRequests.Failure body) {
        return report(authorization, agent -> tasks.fail(agent, taskId, body));
    }

    /** A report of the authenticated agent: 202 once it is recorded. */
    private Uni<RestResponse<Void>> report(String authorization, Function<Agent, Uni<Void>> recorded) {
        return tasks.authenticate(authorization).chain(agent -> recorded.apply(agent).map(ignored -> accepted(agent)));
    }

    private static <T> RestResponse<T> ok(Agent agent, T body) {
        return RestResponse.ResponseBuilder.ok(body).header(UsageHeaders.AGENT, agent.id).build();
    }

    private static RestResponse<Void> accepted(Agent agent) {
        return RestResponse.ResponseBuilder.<Void> accepted().header(UsageHeaders.AGENT, agent.id).build();
    }
}
