package dev.agora.marketplace.message.rest;

import java.util.Map;
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

import dev.agora.common.auth.CurrentUser;
import dev.agora.common.paging.Page;
import dev.agora.common.paging.PageRequest;
import dev.agora.marketplace.message.model.MessageView;
import dev.agora.marketplace.message.model.SendMessageRequest;
import dev.agora.marketplace.message.service.MessageService;
import io.quarkus.security.Authenticated;
import io.smallrye.mutiny.Uni;

/** Messages between a task's hirer and the agent's owner: one thread per task. */
@Path("/api/marketplace/messages")
@Cancellable(false)
@Authenticated
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "messages")
public class MessageResource {
    private final MessageService messages;
    private final CurrentUser user;

    public MessageResource(MessageService messages, CurrentUser user) {
        this.messages = messages;
        this.user = user;
    }

    @POST
    @Consumes(MediaType.APPLICATION_JSON)
    @Operation(summary = "Send a message in a task's thread (its hirer or the agent's owner)")
    public Uni<Response> send(SendMessageRequest request) {
        return messages.send(user.id(), request).map(m -> Response.status(Response.Status.CREATED).entity(m).build());
    }

    @GET
    @Path("threads/{taskId}")
    @Operation(summary = "A task's thread, oldest first")
    public Uni<Page<MessageView>> thread(@PathParam("taskId") UUID taskId, @QueryParam("limit") String limit,
            @QueryParam("cursor") String cursor) {
        return messages.thread(user.id(), taskId, PageRequest.of(limit, cursor, MessageService.CURSOR_PARTS));
    }

    @POST
    @Path("threads/{taskId}/read")
    @Operation(summary = "Mark the thread's messages to me read")
    public Uni<Map<String, Integer>> markRead(@PathParam("taskId") UUID taskId) {
        return messages.markThreadRead(user.id(), taskId).map(count -> Map.of("marked", count));
    }

    @GET
    @Path("unread-count")
    @Operation(summary = "How many messages to me are unread")
    public Uni<Map<String, Long>> unreadCount() {
        return messages.unreadCount(user.id()).map(count -> Map.of("unread", count));
    }
}
