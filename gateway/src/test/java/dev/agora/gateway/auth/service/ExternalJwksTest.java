package dev.agora.gateway.auth.service;

import static org.junit.jupiter.api.Assertions.assertInstanceOf;

import java.nio.file.Path;

import org.jose4j.keys.resolvers.HttpsJwksVerificationKeyResolver;
import org.jose4j.keys.resolvers.JwksVerificationKeyResolver;
import org.junit.jupiter.api.Test;

class ExternalJwksTest {

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
