package dev.agora.gateway.verification.rest;

import io.quarkus.runtime.annotations.RegisterForReflection;

/** The answer to a request for a mail (202): it is on its way, or, for a password reset, it is if the account exists. */
@RegisterForReflection
public record MailRequested(String message) {
}
