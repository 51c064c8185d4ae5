package dev.agora.gateway.mail;

/** A plain-text mail to one recipient. */
public record OutgoingMail(String to, String subject, String text) {
}
