package dev.agora.deployments.access;

import java.util.Arrays;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.UUID;

import dev.agora.common.auth.CurrentUser;
import dev.agora.deployments.agentref.repository.KnownAgent;

/**
 * Who is asking, and what they may do with an agent's deployments (the same role matrix as agent-service):
 * the owner and an org {@code admin}/{@code agent_manager} of one of the agent's organizations read and manage;
 * an org {@code viewer} and a platform admin read only; everyone else does not see the agent (404).
 */
public record Caller(UUID userId, boolean platformAdmin, Set<String> readableOrgs, Set<String> managedOrgs) {

    public static Caller of(CurrentUser user) {
        Set<String> readable = new TreeSet<>();
        Set<String> managed = new TreeSet<>();
        Map<String, String> roles = user.orgRoles();
        roles.forEach((slug, role) -> {
            switch (role) {
                case "admin", "agent_manager" -> {
                    readable.add(slug);
                    managed.add(slug);
                }
                case "viewer" -> readable.add(slug);
                default -> {
                    // unknown roles grant nothing
                }
            }
        });
        return new Caller(user.id(), user.isPlatformAdmin(), Set.copyOf(readable), Set.copyOf(managed));
    }

    public boolean canRead(KnownAgent agent) {
        return platformAdmin || canManage(agent) || inAny(agent, readableOrgs);
    }

    public boolean canManage(KnownAgent agent) {
        return userId.equals(agent.ownerId) || inAny(agent, managedOrgs);
    }

    private static boolean inAny(KnownAgent agent, Set<String> orgs) {
        return agent.orgSlugs != null && Arrays.stream(agent.orgSlugs).anyMatch(orgs::contains);
    }
}
