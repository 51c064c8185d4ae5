package dev.agora.common.auth;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

import jakarta.enterprise.context.RequestScoped;
import jakarta.json.JsonObject;
import jakarta.json.JsonString;
import jakarta.json.JsonValue;

import org.eclipse.microprofile.jwt.JsonWebToken;

import dev.agora.common.problem.ProblemException;

/** The caller, as the verified JWT describes them: user id (subject), email, global roles, org roles. */
@RequestScoped
public class CurrentUser {
    public static final String ORGS_CLAIM = "orgs";
    public static final String PLATFORM_ADMIN = "admin";

    private final JsonWebToken jwt;

    public CurrentUser(JsonWebToken jwt) {
        this.jwt = jwt;
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
