package dev.agora.gateway.auth.service;

import java.io.IOException;
import java.util.Locale;
import java.util.regex.Pattern;

import org.jose4j.jwk.HttpsJwks;
import org.jose4j.jwk.JsonWebKeySet;
import org.jose4j.keys.resolvers.HttpsJwksVerificationKeyResolver;
import org.jose4j.keys.resolvers.JwksVerificationKeyResolver;
import org.jose4j.keys.resolvers.VerificationKeyResolver;
import org.jose4j.lang.JoseException;

import io.smallrye.jwt.util.ResourceUtils;

/**
 * Where the external issuer's keys come from: an {@code https://} URL, or a file or classpath location (tests,
 * air-gapped setups that mount the key set). Anything else — above all plain {@code http://}, where whoever sits on
 * the path could serve their own keys and sign tokens the gateway would accept — fails the start-up.
 */
final class ExternalJwks {
    static final String PROPERTY = "agora.gateway.external-idp.jwks-location";
    /** A URI scheme (two letters at least, so a Windows drive letter is a path). */
    private static final Pattern SCHEME = Pattern.compile("^[a-zA-Z][a-zA-Z0-9+.-]+:");

    private ExternalJwks() {
    }

    static VerificationKeyResolver resolver(String location) {
        String lower = location.strip().toLowerCase(Locale.ROOT);
        if (lower.startsWith("https://")) {
            return new HttpsJwksVerificationKeyResolver(new HttpsJwks(location.strip()));
        }
        if (SCHEME.matcher(lower).find() && !lower.startsWith("file:") && !lower.startsWith("classpath:")) {
            throw new IllegalStateException(PROPERTY + " must be an https:// URL, or a file or classpath location: "
                    + location + " would let anyone between the gateway and the issuer substitute the keys");
        }
        try {
            String json = ResourceUtils.readResource(location);
            if (json == null) {
                throw new IllegalStateException("nothing found at " + location);
            }
            return new JwksVerificationKeyResolver(new JsonWebKeySet(json).getJsonWebKeys());
        } catch (JoseException | IOException e) {
            throw new IllegalStateException("cannot read the external issuer's key set at " + location, e);
        }
    }
}
