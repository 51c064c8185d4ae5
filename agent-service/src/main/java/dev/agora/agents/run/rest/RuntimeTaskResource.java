package dev.agora.agents.run.rest;

import java.time.Instant;
import java.util.List;
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
import jakarta.ws.rs.core.UriInfo;

import org.eclipse.microprofile.openapi.annotations.tags.Tag;
import org.jboss.resteasy.reactive.RestResponse;
import org.jboss.resteasy.reactive.server.Cancellable;
import org.jboss.resteasy.reactive.server.ServerExceptionMapper;

import dev.agora.agents.agent.repository.Agent;
import dev.agora.agents.run.a2a.PushNotifications;
import dev.agora.agents.run.http.StatusReports;
import dev.agora.agents.run.model.ClaimedTaskView;
import dev.agora.agents.run.model.RuntimeTaskRequests;
import dev.agora.agents.run.service.RunHeldException;
import dev.agora.agents.run.service.RuntimeTaskService;
import dev.agora.common.problem.Problem;
import dev.agora.common.problem.ProblemException;
import dev.agora.common.usage.UsageHeaders;
import io.smallrye.mutiny.Uni;

/**
 * Hired work pulled by deployed agents, authenticated with the agent's access token or its current deployment's
 * runtime token (not a user JWT): claim the next task (long poll), keep it with heartbeats, report steps, ask the
 * hirer, and finish it. Also the callbacks of agents the platform calls, authenticated by the task's callback token:
 * an api agent's status webhook and an A2A agent's push notifications. Every answer names the agent for the gateway's
 * usage records.
 */
@Path("/api/runtime/tasks")
@Cancellable(false)
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.APPLICATION_JSON)
@Tag(name = "runtime tasks")
public class RuntimeTaskResource {
    static final String NOTIFICATION_TOKEN = "X-A2A-Notification-Token";
    static final long MAX_NOTIFICATION_BYTES = 64 * 1024;

    private final RuntimeTaskService tasks;
    private final StatusReports statusReports;
    private final PushNotifications notifications;

    public RuntimeTaskResource(RuntimeTaskService tasks, StatusReports statusReports, PushNotifications notifications) {
        this.tasks = tasks;
        this.statusReports = statusReports;
        this.notifications = notifications;
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

    /**
     * An api agent's status report, {@code Authorization: Bearer} the task's callback token (its
     * {@code X-Agora-Callback-Token}) or the agent's access token; the body is what its status URL would answer,
     * {@code {status, message?, result?, error?}}. 202 once recorded; 200 for the outcome of a finished task reported
     * again; 409 for another status of a finished task; 503 with {@code Retry-After} while a worker's call holds the
     * task.
     */
    @POST
    @Path("{taskId}/status")
    @Consumes(MediaType.WILDCARD)
    public Uni<RestResponse<Void>> status(@HeaderParam(HttpHeaders.AUTHORIZATION) String authorization,
            @PathParam("taskId") UUID taskId, String body) {
        return statusReports.authenticate(taskId, authorization)
                .chain(reporter -> statusReports.report(reporter, taskId, body))
                .map(outcome -> outcome.repeated() ? ok(outcome.agentId()) : accepted(outcome.agentId()));
    }

    /**
     * An A2A push notification about the task: {@code X-A2A-Notification-Token} is checked, the body (any, at most
     * {@value #MAX_NOTIFICATION_BYTES} bytes) is not read, and the task is asked with {@code tasks/get} at once. 202,
     * also for a finished task.
     */
    @POST
    @Path("{taskId}/a2a-notifications")
    @Consumes(MediaType.WILDCARD)
    public Uni<RestResponse<Void>> a2aNotification(@HeaderParam(NOTIFICATION_TOKEN) String token,
            @HeaderParam(HttpHeaders.CONTENT_LENGTH) Long length, @PathParam("taskId") UUID taskId) {
        if (length != null && length > MAX_NOTIFICATION_BYTES) {
            throw new ProblemException(413, "Content Too Large", "a notification has at most " + MAX_NOTIFICATION_BYTES
                    + " bytes", List.of());
        }
        return notifications.notified(taskId, token).map(RuntimeTaskResource::accepted);
    }

    @ServerExceptionMapper
    public RestResponse<Problem> held(RunHeldException e, UriInfo uri) {
        return RestResponse.ResponseBuilder.create(RestResponse.Status.SERVICE_UNAVAILABLE,
                Problem.of(e.status(), e.getMessage(), uri.getPath(), List.of()))
                .type(Problem.MEDIA_TYPE).header(HttpHeaders.RETRY_AFTER, RunHeldException.RETRY_AFTER_SECONDS).build();
    }

    /** A report of the authenticated agent: 202 once it is recorded. */
    private Uni<RestResponse<Void>> report(String authorization, Function<Agent, Uni<Void>> recorded) {
        return tasks.authenticate(authorization).chain(agent -> recorded.apply(agent).map(ignored -> accepted(agent)));
    }

    private static <T> RestResponse<T> ok(Agent agent, T body) {
        return RestResponse.ResponseBuilder.ok(body).header(UsageHeaders.AGENT, agent.id).build();
    }

    private static RestResponse<Void> accepted(Agent agent) {
        return accepted(agent.id);
    }

    private static RestResponse<Void> accepted(UUID agentId) {
        return RestResponse.ResponseBuilder.<Void> accepted().header(UsageHeaders.AGENT, agentId).build();
    }

    private static RestResponse<Void> ok(UUID agentId) {
        return RestResponse.ResponseBuilder.<Void> ok().header(UsageHeaders.AGENT, agentId).build();
    }
}
