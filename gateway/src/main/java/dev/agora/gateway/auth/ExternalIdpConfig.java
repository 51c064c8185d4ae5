package dev.agora.gateway.auth;

import java.util.List;
import java.util.Optional;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/**
 * An external OpenID Connect issuer (Keycloak, Auth0, Supabase, ...) whose access tokens the edge also accepts.
 * Off unless {@code issuer} is set; its tokens are then verified against its key set and exchanged for an
 * internal token of the mapped principal.
 */
@ConfigMapping(prefix = "agora.gateway.external-idp")
public interface ExternalIdpConfig {
    /** The exact {@code iss} of its tokens. */
    Optional<String> issuer();

    /** The {@code aud} its tokens must carry. */
    Optional<String> audience();

    /** Its JWKS: an http(s) URL (fetched and refreshed on unknown {@code kid}s) or a file or classpath location. */
    Optional<String> jwksLocation();

    /** The claim naming the user; a subject that is not a UUID is mapped to a stable name-based UUID. */
    @WithDefault("sub")
    String subjectClaim();

    @WithDefault("email")
    String emailClaim();

    /**
     * The claim saying the issuer verified the email address ({@code true}, or the string {@code "true"}); without it
     * the user counts as unverified.
     */
    @WithDefault("email_verified")
    String emailVerifiedClaim();

    /** Dotted path to the roles (a list or a space-separated string), e.g. {@code realm_access.roles}. */
    @WithDefault("roles")
    String rolesClaim();

    @WithDefault("RS256")
    List<String> algorithms();
}
