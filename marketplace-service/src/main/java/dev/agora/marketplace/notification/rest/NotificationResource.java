package dev.agora.marketplace.notification.rest;

import java.util.Set;
import java.util.UUID;
import java.util.regex.Pattern;

import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;

import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;
import org.jboss.resteasy.reactive.RestResponse;
import org.jboss.resteasy.reactive.server.Cancellable;

import dev.agora.common.auth.CurrentUser;
import dev.agora.common.paging.Page;
import dev.agora.common.paging.PageRequest;
import dev.agora.common.problem.ProblemException;
import dev.agora.marketplace.notification.model.NotificationView;
import dev.agora.marketplace.notification.repository.NotificationFilter;
import dev.agora.marketplace.notification.service.NotificationPriority;
import dev.agora.marketplace.notification.service.NotificationService;
import io.quarkus.security.Authenticated;
import io.smallrye.mutiny.Uni;

/** The caller's own notifications. */
@Path("/api/marketplace/notifications")
@Cancellable(false)
@Authenticated
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "notifications")
public class NotificationResource {
    private static final Set<String> PRIORITIES = Set.of(NotificationPriority.LOW, NotificationPriority.MEDIUM,
            NotificationPriority.HIGH, NotificationPriority.CRITICAL);
    private static final Pattern TYPE = Pattern.compile("^[a-z0-9_]{1,100}$");

    private final NotificationService notifications;
    private final CurrentUser user;

    public NotificationResource(NotificationService notifications, CurrentUser user) {
        this.notifications = notifications;
        this.user = user;
    }

    public record UnreadCount(long unread) {
    }

    public record Marked(int marked) {
    }

    @GET
    @Operation(summary = "My notifications, unread first, then newest", description = "Expired ones are hidden."
            + " unread=true lists only unread ones (false: only read ones); priority and type filter further.")
    public Uni<Page<NotificationView>> list(@QueryParam("unread") String unread, @QueryParam("priority") String priority,
            @QueryParam("type") String type, @QueryParam("limit") String limit, @QueryParam("cursor") String cursor) {
        NotificationFilter filter = new NotificationFilter(readFilter(unread), priority(priority), type(type));
        PageRequest page = PageRequest.of(limit, cursor, NotificationService.CURSOR_PARTS);
        return notifications.list(user.id(), filter, page);
    }

    @GET
    @Path("unread-count")
    @Operation(summary = "How many of my notifications are unread (expired ones not counted)")
    public Uni<UnreadCount> unreadCount() {
        return notifications.unreadCount(user.id()).map(UnreadCount::new);
    }

    @POST
    @Path("{id}/read")
    @Operation(summary = "Mark one of my notifications read")
    public Uni<NotificationView> markRead(@PathParam("id") String id) {
        return notifications.markRead(user.id(), id(id));
    }

    @POST
    @Path("read-all")
    @Operation(summary = "Mark all my unread notifications read")
    public Uni<Marked> markAllRead() {
        return notifications.markAllRead(user.id()).map(Marked::new);
    }

    @DELETE
    @Path("{id}")
    @Operation(summary = "Delete one of my notifications")
    public Uni<RestResponse<Void>> delete(@PathParam("id") String id) {
        return notifications.delete(user.id(), id(id)).map(ignored -> RestResponse.noContent());
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

    private static String priority(String priority) {
        if (priority == null || priority.isBlank()) {
            return null;
        }
        if (!PRIORITIES.contains(priority.strip())) {
            throw ProblemException.badRequest("priority", "must be one of low, medium, high, critical");
        }
        return priority.strip();
    }

    private static String type(String type) {
        if (type == null || type.isBlank()) {
            return null;
        }
        if (!TYPE.matcher(type.strip()).matches()) {
            throw ProblemException.badRequest("type", "must be a notification type such as task_created");
        }
        return type.strip();
    }

    private static UUID id(String id) {
        try {
            return UUID.fromString(id);
        } catch (IllegalArgumentException e) {
            throw ProblemException.badRequest("id", "must be a UUID");
        }
    }
}
