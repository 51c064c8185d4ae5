package dev.agora.common.crypto;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Base64;

import org.junit.jupiter.api.Test;

class SecretCipherTest {
    private static final String KEY = Base64.getEncoder().encodeToString(new byte[32]);
    private static final String OTHER_KEY = Base64.getEncoder().encodeToString(new byte[16]);

    @Test
    void sealedSecretOpensToThePlainTextAndNeverContainsIt() {
        SecretCipher cipher = SecretCipher.fromBase64Key("test.key", KEY);
        String sealed = cipher.seal("bot123:secret-token");
        assertTrue(SecretCipher.isSealed(sealed));
        assertFalse(sealed.contains("secret-token"));
        assertEquals("bot123:secret-token", cipher.open(sealed));
    }

    @Test
    void sealingTwiceGivesDifferentCiphertextsAndSealingASealedValueKeepsIt() {
        SecretCipher cipher = SecretCipher.fromBase64Key("test.key", KEY);
        String first = cipher.seal("same");
        assertNotEquals(first, cipher.seal("same"));
        assertEquals(first, cipher.seal(first));
    }

    @Test
    void openingWithAnotherKeyFailsInsteadOfReturningGarbage() {
        String sealed = SecretCipher.fromBase64Key("test.key", KEY).seal("s");
        SecretCipher other = SecretCipher.fromBase64Key("test.key", OTHER_KEY);
        assertThrows(IllegalStateException.class, () -> other.open(sealed));
    }

    @Test
    void malformedKeyNamesTheProperty() {
        IllegalStateException notBase64 = assertThrows(IllegalStateException.class,
                () -> SecretCipher.fromBase64Key("agora.x.key", "%%%"));
        assertTrue(notBase64.getMessage().contains("agora.x.key"));
        assertThrows(IllegalStateException.class,
                () -> SecretCipher.fromBase64Key("agora.x.key", Base64.getEncoder().encodeToString(new byte[5])));
    }
}
