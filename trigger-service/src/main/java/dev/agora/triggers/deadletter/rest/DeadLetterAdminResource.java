package dev.agora.triggers.deadletter.rest;

import jakarta.ws.rs.Path;

import org.eclipse.microprofile.openapi.annotations.tags.Tag;
import org.jboss.resteasy.reactive.server.Cancellable;

import dev.agora.common.auth.CurrentUser;
import dev.agora.common.deadletter.DeadLetters;
import dev.agora.common.deadletter.DeadLettersResource;

/** The events trigger-service's consumers gave up on, for platform admins to read and replay. */
@Path("/api/triggers/admin")
@Cancellable(false)
@Tag(name = "admin")
public class DeadLetterAdminResource extends DeadLettersResource {

    public DeadLetterAdminResource(DeadLetters deadLetters, CurrentUser user) {
        super(deadLetters, user);
    }
}
