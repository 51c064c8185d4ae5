package dev.agora.gateway.user.model;

import java.util.Locale;

/**
 * How a user's identifying fields look and are stored: emails and usernames are unique regardless of case, so both are
 * kept trimmed and lower-cased.
 */
public final class UserFields {
    /** Something@domain.tld without spaces; the full RFC 5322 grammar lets through addresses nobody can mail. */
    public static final String EMAIL_PATTERN = "^[^@\\s]+@[^@\\s.]+(\\.[^@\\s.]+)+$";
    public static final String USERNAME_PATTERN = "^[a-z0-9_-]{3,32}$";
    public static final String USERNAME_RULE = "must be 3 to 32 characters: letters, digits, '_' or '-'";

    private UserFields() {
    }

    public static String normaliseEmail(String email) {
        return email == null ? null : email.strip().toLowerCase(Locale.ROOT);
    }

    public static String normaliseUsername(String username) {
        return username == null ? null : username.strip().toLowerCase(Locale.ROOT);
    }
}
