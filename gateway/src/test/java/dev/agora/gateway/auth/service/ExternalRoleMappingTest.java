package dev.agora.gateway.auth.service;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Set;

import org.junit.jupiter.api.Test;

class ExternalRoleMappingTest {

    @Test
    void onlyListedRolesGrantTheirGroups() {
        ExternalRoleMapping mapping = ExternalRoleMapping.of(List.of("agora-admins=admin", " indexers = ingestor",
                "indexers=payments"));

        assertEquals(Set.of("admin"), mapping.groupsOf(List.of("agora-admins", "offline_access")));
        assertEquals(Set.of("ingestor", "payments"), mapping.groupsOf(List.of("indexers")));
        assertEquals(Set.of(), mapping.groupsOf(List.of("admin", "ingestor", "payments")));
    }

    @Test
    void noMappingGrantsNothing() {
        assertEquals(Set.of(), ExternalRoleMapping.of(List.of()).groupsOf(List.of("admin")));
    }

    @Test
    void aMalformedEntryOrAnUnknownGroupFailsTheStartUp() {
        for (String entry : List.of("admin", "=admin", "agora-admins=", "agora-admins=root")) {
            IllegalStateException refused = assertThrows(IllegalStateException.class,
                    () -> ExternalRoleMapping.of(List.of(entry)));
            assertTrue(refused.getMessage().startsWith("agora.gateway.external-idp.role-mapping"), refused.getMessage());
        }
    }
}
