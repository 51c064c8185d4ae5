package dev.agora.common.auth;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

import jakarta.enterprise.context.RequestScoped;
import jakarta.inject.Inject;
import jakarta.json.JsonObject;
import jakarta.json.JsonString;
import jakarta.json.JsonValue;

import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.eclipse.microprofile.jwt.Claims;
import org.eclipse.microprofile.jwt.JsonWebToken;

import dev.agora.common.problem.ProblemException;

/**
 * The caller, as the verified JWT describes them: user id (subject), email and whether it is verified, global roles,
 * org roles.
 */
@RequestScoped
public class CurrentUser {
    public static final String ORGS_CLAIM = "orgs";
    public static final String PLATFORM_ADMIN = "admin";
    /** OpenID Connect {@code email_verified}: the user proved they receive mail at the token's email address. */
    public static final String EMAIL_VERIFIED_CLAIM = Claims.email_verified.name();
    /** The {@code type} (last segment) of the problem {@link #requireVerifiedEmail()} answers. */
    public static final String EMAIL_NOT_VERIFIED = "email-not-verified";

    private final JsonWebToken jwt;
    private final boolean verifiedEmailRequired;

    // @Inject is required: with a second constructor, ArC would not take the class for a bean at all
    @Inject
    public CurrentUser(JsonWebToken jwt,
            @ConfigProperty(name = "agora.auth.require-verified-email", defaultValue = "true") boolean verifiedEmailRequired) {
        this.jwt = jwt;
        this.verifiedEmailRequired = verifiedEmailRequired;
    }

    public CurrentUser(JsonWebToken jwt) {
        this(jwt, true);
    }

    public boolean isAuthenticated() {
        return jwt != null && jwt.getSubject() != null;
    }

    /** The user id; a request without a valid token answers 401. */
    public UUID id() {
        if (!isAuthenticated()) {
            throw ProblemException.unauthorized("a valid bearer token is required");
        }
        try {
            return UUID.fromString(jwt.getSubject());
        } catch (IllegalArgumentException e) {
            throw ProblemException.unauthorized("the token's subject is not a user id");
        }
    }

    public String email() {
        return isAuthenticated() ? jwt.getClaim("email") : null;
    }

    /** Whether the token says {@code email_verified: true}; a token without the claim is unverified. */
    public boolean emailVerified() {
        if (!isAuthenticated()) {
            return false;
        }
        Object claim = jwt.getClaim(EMAIL_VERIFIED_CLAIM);
        return Boolean.TRUE.equals(claim) || JsonValue.TRUE.equals(claim)
                || claim instanceof JsonString text && "true".equals(text.getString())
                || "true".equals(claim);
    }

    /**
     * What publishing an agent, hiring one or creating a trigger needs besides a valid token: a verified email address
     * (unless {@code agora.auth.require-verified-email=false}). Otherwise 403 problem of type
     * {@value #EMAIL_NOT_VERIFIED}; no token at all is still 401.
     */
    public void requireVerifiedEmail() {
        id();
        if (verifiedEmailRequired && !emailVerified()) {
            throw new ProblemException(403, EMAIL_NOT_VERIFIED, "Email not verified",
                    "verify your email address first: open the link of the verification mail, or ask for a new one"
                            + " with POST /api/users/me/verify-email/resend, then sign in again or refresh your token",
                    null);
        }
    }

    public Set<String> groups() {
        return isAuthenticated() && jwt.getGroups() != null ? jwt.getGroups() : Set.of();
    }

    public boolean hasGroup(String group) {
        return groups().contains(group);
    }

    public boolean isPlatformAdmin() {
        return hasGroup(PLATFORM_ADMIN);
    }

    /** For platform administration: 401 without a valid token, 403 saying {@code refusal} for anyone but an admin. */
    public void requirePlatformAdmin(String refusal) {
        id();
        if (!isPlatformAdmin()) {
            throw ProblemException.forbidden(refusal);
        }
    }

    /** The {@code orgs} claim: organization slug → role ({@code admin}, {@code agent_manager}, {@code viewer}). */
    public Map<String, String> orgRoles() {
        if (!isAuthenticated()) {
            return Map.of();
        }
        Object claim = jwt.getClaim(ORGS_CLAIM);
        if (!(claim instanceof JsonObject orgs)) {
            return Map.of();
        }
        Map<String, String> roles = new LinkedHashMap<>();
        for (Map.Entry<String, JsonValue> entry : orgs.entrySet()) {
            if (entry.getValue() instanceof JsonString role) {
                roles.put(entry.getKey(), role.getString());
            }
        }
        return Collections.unmodifiableMap(roles);
    }
}
