package dev.agora.common.events;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

import org.junit.jupiter.api.Test;

import dev.agora.common.auth.OrgRoles;

class AudienceTest {
    private static final UUID OWNER = UUID.fromString("00000000-0000-0000-0000-000000000001");
    private static final UUID HIRER = UUID.fromString("00000000-0000-0000-0000-000000000002");
    private static final UUID STRANGER = UUID.fromString("00000000-0000-0000-0000-000000000003");

    @Test
    void partiesAreAdmittedAndAStrangerIsNot() {
        Audience audience = Audience.users(OWNER, HIRER);
        assertTrue(audience.admits(OWNER, Map.of()));
        assertTrue(audience.admits(HIRER, Map.of()));
        assertFalse(audience.admits(STRANGER, Map.of()));
    }

    @Test
    void orgMembersAreAdmittedOnlyWithAListedRoleInAListedOrganization() {
        Audience audience = Audience.users(OWNER).plusOrgs(List.of("acme"), OrgRoles.MANAGERS);
        assertTrue(audience.admits(STRANGER, Map.of("acme", OrgRoles.AGENT_MANAGER)));
        assertFalse(audience.admits(STRANGER, Map.of("acme", OrgRoles.VIEWER)));
        assertFalse(audience.admits(STRANGER, Map.of("other", OrgRoles.ADMIN)));
    }

    @Test
    void publicAudienceAdmitsEveryone() {
        assertTrue(Audience.everyone().admits(STRANGER, Map.of()));
        assertTrue(Audience.everyone().names(STRANGER));
        assertEquals("{\"public\":true}", Audience.everyone().toJson());
    }

    @Test
    void missingHeaderIsNobody() {
        assertFalse(Audience.fromJson(null).admits(OWNER, Map.of("acme", OrgRoles.ADMIN)));
    }

    @Test
    void jsonRoundTripKeepsUsersAndOrgRoles() {
        Audience audience = Audience.users(HIRER, OWNER, null).plusOrgs(List.of("acme", "beta"), OrgRoles.READERS);
        String json = audience.toJson();
        assertEquals(audience, Audience.fromJson(json));
        assertEquals(Set.of(OWNER, HIRER), Audience.fromJson(json).users());
        assertTrue(json.startsWith("{\"users\":[\"" + OWNER + "\",\"" + HIRER + "\"]"), json);
    }

    @Test
    void malformedAudiencesAreRejected() {
        assertThrows(IllegalArgumentException.class, () -> Audience.fromJson("not json"));
        assertThrows(IllegalArgumentException.class, () -> Audience.fromJson("[]"));
        assertThrows(IllegalArgumentException.class, () -> Audience.fromJson("{\"users\":[\"nope\"]}"));
        assertThrows(IllegalArgumentException.class, () -> Audience.fromJson("{\"users\":\"x\"}"));
        assertThrows(IllegalArgumentException.class, () -> Audience.fromJson("{\"orgs\":{\"acme\":[1]}}"));
    }
}
