package dev.agora.gateway.auth.service;

import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

/**
 * Who a proxied request acts for, once the edge has authenticated it.
 *
 * @param type {@code user}, {@code organization} or {@code service}
 * @param subject the user, organization or service account id (the {@code sub} claim)
 * @param email null unless a user
 * @param groups global roles: {@code admin} for platform administrators, the role of a service account
 * @param orgs organization slug → role
 * @param plan the user's plan (rate limits), or null
 * @param apiKeyId the API key used, or null
 * @param scopes the API key's scopes, or null when the principal is not limited by scopes
 * @param emailVerified the {@code email_verified} claim: the user's own; for an organization's or a service
 *        account's key, its creator's; for an external issuer's token, that issuer's claim
 */
public record EdgePrincipal(String type, String subject, String email, Set<String> groups, Map<String, String> orgs,
        String plan, UUID apiKeyId, List<String> scopes, boolean emailVerified) {
    public static final String USER = "user";
    public static final String ORGANIZATION = "organization";
    public static final String SERVICE = "service";

    /** A principal whose email address is not known to be verified. */
    public EdgePrincipal(String type, String subject, String email, Set<String> groups, Map<String, String> orgs,
            String plan, UUID apiKeyId, List<String> scopes) {
        this(type, subject, email, groups, orgs, plan, apiKeyId, scopes, false);
    }

    public EdgePrincipal withEmailVerified(boolean verified) {
        return new EdgePrincipal(type, subject, email, groups, orgs, plan, apiKeyId, scopes, verified);
    }
}
