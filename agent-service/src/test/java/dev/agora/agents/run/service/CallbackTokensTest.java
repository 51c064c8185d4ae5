package dev.agora.agents.run.service;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Base64;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

import org.junit.jupiter.api.Test;

/** The callback token: derived, stable, bound to its task, and still valid under a previous key after a rotation. */
class CallbackTokensTest {
    private static final String OLD_KEY = Base64.getEncoder().encodeToString("old-key-of-32-bytes-for-a-test!!".getBytes());
    private static final String NEW_KEY = Base64.getEncoder().encodeToString("new-key-of-32-bytes-for-a-test!!".getBytes());

    private static CallbackTokens tokens(String key, List<String> previous) {
        return new CallbackTokens(key, Optional.of(previous), "https://agora.example.com/", Optional.empty());
    }

    @Test
    void theTokenIsTheSameForEverySendOfATaskAndDiffersBetweenTasks() {
        UUID task = UUID.randomUUID();
        CallbackTokens tokens = tokens(NEW_KEY, List.of());
        assertEquals(tokens.token(task), tokens(NEW_KEY, List.of()).token(task), "derived, not random");
        assertNotEquals(tokens.token(task), tokens.token(UUID.randomUUID()));
        assertTrue(tokens.token(task).matches("[A-Za-z0-9_-]{43}"), "base64url of 32 bytes, no padding");
        assertTrue(tokens.verify(task, tokens.token(task)));
        assertFalse(tokens.verify(task, tokens.token(UUID.randomUUID())));
        assertFalse(tokens.verify(task, null));
        assertFalse(tokens.verify(task, ""));
    }

    @Test
    void aTokenMadeUnderThePreviousKeyStillVerifiesAfterARotation() {
        UUID task = UUID.randomUUID();
        String before = tokens(OLD_KEY, List.of()).token(task);
        CallbackTokens rotated = tokens(NEW_KEY, List.of(OLD_KEY));
        assertNotEquals(before, rotated.token(task), "new sends get the new key's token");
        assertTrue(rotated.verify(task, before));
        assertTrue(rotated.verify(task, rotated.token(task)));
        assertFalse(tokens(NEW_KEY, List.of()).verify(task, before), "once the old key is gone, so are its tokens");
    }

    @Test
    void theCallbackUrlsAreUnderThePublicUrlUnlessACallbackBaseUrlIsSet() {
        UUID task = UUID.randomUUID();
        assertEquals("https://agora.example.com/api/runtime/tasks/" + task + "/status",
                tokens(NEW_KEY, List.of()).statusUrl(task).toString());
        assertEquals("http://10.0.0.5:8081/api/runtime/tasks/" + task + "/a2a-notifications",
                new CallbackTokens(NEW_KEY, Optional.empty(), "https://agora.example.com", Optional.of("http://10.0.0.5:8081"))
                        .a2aNotificationUrl(task).toString());
    }
}
