package dev.agora.deployments.deployment;

import static dev.agora.testsupport.TestDatabase.TIMEOUT;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import java.util.UUID;

import dev.agora.common.auth.OrgRoles;
import dev.agora.common.events.Audience;
import dev.agora.deployments.TestAgents;
import dev.agora.testsupport.TopicReader;

/**
 * Reads deployments.v1 for one agent and checks each event against its contract and its audience: the agent's owner
 * and its organizations' members, nobody else.
 */
final class DeploymentLifecycleTestEvents {
    private DeploymentLifecycleTestEvents() {
    }

    static void assertPublished(TestAgents.Agent agent, String... types) {
        try (TopicReader reader = TopicReader.of("deployments.v1")) {
            List<TopicReader.Received> received = reader.awaitCount(r -> agent.id.toString().equals(r.key())
                    && List.of(types).contains(r.header("ce_type")), types.length, TIMEOUT);
            for (TopicReader.Received event : received) {
                assertEquals(List.of(), TestAgents.CONTRACTS.violations("deployments.v1", event.header("ce_type"),
                        event.value()), event.value());
                Audience audience = Audience.fromJson(event.header(Audience.HEADER));
                assertEquals(Audience.users(agent.ownerId).plusOrgs(agent.orgs, OrgRoles.READERS), audience,
                        event.header("ce_type"));
                assertFalse(audience.admits(UUID.randomUUID(), Map.of("some-other-org", OrgRoles.ADMIN)),
                        "a stranger sees nothing");
            }
            assertTrue(received.stream().map(r -> r.header("ce_type")).toList().containsAll(List.of(types)));
        }
    }
}
