package dev.agora.gateway.mail;

import io.quarkus.mailer.Mail;
import io.quarkus.mailer.reactive.ReactiveMailer;
import io.smallrye.mutiny.Uni;

/** Sends through the Quarkus mailer: SMTP ({@code quarkus.mailer.*}), or its mock mailbox when {@code quarkus.mailer.mock}. */
final class QuarkusMailSender implements MailSender {
    private final ReactiveMailer mailer;

    QuarkusMailSender(ReactiveMailer mailer) {
        this.mailer = mailer;
    }

    @Override
    public Uni<Void> send(OutgoingMail mail) {
        return mailer.send(Mail.withText(mail.to(), mail.subject(), mail.text()));
    }
}
