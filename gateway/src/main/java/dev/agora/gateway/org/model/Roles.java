package dev.agora.gateway.org.model;

/** The roles of an organization's members. */
public final class Roles {
    /** Manages the organization and its members. */
    public static final String ADMIN = "admin";
    /** Manages the organization's agents. */
    public static final String AGENT_MANAGER = "agent_manager";
    /** Reads. */
    public static final String VIEWER = "viewer";

    public static final String PATTERN = "^(admin|agent_manager|viewer)$";
    public static final String RULE = "must be one of admin, agent_manager, viewer";

    private Roles() {
    }
}
