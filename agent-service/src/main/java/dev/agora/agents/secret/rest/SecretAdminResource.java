package dev.agora.agents.secret.rest;

import jakarta.ws.rs.Path;

import org.eclipse.microprofile.openapi.annotations.tags.Tag;
import org.jboss.resteasy.reactive.server.Cancellable;

import dev.agora.agents.secret.service.SecretRotation;
import dev.agora.common.auth.CurrentUser;
import dev.agora.common.crypto.RotateSecretsResource;

/** Platform administration of the endpoint secrets of agents and templates (JWT group {@code admin}). */
@Path("/api/agents/admin")
@Cancellable(false)
@Tag(name = "admin")
public class SecretAdminResource extends RotateSecretsResource {

    public SecretAdminResource(SecretRotation rotation, CurrentUser user) {
        super(rotation::rotate, user);
    }
}
