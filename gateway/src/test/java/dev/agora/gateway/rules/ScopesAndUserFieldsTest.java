package dev.agora.gateway.rules;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;

import org.junit.jupiter.api.Test;

import dev.agora.gateway.apikey.model.Scopes;
import dev.agora.gateway.user.model.UserFields;

class ScopesAndUserFieldsTest {

    @Test
    void readingMethodsNeedTheReadScopeEveryOtherTheWriteScope() {
        for (String method : List.of("GET", "HEAD", "OPTIONS")) {
            assertEquals("agents:read", Scopes.required("agents", method));
        }
        for (String method : List.of("POST", "PUT", "PATCH", "DELETE")) {
            assertEquals("triggers:write", Scopes.required("triggers", method));
        }
        assertEquals(8, Scopes.ALL.size());
    }

    @Test
    void scopesAreStoredSortedWithoutDuplicatesAndSplitBack() {
        String stored = Scopes.join(List.of("marketplace:write", "agents:read", "marketplace:write"));
        assertEquals("agents:read marketplace:write", stored);
        assertEquals(List.of("agents:read", "marketplace:write"), Scopes.split(stored));
        assertEquals(List.of(), Scopes.split(" "));
    }

    @Test
    void emailsAndUsernamesAreKeptTrimmedAndLowerCased() {
        assertEquals("ada@example.org", UserFields.normaliseEmail("  Ada@Example.ORG "));
        assertEquals("ada_l", UserFields.normaliseUsername(" Ada_L "));
        assertEquals(null, UserFields.normaliseEmail(null));
    }

    @Test
    void anEmailNeedsADomainWithADotAndAUsernameThreeToThirtyTwoPlainCharacters() {
        assertTrue("ada@example.org".matches(UserFields.EMAIL_PATTERN));
        assertFalse("ada@localhost".matches(UserFields.EMAIL_PATTERN));
        assertFalse("ada lovelace@example.org".matches(UserFields.EMAIL_PATTERN));
        assertTrue("ada-l_1".matches(UserFields.USERNAME_PATTERN));
        assertFalse("ad".matches(UserFields.USERNAME_PATTERN));
        assertFalse("ada.l".matches(UserFields.USERNAME_PATTERN));
    }
}
