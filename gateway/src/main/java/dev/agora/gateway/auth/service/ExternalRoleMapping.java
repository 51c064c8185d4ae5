package dev.agora.gateway.auth.service;

import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

import dev.agora.common.auth.CurrentUser;

/**
 * Which Agora groups an external identity provider's roles grant: only the pairs an operator listed
 * ({@code agora.gateway.external-idp.role-mapping}). An IdP's roles are its own vocabulary — a role that happens to be
 * named {@code admin} there must not make a platform administrator here — so an unlisted role grants nothing.
 */
public final class ExternalRoleMapping {
    static final String PROPERTY = "agora.gateway.external-idp.role-mapping";
    /** The groups Agora knows: platform administrators, and the roles of chain indexers and payment watchers. */
    static final Set<String> AGORA_GROUPS = Set.of(CurrentUser.PLATFORM_ADMIN, "ingestor", "payments");

    private final Map<String, Set<String>> groupsByRole;

    private ExternalRoleMapping(Map<String, Set<String>> groupsByRole) {
        this.groupsByRole = groupsByRole;
    }

    /**
     * @param pairs {@code external-role=agora-group} entries
     * @throws IllegalStateException for a malformed entry or an unknown Agora group, so a typo fails the start-up
     */
    public static ExternalRoleMapping of(List<String> pairs) {
        Map<String, Set<String>> groupsByRole = new TreeMap<>();
        for (String pair : pairs) {
            int equals = pair.indexOf('=');
            String role = equals < 0 ? "" : pair.substring(0, equals).strip();
            String group = equals < 0 ? "" : pair.substring(equals + 1).strip();
            if (role.isEmpty() || group.isEmpty()) {
                throw new IllegalStateException(PROPERTY + ": '" + pair + "' is not external-role=agora-group");
            }
            if (!AGORA_GROUPS.contains(group)) {
                throw new IllegalStateException(PROPERTY + ": '" + group + "' is not an Agora group (one of "
                        + new TreeSet<>(AGORA_GROUPS) + ")");
            }
            groupsByRole.computeIfAbsent(role, ignored -> new TreeSet<>()).add(group);
        }
        return new ExternalRoleMapping(groupsByRole);
    }

    /** The Agora groups the listed roles grant; unlisted roles add nothing. */
    public Set<String> groupsOf(Collection<String> externalRoles) {
        Set<String> groups = new TreeSet<>();
        externalRoles.forEach(role -> groups.addAll(groupsByRole.getOrDefault(role, Set.of())));
        return groups;
    }
}
