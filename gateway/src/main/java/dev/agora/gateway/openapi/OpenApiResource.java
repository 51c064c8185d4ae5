package dev.agora.gateway.openapi;

import java.net.URI;

import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;

import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;
import org.jboss.resteasy.reactive.server.Cancellable;

import com.fasterxml.jackson.databind.node.ObjectNode;

import io.smallrye.mutiny.Uni;
import io.vertx.core.http.HttpServerRequest;

/** The platform's merged OpenAPI document (Swagger UI: {@code /q/swagger-ui}, "Agora API"). */
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
    public Uni<ObjectNode> get(@Context HttpServerRequest request) {
        // the gateway's own document, from the address this request reached
        URI self = URI.create((request.isSSL() ? "https" : "http") + "://127.0.0.1:" + request.localAddress().port());
        return Uni.createFrom().completionStage(merged.document(self));
    }
}
