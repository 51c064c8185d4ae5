package dev.agora.gateway.auth.service;

import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;

import org.jose4j.keys.resolvers.HttpsJwksVerificationKeyResolver;
import org.jose4j.keys.resolvers.JwksVerificationKeyResolver;
import org.junit.jupiter.api.Test;

class ExternalJwksTest {

    @Test
    void anHttpKeySetIsRefusedAtStartUpWithTheReason() {
        for (String location : new String[] { "http://keycloak.example.org/certs", "HTTP://keycloak.example.org/certs",
                " http://keycloak.example.org/certs", "ftp://keys.example.org/jwks.json" }) {
            IllegalStateException refused = assertThrows(IllegalStateException.class, () -> ExternalJwks.resolver(location));
            assertTrue(refused.getMessage().startsWith("agora.gateway.external-idp.jwks-location must be an https:// URL"),
                    refused.getMessage());
        }
    }

    @Test
    void anHttpsKeySetIsFetchedWhenNeeded() {
        assertInstanceOf(HttpsJwksVerificationKeyResolver.class, ExternalJwks.resolver("https://keycloak.example.org/certs"));
    }

    @Test
    void aMountedKeySetIsReadFromTheClasspathOrAFile() {
        assertInstanceOf(JwksVerificationKeyResolver.class, ExternalJwks.resolver("external-idp/jwks.json"));
        assertInstanceOf(JwksVerificationKeyResolver.class, ExternalJwks.resolver("classpath:external-idp/jwks.json"));
        String file = Path.of("src/test/resources/external-idp/jwks.json").toAbsolutePath().toString();
        assertInstanceOf(JwksVerificationKeyResolver.class, ExternalJwks.resolver(file));
        assertInstanceOf(JwksVerificationKeyResolver.class, ExternalJwks.resolver("file:" + file));
    }
}
