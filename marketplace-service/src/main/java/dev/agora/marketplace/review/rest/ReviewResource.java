package dev.agora.marketplace.review.rest;

import java.util.UUID;

import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;
import org.jboss.resteasy.reactive.server.Cancellable;

import dev.agora.common.auth.CurrentUser;
import dev.agora.common.problem.ProblemException;
import dev.agora.marketplace.review.model.ReviewView;
import dev.agora.marketplace.review.model.SubmitReviewRequest;
import dev.agora.marketplace.review.service.ReviewService;
import io.quarkus.security.Authenticated;
import io.smallrye.mutiny.Uni;

/** Writing reviews; reading them is public under {@code /api/marketplace/agents/{idOrSlug}/reviews}. */
@Path("/api/marketplace/reviews")
@Cancellable(false)
@Authenticated
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.APPLICATION_JSON)
@Tag(name = "reviews")
public class ReviewResource {
    private final ReviewService reviews;
    private final CurrentUser user;

    public ReviewResource(ReviewService reviews, CurrentUser user) {
        this.reviews = reviews;
        this.user = user;
    }

    @POST
    @Operation(summary = "Review a completed task I hired (once)")
    public Uni<Response> submit(SubmitReviewRequest request) {
        return reviews.submit(user.id(), request).map(review -> Response.status(Response.Status.CREATED).entity(review).build());
    }

    @POST
    @Path("{id}/reply")
    @Operation(summary = "Reply (once) to a review of my agent")
    public Uni<ReviewView> reply(@PathParam("id") UUID id, ReplyRequest request) {
        if (request == null) {
            throw ProblemException.badRequest("text", "is required");
        }
        return reviews.reply(user.id(), id, request.text());
    }
}
