package dev.agora.gateway.user.rest;

import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;

import org.eclipse.microprofile.openapi.annotations.tags.Tag;

import dev.agora.common.auth.CurrentUser;
import dev.agora.gateway.user.service.UserService;
import io.quarkus.security.Authenticated;
import io.smallrye.mutiny.Uni;

@Path("/api/users")
@Authenticated
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "users")
public class UserResource {
    private final UserService users;
    private final CurrentUser caller;

    public UserResource(UserService users, CurrentUser caller) {
        this.users = users;
        this.caller = caller;
    }

    @GET
    @Path("me")
    public Uni<UserProfile> me() {
        return users.get(caller.id()).map(UserProfile::of);
    }
}
