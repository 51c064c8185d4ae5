package dev.agora.common.crypto;

import java.util.function.Supplier;

import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;

import org.eclipse.microprofile.openapi.annotations.Operation;

import dev.agora.common.auth.CurrentUser;
import io.quarkus.security.Authenticated;
import io.smallrye.mutiny.Uni;

/**
 * {@code POST <service admin path>/rotate-secrets}, the same for every service that stores secrets: platform admins
 * only (401 without a token, 403 for anyone else). A subclass gives the path and the rotation of its own tables.
 */
@Authenticated
public abstract class RotateSecretsResource {
    private final Supplier<Uni<SecretRotationSummary>> rotation;
    private final CurrentUser user;

    protected RotateSecretsResource(Supplier<Uni<SecretRotationSummary>> rotation, CurrentUser user) {
        this.rotation = rotation;
        this.user = user;
    }

    @POST
    @Path("rotate-secrets")
    @Produces(MediaType.APPLICATION_JSON)
    @Operation(summary = "Seal every stored secret again under the service's current secret key (platform admins)",
            description = "Values sealed with a key of previous-secret-keys, and legacy enc:v1: values (which gain their"
                    + " place), are sealed again with secret-key. Safe to run twice and while the service serves; once"
                    + " unreadableValues is 0, the previous keys can be removed.")
    public Uni<SecretRotationSummary> rotateSecrets() {
        user.requirePlatformAdmin("only platform admins rotate secrets");
        return rotation.get();
    }
}
