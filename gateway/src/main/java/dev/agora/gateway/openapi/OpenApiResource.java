package dev.agora.gateway.openapi;

import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;

import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;
import org.jboss.resteasy.reactive.server.Cancellable;

import com.fasterxml.jackson.databind.node.ObjectNode;

import io.smallrye.mutiny.Uni;

/** The platform's merged OpenAPI document: the gateway's and every service's API, on the main port. */
@Path("/openapi")
@Cancellable(false)
@Tag(name = "openapi")
public class OpenApiResource {
    private final MergedOpenApi merged;

    public OpenApiResource(MergedOpenApi merged) {
        this.merged = merged;
    }

    @GET
    @Produces(MediaType.APPLICATION_JSON)
    @Operation(summary = "The gateway's and every service's API in one OpenAPI document")
    public Uni<ObjectNode> get() {
        return Uni.createFrom().completionStage(merged.document());
    }
}
