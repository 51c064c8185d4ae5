package dev.agora.marketplace.stream.rest;

import java.time.Duration;
import java.time.Instant;
import java.util.EnumSet;
import java.util.Set;
import java.util.UUID;

import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.sse.OutboundSseEvent;
import jakarta.ws.rs.sse.Sse;

import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;
import org.jboss.resteasy.reactive.server.Cancellable;

import dev.agora.common.auth.CurrentUser;
import dev.agora.common.problem.ProblemException;
import dev.agora.marketplace.stream.service.StreamMessage;
import dev.agora.marketplace.stream.service.StreamService;
import dev.agora.marketplace.stream.service.StreamTicketService;
import dev.agora.marketplace.stream.service.StreamTopic;
import io.quarkus.security.Authenticated;
import io.smallrye.common.annotation.Blocking;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;
import io.vertx.core.http.HttpServerResponse;

/** Live push (Server-Sent Events) of the caller's notifications, own agents, catalog and deployments. */
@Path("/api/marketplace/notifications")
@Cancellable(false)
@Tag(name = "notifications")
public class StreamResource {
    private static final Duration TICKET_CHECK_TIMEOUT = Duration.ofSeconds(10);

    private final StreamTicketService tickets;
    private final StreamService streams;
    private final CurrentUser user;

    public StreamResource(StreamTicketService tickets, StreamService streams, CurrentUser user) {
        this.tickets = tickets;
        this.streams = streams;
        this.user = user;
    }

    public record TicketView(String ticket, Instant expiresAt) {
    }

    @POST
    @Path("stream-ticket")
    @Authenticated
    @Produces(MediaType.APPLICATION_JSON)
    @Operation(summary = "A one-time ticket to open my live stream", description = "Valid once, for about a minute,"
            + " on any replica: GET /api/marketplace/notifications/stream?ticket=...")
    public Uni<TicketView> issueTicket() {
        return tickets.issue(user.id()).map(ticket -> new TicketView(ticket.ticket(), ticket.expiresAt()));
    }

    /**
     * Blocking on purpose: the ticket must be consumed before the response starts (an SSE response's headers go out
     * as soon as the stream is subscribed), so that a bad ticket answers a 401 problem, not an empty stream.
     */
    @GET
    @Path("stream")
    @Blocking
    @Produces(MediaType.SERVER_SENT_EVENTS)
    @Operation(summary = "My live stream (Server-Sent Events), opened with a stream ticket", description = "topics:"
            + " comma-separated notifications (default), agents, deployments. Events: ready, notification, agent,"
            + " catalog, deployment; comment lines as heartbeats.")
    public Multi<OutboundSseEvent> stream(@QueryParam("ticket") String ticket, @QueryParam("topics") String topics,
            @Context Sse sse, @Context HttpServerResponse response) {
        if (ticket == null || ticket.isBlank()) {
            throw ProblemException.unauthorized("a stream ticket is required (POST /api/marketplace/notifications/stream-ticket)");
        }
        Set<StreamTopic> wanted = topics(topics);
        UUID userId = tickets.consume(ticket.strip()).await().atMost(TICKET_CHECK_TIMEOUT);
        if (userId == null) {
            throw ProblemException.unauthorized("the stream ticket is unknown, expired or already used");
        }
        response.putHeader("Cache-Control", "no-cache");
        // nginx-based proxies and ingresses would otherwise buffer the stream
        response.putHeader("X-Accel-Buffering", "no");
        return streams.open(userId, wanted).map(message -> event(sse, message));
    }

    private static OutboundSseEvent event(Sse sse, StreamMessage message) {
        if (message.isHeartbeat()) {
            return sse.newEventBuilder().comment("heartbeat").build();
        }
        OutboundSseEvent.Builder event = sse.newEventBuilder().name(message.event())
                .mediaType(MediaType.TEXT_PLAIN_TYPE).data(String.class, message.json());
        if (message.id() != null) {
            event.id(message.id());
        }
        return event.build();
    }

    private static Set<StreamTopic> topics(String topics) {
        if (topics == null || topics.isBlank()) {
            return EnumSet.of(StreamTopic.NOTIFICATIONS);
        }
        Set<StreamTopic> wanted = EnumSet.noneOf(StreamTopic.class);
        for (String name : topics.split(",")) {
            wanted.add(StreamTopic.of(name.strip()).orElseThrow(() -> ProblemException.badRequest("topics",
                    "must be a comma-separated list of notifications, agents, deployments")));
        }
        return wanted;
    }
}
