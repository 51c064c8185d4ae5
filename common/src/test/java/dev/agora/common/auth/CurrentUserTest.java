package dev.agora.common.auth;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Map;
import java.util.Set;
import java.util.UUID;

import jakarta.json.Json;
import jakarta.json.JsonValue;

import org.eclipse.microprofile.jwt.JsonWebToken;
import org.junit.jupiter.api.Test;

import dev.agora.common.problem.ProblemException;

class CurrentUserTest {

    @Test
    void readsUserIdEmailGlobalRolesAndOrgRolesFromTheToken() {
        UUID id = UUID.randomUUID();
        CurrentUser user = new CurrentUser(token(Map.of("sub", id.toString(), "email", "ada@example.org",
                "groups", Set.of("admin"),
                "orgs", Json.createObjectBuilder().add("acme", "agent_manager").add("labs", "viewer").build())));

        assertTrue(user.isAuthenticated());
        assertEquals(id, user.id());
        assertEquals("ada@example.org", user.email());
        assertTrue(user.isPlatformAdmin());
        assertEquals(Map.of("acme", "agent_manager", "labs", "viewer"), user.orgRoles());
    }

    @Test
    void anonymousCallerHasNoRolesAndNoId() {
        CurrentUser user = new CurrentUser(token(Map.of()));

        assertFalse(user.isAuthenticated());
        assertEquals(Map.of(), user.orgRoles());
        assertEquals(Set.of(), user.groups());
        ProblemException problem = assertThrows(ProblemException.class, user::id);
        assertEquals(401, problem.status());
    }

    @Test
    void platformAdministrationTakesAValidTokenAndTheAdminGroup() {
        new CurrentUser(token(Map.of("sub", UUID.randomUUID().toString(), "groups", Set.of("admin"))))
                .requirePlatformAdmin("no");
        ProblemException user = assertThrows(ProblemException.class, () -> new CurrentUser(token(Map.of("sub",
                UUID.randomUUID().toString(), "groups", Set.of("ingestor")))).requirePlatformAdmin("admins only"));
        assertEquals(403, user.status());
        assertEquals("admins only", user.getMessage());
        assertEquals(401, assertThrows(ProblemException.class,
                () -> new CurrentUser(token(Map.of())).requirePlatformAdmin("admins only")).status());
    }

    @Test
    void subjectThatIsNotAUserIdIsUnauthorized() {
        CurrentUser user = new CurrentUser(token(Map.of("sub", "service-account")));
        assertEquals(401, assertThrows(ProblemException.class, user::id).status());
    }

    @Test
    void ignoresAnOrgsClaimThatIsNotAnObject() {
        CurrentUser user = new CurrentUser(token(Map.of("sub", UUID.randomUUID().toString(), "orgs", "acme")));
        assertEquals(Map.of(), user.orgRoles());
    }

    @Test
    void aVerifiedEmailPassesTheCheck() {
        UUID id = UUID.randomUUID();
        new CurrentUser(token(Map.of("sub", id.toString(), "email_verified", true))).requireVerifiedEmail();
        new CurrentUser(token(Map.of("sub", id.toString(), "email_verified", JsonValue.TRUE))).requireVerifiedEmail();
        assertTrue(new CurrentUser(token(Map.of("sub", id.toString(), "email_verified", true))).emailVerified());
    }

    @Test
    void anUnverifiedOrUnstatedEmailIsForbiddenWithItsOwnProblemType() {
        UUID id = UUID.randomUUID();
        for (Map<String, Object> claims : java.util.List.<Map<String, Object>> of(
                Map.of("sub", id.toString(), "email_verified", false),
                Map.of("sub", id.toString(), "email_verified", JsonValue.FALSE),
                Map.of("sub", id.toString()))) {
            CurrentUser user = new CurrentUser(token(claims));
            assertFalse(user.emailVerified());
            ProblemException problem = assertThrows(ProblemException.class, user::requireVerifiedEmail);
            assertEquals(403, problem.status());
            assertEquals(CurrentUser.EMAIL_NOT_VERIFIED, problem.type());
            assertTrue(problem.getMessage().startsWith("verify your email address first"), problem.getMessage());
        }
    }

    @Test
    void theVerifiedEmailCheckCanBeTurnedOffButAMissingTokenStaysUnauthorized() {
        new CurrentUser(token(Map.of("sub", UUID.randomUUID().toString(), "email_verified", false)), false)
                .requireVerifiedEmail();
        ProblemException anonymous = assertThrows(ProblemException.class, new CurrentUser(token(Map.of()), false)::requireVerifiedEmail);
        assertEquals(401, anonymous.status());
    }

    private static JsonWebToken token(Map<String, Object> claims) {
        return new JsonWebToken() {
            @Override
            public String getName() {
                return (String) claims.get("sub");
            }

            @Override
            public Set<String> getClaimNames() {
                return claims.keySet();
            }

            @Override
            @SuppressWarnings("unchecked")
            public <T> T getClaim(String name) {
                return (T) claims.get(name);
            }
        };
    }
}
