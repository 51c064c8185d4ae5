package dev.agora.gateway.mail;

import java.nio.file.Path;

import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;

import org.eclipse.microprofile.config.inject.ConfigProperty;

import io.quarkus.mailer.reactive.ReactiveMailer;
import io.vertx.mutiny.core.Vertx;

/** Picks how mails leave, once, at start-up: a folder when {@code agora.gateway.mail.directory} is set, else SMTP. */
@Singleton
public class MailSenders {

    @Produces
    @Singleton
    MailSender mailSender(MailConfig config, ReactiveMailer mailer, Vertx vertx,
            @ConfigProperty(name = "quarkus.mailer.from") String from) {
        return config.directory().filter(folder -> !folder.isBlank())
                .<MailSender> map(folder -> new DirectoryMailSender(Path.of(folder).toAbsolutePath(), from, vertx))
                .orElseGet(() -> new QuarkusMailSender(mailer));
    }
}
