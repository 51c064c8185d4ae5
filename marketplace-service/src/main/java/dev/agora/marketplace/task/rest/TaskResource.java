package dev.agora.marketplace.task.rest;

import java.util.UUID;

import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;
import org.jboss.resteasy.reactive.server.Cancellable;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;

import dev.agora.common.auth.CurrentUser;
import dev.agora.common.paging.Page;
import dev.agora.common.paging.PageRequest;
import dev.agora.common.problem.ProblemException;
import dev.agora.marketplace.task.model.CreateTaskRequest;
import dev.agora.marketplace.task.model.TaskDetailView;
import dev.agora.marketplace.task.model.TaskView;
import dev.agora.marketplace.task.service.TaskRules;
import dev.agora.marketplace.task.service.TaskService;
import io.quarkus.security.Authenticated;
import io.smallrye.mutiny.Uni;

/** Hiring agents: tasks between a hirer and the agent's owner. */
@Path("/api/marketplace/tasks")
@Cancellable(false)
@Authenticated
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "tasks")
public class TaskResource {
    private final TaskService tasks;
    private final CurrentUser user;
    private final ObjectMapper mapper;

    public TaskResource(TaskService tasks, CurrentUser user, ObjectMapper mapper) {
        this.tasks = tasks;
        this.user = user;
        this.mapper = mapper;
    }

    @POST
    @Consumes(MediaType.APPLICATION_JSON)
    @Operation(summary = "Hire a listed agent (not one's own)",
            description = "Needs a verified email address: otherwise 403 problem of type email-not-verified."
                    + " budget is in microALGO: a budget > 0 must be whole, needs paymentType fixed (else 400 naming"
                    + " paymentType) and is reserved from my balance into the task's escrow in the same transaction;"
                    + " too little → 409 problem of type insufficient-balance naming budget, nothing written."
                    + " Completion pays the escrow to the agent's owner minus the platform fee; fail and cancel"
                    + " refund it to me.")
    public Uni<Response> create(CreateTaskRequest request) {
        user.requireVerifiedEmail();
        return tasks.create(user.id(), request).map(task -> Response.status(Response.Status.CREATED).entity(task).build());
    }

    @GET
    @Operation(summary = "My tasks, newest first", description = "role=hirer (default): tasks I created; role=owner: tasks for my agents.")
    public Uni<Page<TaskView>> list(@QueryParam("role") String role, @QueryParam("status") String status,
            @QueryParam("limit") String limit, @QueryParam("cursor") String cursor) {
        boolean asOwner = switch (role == null || role.isBlank() ? "hirer" : role.strip()) {
            case "hirer" -> false;
            case "owner" -> true;
            default -> throw ProblemException.badRequest("role", "must be hirer or owner");
        };
        return tasks.list(user.id(), asOwner, status == null || status.isBlank() ? null : status.strip(),
                PageRequest.of(limit, cursor, TaskService.CURSOR_PARTS));
    }

    @GET
    @Path("{id}")
    @Operation(summary = "One of my tasks (as hirer or owner), with its run and its money",
            description = "Beside the listed fields: execution = {dispatchedAt, attempts, steps: [{kind, text, data,"
                    + " attempt, at}]} (the agent's run as agent-service reported it, oldest first, the latest 200"
                    + " steps) and payments = [{transactionId, kind escrow|release|fee|refund, from, to, amount, asset,"
                    + " status, at}] (the ledger's movements of the task). Anyone but the two parties: 404.")
    public Uni<TaskDetailView> get(@PathParam("id") UUID id) {
        return tasks.get(user.id(), id);
    }

    @POST
    @Path("{id}/{verb}")
    @Operation(summary = "Move a task: start, complete, fail (the owner) or cancel (the hirer)")
    @Consumes(MediaType.WILDCARD)
    public Uni<TaskView> transition(@PathParam("id") UUID id, @PathParam("verb") String verb, String body) {
        String transition = TaskRules.VERBS.get(verb);
        if (transition == null) {
            throw ProblemException.notFound("action " + verb);
        }
        return tasks.transition(user.id(), id, TaskRules.Transition.valueOf(transition), reason(body));
    }

    /** The body is optional (a bare POST is the usual call), so it is read here rather than by content type. */
    private String reason(String body) {
        if (body == null || body.isBlank()) {
            return null;
        }
        try {
            TransitionRequest request = mapper.readValue(body, TransitionRequest.class);
            return request == null ? null : request.reason();
        } catch (JsonProcessingException e) {
            throw ProblemException.badRequest("body", "must be a JSON object like {\"reason\": \"...\"}");
        }
    }
}
