package dev.agora.gateway.mail;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicLong;

import org.jboss.logging.Logger;

import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.core.Vertx;

/**
 * Writes each mail as an RFC 5322 {@code .eml} file into a folder, for a developer to read instead of an inbox.
 * File names start with the time they were written, so listing the folder puts the newest last; a file appears
 * whole (written aside, then moved in). Lines end with LF only, so {@code grep}/{@code cut} read them cleanly.
 */
final class DirectoryMailSender implements MailSender {
    private static final Logger LOG = Logger.getLogger(DirectoryMailSender.class);
    private static final DateTimeFormatter FILE_TIME = DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss.SSS'Z'")
            .withZone(ZoneOffset.UTC);

    private final Path directory;
    private final String from;
    private final Vertx vertx;
    private final AtomicLong sequence = new AtomicLong();

    DirectoryMailSender(Path directory, String from, Vertx vertx) {
        this.directory = directory;
        this.from = from;
        this.vertx = vertx;
    }

    @Override
    public Uni<Void> send(OutgoingMail mail) {
        return vertx.<Void> executeBlocking(() -> {
            write(mail);
            return null;
        }, false);
    }

    private void write(OutgoingMail mail) {
        Instant now = Instant.now();
        String name = FILE_TIME.format(now) + "-" + String.format("%06d", sequence.incrementAndGet() % 1_000_000) + ".eml";
        String message = "From: " + from + "\n"
                + "To: " + mail.to() + "\n"
                + "Subject: " + mail.subject() + "\n"
                + "Date: " + DateTimeFormatter.RFC_1123_DATE_TIME.format(now.atOffset(ZoneOffset.UTC)) + "\n"
                + "Message-ID: <" + UUID.randomUUID() + "@agora.local>\n"
                + "MIME-Version: 1.0\n"
                + "Content-Type: text/plain; charset=UTF-8\n"
                + "Content-Transfer-Encoding: 8bit\n"
                + "\n"
                + mail.text();
        try {
            Files.createDirectories(directory);
            Path partial = directory.resolve("." + name + ".partial");
            Files.writeString(partial, message, StandardCharsets.UTF_8);
            Files.move(partial, directory.resolve(name), StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        LOG.infof("Mail \"%s\" to %s written to %s", mail.subject(), mail.to(), directory.resolve(name));
    }
}
