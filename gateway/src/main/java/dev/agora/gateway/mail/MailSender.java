package dev.agora.gateway.mail;

import io.smallrye.mutiny.Uni;

/**
 * Hands a mail over for delivery: to the SMTP server (the Quarkus mailer; its mock mailbox in tests), or, where
 * {@code agora.gateway.mail.directory} is set (the local stack), to a folder of {@code .eml} files.
 */
public interface MailSender {
    Uni<Void> send(OutgoingMail mail);
}
