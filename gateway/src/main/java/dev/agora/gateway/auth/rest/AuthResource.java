package dev.agora.gateway.auth.rest;

import java.net.URI;

import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

import org.eclipse.microprofile.openapi.annotations.tags.Tag;

import dev.agora.gateway.auth.service.AuthService;
import io.smallrye.mutiny.Uni;

@Path("/auth")
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.APPLICATION_JSON)
@Tag(name = "auth")
public class AuthResource {
    private final AuthService auth;

    public AuthResource(AuthService auth) {
        this.auth = auth;
    }

    @POST
    @Path("register")
    public Uni<Response> register(@Valid @NotNull RegisterRequest body) {
        return auth.register(body)
                .map(user -> Response.created(URI.create("/api/users/me")).entity(RegisteredUser.of(user)).build());
    }

    @POST
    @Path("login")
    public Uni<TokenResponse> login(@Valid @NotNull LoginRequest body) {
        return auth.login(body);
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
}
