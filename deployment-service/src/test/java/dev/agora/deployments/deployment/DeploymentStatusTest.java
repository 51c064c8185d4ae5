package dev.agora.deployments.deployment;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import java.util.Set;

import org.junit.jupiter.api.Test;

import dev.agora.deployments.deployment.service.DeploymentStatus;

class DeploymentStatusTest {

    @Test
    void eachStatusMovesExactlyWhereTheTableSays() {
        Map<String, List<String>> table = Map.of(
                "pending", List.of("deploying", "cancelled"),
                "deploying", List.of("succeeded", "failed", "cancelled"),
                "succeeded", List.of("stopped"),
                "failed", List.of(),
                "cancelled", List.of(),
                "stopped", List.of());
        assertEquals(table.keySet(), Set.copyOf(DeploymentStatus.STATUSES));
        table.forEach((from, to) -> assertEquals(to, DeploymentStatus.allowedFrom(from), "from " + from));
    }

    @Test
    void failedCancelledAndStoppedAreFinal() {
        assertEquals(List.of("failed", "cancelled", "stopped"),
                DeploymentStatus.STATUSES.stream().filter(DeploymentStatus::isFinal).toList());
    }

    @Test
    void anUnknownStatusIsNotKnown() {
        assertFalse(DeploymentStatus.isKnown("paused"));
        assertTrue(DeploymentStatus.isKnown("stopped"));
        assertFalse(DeploymentStatus.canMove("paused", "stopped"));
    }
}
