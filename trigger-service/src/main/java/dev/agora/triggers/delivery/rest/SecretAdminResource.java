package dev.agora.triggers.delivery.rest;

import jakarta.ws.rs.Path;

import org.eclipse.microprofile.openapi.annotations.tags.Tag;
import org.jboss.resteasy.reactive.server.Cancellable;

import dev.agora.common.auth.CurrentUser;
import dev.agora.common.crypto.RotateSecretsResource;
import dev.agora.triggers.delivery.service.SecretRotation;

/** Platform administration of the secrets of triggers, their actions and jobs (JWT group {@code admin}). */
@Path("/api/triggers/admin")
@Cancellable(false)
@Tag(name = "admin")
public class SecretAdminResource extends RotateSecretsResource {

    public SecretAdminResource(SecretRotation rotation, CurrentUser user) {
        super(rotation::rotate, user);
    }
}
