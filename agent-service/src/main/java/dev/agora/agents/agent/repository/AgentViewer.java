package dev.agora.agents.agent.repository;

import java.util.Arrays;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.UUID;

/**
 * Who is asking, and the row-level rules for agents, in one place.
 * <ul>
 * <li>the owner (creator) reads and manages the agent;</li>
 * <li>org {@code admin} and {@code agent_manager} of any of the agent's organizations read and manage it;</li>
 * <li>org {@code viewer} reads it only;</li>
 * <li>a platform admin (group {@code admin}) reads every agent, and manages only as the rules above allow;</li>
 * <li>everyone else does not see it (404).</li>
 * </ul>
 * {@link AgentRepository} turns {@link #readableOrgs()} into the visibility condition of every query; writes then
 * ask {@link #canManage(Agent)} of a visible agent (403 when false, since the caller can see it).
 */
public record AgentViewer(UUID userId, boolean platformAdmin, Set<String> readableOrgs, Set<String> managedOrgs) {
    public static final String ORG_ADMIN = "admin";
    public static final String ORG_AGENT_MANAGER = "agent_manager";
    public static final String ORG_VIEWER = "viewer";

    public AgentViewer {
        readableOrgs = Set.copyOf(readableOrgs);
        managedOrgs = Set.copyOf(managedOrgs);
    }

    /** From the JWT: {@code orgs} = {slug: role}; roles other than the three known ones grant nothing. */
    public static AgentViewer of(UUID userId, boolean platformAdmin, Map<String, String> orgRoles) {
        Set<String> readable = new TreeSet<>();
        Set<String> managed = new TreeSet<>();
        orgRoles.forEach((slug, role) -> {
            if (ORG_ADMIN.equals(role) || ORG_AGENT_MANAGER.equals(role)) {
                readable.add(slug);
                managed.add(slug);
            } else if (ORG_VIEWER.equals(role)) {
                readable.add(slug);
            }
        });
        return new AgentViewer(userId, platformAdmin, readable, managed);
    }

    public boolean owns(Agent agent) {
        return userId.equals(agent.ownerId);
    }

    /**
     * Read: a live agent that is the viewer's, or in one of their organizations, or any live agent for a platform
     * admin. {@link AgentRepository}'s queries apply the same rule in SQL.
     */
    public boolean canRead(Agent agent) {
        return !"deleted".equals(agent.status) && (platformAdmin || owns(agent) || (agent.organizationSlugs != null
                && Arrays.stream(agent.organizationSlugs).anyMatch(readableOrgs::contains)));
    }

    /** Update, status change, delete: the owner, or an admin/agent_manager of one of the agent's organizations. */
    public boolean canManage(Agent agent) {
        return owns(agent) || (agent.organizationSlugs != null
                && Arrays.stream(agent.organizationSlugs).anyMatch(managedOrgs::contains));
    }

    /** May attach an agent to (or detach it from) this organization. */
    public boolean manages(String orgSlug) {
        return managedOrgs.contains(orgSlug);
    }
}
