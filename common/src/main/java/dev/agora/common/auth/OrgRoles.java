package dev.agora.common.auth;

import java.util.Set;

/**
 * The roles a member holds in an organization (the {@code orgs} claim: slug → role), and what each grants on the
 * organization's agents: {@code admin} and {@code agent_manager} read and manage them, {@code viewer} reads them.
 * Any other role grants nothing.
 */
public final class OrgRoles {
    /** Manages the organization, its members and its agents. */
    public static final String ADMIN = "admin";
    /** Manages the organization's agents. */
    public static final String AGENT_MANAGER = "agent_manager";
    /** Reads the organization's agents. */
    public static final String VIEWER = "viewer";

    /** Roles that read the organization's agents. */
    public static final Set<String> READERS = Set.of(ADMIN, AGENT_MANAGER, VIEWER);
    /** Roles that manage the organization's agents. */
    public static final Set<String> MANAGERS = Set.of(ADMIN, AGENT_MANAGER);

    private OrgRoles() {
    }
}
