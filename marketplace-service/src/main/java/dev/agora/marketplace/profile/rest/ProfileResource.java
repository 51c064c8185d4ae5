package dev.agora.marketplace.profile.rest;

import jakarta.annotation.security.PermitAll;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;

import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;
import org.jboss.resteasy.reactive.server.Cancellable;

import dev.agora.common.auth.CurrentUser;
import dev.agora.marketplace.profile.model.ProfileView;
import dev.agora.marketplace.profile.model.UpdateProfileRequest;
import dev.agora.marketplace.profile.service.ProfileService;
import io.quarkus.security.Authenticated;
import io.smallrye.mutiny.Uni;

/** Marketplace profiles: mine (with my email) and anyone's public view. */
@Path("/api/marketplace/profiles")
@Cancellable(false)
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "profiles")
public class ProfileResource {
    private final ProfileService profiles;
    private final CurrentUser user;

    public ProfileResource(ProfileService profiles, CurrentUser user) {
        this.profiles = profiles;
        this.user = user;
    }

    @GET
    @Path("me")
    @Authenticated
    @Operation(summary = "My profile, with my email")
    public Uni<ProfileView> mine() {
        return profiles.mine(user.id(), user.email());
    }

    @PUT
    @Path("me")
    @Authenticated
    @Consumes(MediaType.APPLICATION_JSON)
    @Operation(summary = "Set my username, bio, avatar and wallet (validated per chain)")
    public Uni<ProfileView> update(UpdateProfileRequest request) {
        return profiles.update(user.id(), user.email(), request);
    }

    @GET
    @Path("{idOrUsername}")
    @PermitAll
    @Operation(summary = "Anyone's public profile (no email)")
    public Uni<ProfileView> get(@PathParam("idOrUsername") String idOrUsername) {
        return profiles.publicProfile(idOrUsername);
    }
}
