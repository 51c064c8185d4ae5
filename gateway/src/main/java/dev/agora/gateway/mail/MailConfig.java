package dev.agora.gateway.mail;

import java.util.Optional;

import io.smallrye.config.ConfigMapping;

/** How mails leave: the SMTP server is configured with {@code quarkus.mailer.*} ({@code AGORA_SMTP_*}). */
@ConfigMapping(prefix = "agora.gateway.mail")
public interface MailConfig {
    /** When set, every mail is written to this folder as an {@code .eml} file instead of being sent. */
    Optional<String> directory();
}
