package dev.agora.local;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * The local stack's mailbox: the gateway writes each mail it sends as an {@code .eml} file into the stack's mail
 * folder ({@link Stack#mailDirectory()}), named so that the newest sorts last. Reads the one-time tokens of the
 * account mails, as a user would follow their links.
 */
public final class LocalMailbox {
    private static final Pattern VERIFY_EMAIL = Pattern.compile("/verify-email#token=([A-Za-z0-9_-]+)");
    private static final Pattern RESET_PASSWORD = Pattern.compile("/reset-password#token=([A-Za-z0-9_-]+)");

    private final Path directory;

    public LocalMailbox(Path directory) {
        this.directory = directory;
    }

    /** The token of the newest verification mail to this address, waiting up to {@code timeout} for one. */
    public String verificationToken(String to, Duration timeout) {
        return await(to, VERIFY_EMAIL, timeout);
    }

    /** The token of the newest password-reset mail to this address, waiting up to {@code timeout} for one. */
    public String passwordResetToken(String to, Duration timeout) {
        return await(to, RESET_PASSWORD, timeout);
    }

    /** How many mails went to this address. */
    public long countTo(String to) {
        return mails().stream().filter(mail -> isTo(mail, to)).count();
    }

    private String await(String to, Pattern link, Duration timeout) {
        Instant deadline = Instant.now().plus(timeout);
        while (true) {
            Optional<String> token = newestToken(to, link);
            if (token.isPresent()) {
                return token.get();
            }
            if (Instant.now().isAfter(deadline)) {
                throw new IllegalStateException("no such mail to " + to + " in " + directory + " after " + timeout);
            }
            try {
                Thread.sleep(100);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(e);
            }
        }
    }

    private Optional<String> newestToken(String to, Pattern link) {
        List<String> mails = mails();
        for (int i = mails.size() - 1; i >= 0; i--) {
            Matcher matcher = link.matcher(mails.get(i));
            if (isTo(mails.get(i), to) && matcher.find()) {
                return Optional.of(matcher.group(1));
            }
        }
        return Optional.empty();
    }

    private static boolean isTo(String mail, String to) {
        return mail.lines().anyMatch(line -> line.equalsIgnoreCase("To: " + to));
    }

    /** Every mail, oldest first. */
    private List<String> mails() {
        if (!Files.isDirectory(directory)) {
            return List.of();
        }
        try (Stream<Path> files = Files.list(directory)) {
            return files.filter(file -> file.getFileName().toString().endsWith(".eml")).sorted().map(LocalMailbox::read).toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static String read(Path file) {
        try {
            return Files.readString(file, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
