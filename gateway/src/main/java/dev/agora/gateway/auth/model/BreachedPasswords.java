package dev.agora.gateway.auth.model;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Well-known breached passwords ({@code security/breached-passwords.txt}, one a line, {@code #} comments),
 * compared case-insensitively: "Password123" is no better than "password123".
 */
public final class BreachedPasswords {
    private static final String RESOURCE = "/security/breached-passwords.txt";
    private static final Set<String> LIST = load();

    private BreachedPasswords() {
    }

    public static boolean contains(String password) {
        return password != null && LIST.contains(password.strip().toLowerCase(Locale.ROOT));
    }

    static int size() {
        return LIST.size();
    }

    private static Set<String> load() {
        try (InputStream in = BreachedPasswords.class.getResourceAsStream(RESOURCE)) {
            if (in == null) {
                throw new IllegalStateException(RESOURCE + " is missing from the classpath");
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8).lines()
                    .map(String::strip)
                    .filter(line -> !line.isEmpty() && !line.startsWith("#"))
                    .map(line -> line.toLowerCase(Locale.ROOT))
                    .collect(Collectors.toUnmodifiableSet());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
