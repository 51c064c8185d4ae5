package dev.agora.agents.agent;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import java.util.Set;

import org.junit.jupiter.api.Test;

import dev.agora.agents.agent.service.AgentStatus;

class AgentStatusTest {

    @Test
    void eachStatusMovesExactlyWhereTheTableSays() {
        Map<String, List<String>> table = Map.of(
                "pending", List.of("deploying", "active", "inactive", "failed"),
                "deploying", List.of("active", "inactive", "failed"),
                "active", List.of("deploying", "paused", "inactive", "failed"),
                "paused", List.of("deploying", "active", "inactive"),
                "inactive", List.of("pending", "deploying", "active"),
                "failed", List.of("pending", "deploying", "inactive"));
        assertEquals(table.keySet(), Set.copyOf(AgentStatus.REQUESTABLE));
        table.forEach((from, to) -> assertEquals(to, AgentStatus.allowedFrom(from), "from " + from));
    }

    @Test
    void aDeletedAgentIsKnownButGoesNowhereAndNoOwnerAsksForIt() {
        assertTrue(AgentStatus.isKnown("deleted"));
        assertFalse(AgentStatus.REQUESTABLE.contains("deleted"));
        assertEquals(List.of(), AgentStatus.allowedFrom("deleted"));
        for (String status : AgentStatus.REQUESTABLE) {
            assertFalse(AgentStatus.canMove(status, "deleted"), status);
        }
    }

    @Test
    void anUnknownStatusIsNeitherKnownNorLeft() {
        assertFalse(AgentStatus.isKnown("sleeping"));
        assertFalse(AgentStatus.canMove("sleeping", "active"));
        assertFalse(AgentStatus.canMove("active", "sleeping"));
    }
}
