package dev.agora.marketplace.notification.rest;

import java.util.UUID;

import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;

import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

import dev.agora.common.auth.CurrentUser;
import dev.agora.common.paging.Page;
import dev.agora.common.paging.PageRequest;
import dev.agora.common.problem.ProblemException;
import dev.agora.marketplace.notification.service.NotificationService;
import io.quarkus.security.Authenticated;
import io.smallrye.mutiny.Uni;

/** The caller's own notifications. */
@Path("/api/marketplace/notifications")
@Authenticated
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "notifications")
public class NotificationResource {
    private final NotificationService notifications;
    private final CurrentUser user;

    public NotificationResource(NotificationService notifications, CurrentUser user) {
        this.notifications = notifications;
        this.user = user;
    }

    @GET
    @Operation(summary = "My notifications, unread first, then newest", description = "Expired ones are hidden; unread=true lists only unread ones.")
    public Uni<Page<NotificationView>> list(@QueryParam("unread") String unread, @QueryParam("limit") String limit,
            @QueryParam("cursor") String cursor) {
        Boolean readFilter = readFilter(unread);
        return notifications.list(user.id(), readFilter,
                PageRequest.of(limit, cursor, NotificationService.CURSOR_PARTS));
    }

    @POST
    @Path("{id}/read")
    @Operation(summary = "Mark one of my notifications read")
    public Uni<NotificationView> markRead(@PathParam("id") UUID id) {
        return notifications.markRead(user.id(), id);
    }

    /** {@code unread=true} → unread only, {@code unread=false} → read only, absent → all. */
    private static Boolean readFilter(String unread) {
        if (unread == null || unread.isBlank()) {
            return null;
        }
        return switch (unread.strip()) {
            case "true" -> Boolean.FALSE;
            case "false" -> Boolean.TRUE;
            default -> throw ProblemException.badRequest("unread", "must be true or false");
        };
    }
}
