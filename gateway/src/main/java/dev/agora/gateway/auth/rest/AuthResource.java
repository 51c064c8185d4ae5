package dev.agora.gateway.auth.rest;

import java.net.URI;

import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;

import org.eclipse.microprofile.openapi.annotations.tags.Tag;
import org.jboss.resteasy.reactive.server.Cancellable;
import org.jboss.resteasy.reactive.server.ServerExceptionMapper;

import dev.agora.common.problem.Problem;
import dev.agora.gateway.auth.model.LoginRequest;
import dev.agora.gateway.auth.model.TokenResponse;
import dev.agora.gateway.auth.service.AuthService;
import dev.agora.gateway.auth.service.ClientInfo;
import dev.agora.gateway.auth.service.LoginLockedException;
import dev.agora.gateway.proxy.ClientAddress;
import io.smallrye.mutiny.Uni;
import io.vertx.core.http.HttpServerRequest;

@Path("/auth")
@Cancellable(false)
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.APPLICATION_JSON)
@Tag(name = "auth")
public class AuthResource {
    private final AuthService auth;
    private final ClientAddress clientAddress;

    public AuthResource(AuthService auth, ClientAddress clientAddress) {
        this.auth = auth;
        this.clientAddress = clientAddress;
    }

    @POST
    @Path("register")
    public Uni<Response> register(@Valid @NotNull RegisterRequest body) {
        return auth.register(body.toAccount())
                .map(user -> Response.created(URI.create("/api/users/me")).entity(RegisteredUser.of(user)).build());
    }

    @POST
    @Path("login")
    public Uni<TokenResponse> login(@Valid @NotNull LoginRequest body, @Context HttpServerRequest request) {
        return auth.login(body, new ClientInfo(clientAddress.of(request), request.getHeader("User-Agent")));
    }

    @POST
    @Path("refresh")
    public Uni<TokenResponse> refresh(@Valid @NotNull RefreshRequest body) {
        return auth.refresh(body.refreshToken());
    }

    @POST
    @Path("logout")
    public Uni<Response> logout(@Valid @NotNull RefreshRequest body) {
        return auth.logout(body.refreshToken()).map(ignored -> Response.noContent().build());
    }

    @ServerExceptionMapper
    public Response locked(LoginLockedException locked, UriInfo uri) {
        return Response.status(429)
                .type(Problem.MEDIA_TYPE)
                .header("Retry-After", locked.retryAfterSeconds())
                .entity(Problem.of(429, locked.getMessage(), uri.getPath(), java.util.List.of()))
                .build();
    }
}
