package dev.agora.gateway.auth.service;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.json.JsonNumber;

import org.eclipse.microprofile.jwt.JsonWebToken;

import dev.agora.common.problem.FieldError;
import dev.agora.common.problem.ProblemException;
import dev.agora.gateway.auth.AuthConfig;
import dev.agora.gateway.user.service.UserService;
import io.smallrye.mutiny.Uni;

/**
 * The gate in front of sensitive operations (creating an API key, deleting the account): a stolen or forgotten
 * access token alone must not mint a permanent credential or destroy the account. The caller passes with their
 * current password in the request ({@code password}), or with a token whose {@code auth_time} — when they last
 * proved their password; refreshes keep it — is younger than {@code agora.gateway.auth.fresh-auth-max-age}.
 * Otherwise 403 {@code https://agora.dev/problems/reauthentication-required} naming {@code password}: a new
 * token from a refresh would not help, only the password or a new sign-in.
 */
@ApplicationScoped
public class FreshAuthentication {
    public static final String PROBLEM_TYPE = "reauthentication-required";
    private static final String TITLE = "Reauthentication required";
    private static final String FIELD = "password";

    private final UserService users;
    private final PasswordHasher passwords;
    private final Duration maxAge;

    public FreshAuthentication(UserService users, PasswordHasher passwords, AuthConfig config) {
        this.users = users;
        this.passwords = passwords;
        this.maxAge = config.freshAuthMaxAge();
    }

    /**
     * @param password the current password the request carries, or null
     */
    public Uni<Void> require(UUID userId, JsonWebToken token, String password) {
        if (password == null) {
            return isFresh(token) ? Uni.createFrom().voidItem()
                    : Uni.createFrom().failure(refused("this needs a recent sign-in: send your current password as "
                            + FIELD + ", or sign in again (a sign-in counts for " + describe(maxAge) + ")",
                            "is required: your sign-in is older than " + describe(maxAge)));
        }
        return users.get(userId)
                .chain(user -> passwords.verify(password, user.passwordHash))
                .chain(matches -> matches ? Uni.createFrom().voidItem()
                        : Uni.createFrom().failure(refused(FIELD + ": is not your current password", "is not your current password")));
    }

    private boolean isFresh(JsonWebToken token) {
        Object claim = token == null ? null : token.getClaim(AccessTokens.AUTH_TIME_CLAIM);
        long authTime;
        if (claim instanceof Number number) {
            authTime = number.longValue();
        } else if (claim instanceof JsonNumber number) {
            authTime = number.longValue();
        } else {
            return false;
        }
        return !Instant.ofEpochSecond(authTime).plus(maxAge).isBefore(Instant.now());
    }

    private static ProblemException refused(String detail, String message) {
        return new ProblemException(403, PROBLEM_TYPE, TITLE, detail, List.of(new FieldError(FIELD, message)));
    }

    private static String describe(Duration duration) {
        return duration.toSecondsPart() == 0 && duration.toMinutes() > 0
                ? duration.toMinutes() + (duration.toMinutes() == 1 ? " minute" : " minutes")
                : duration.toSeconds() + " seconds";
    }
}
