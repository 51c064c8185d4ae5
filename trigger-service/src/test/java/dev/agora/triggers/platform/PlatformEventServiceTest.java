package dev.agora.triggers.platform;

import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Instant;
import java.util.UUID;

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;

import dev.agora.common.events.Audience;
import dev.agora.common.events.IncomingEvent;
import dev.agora.common.retry.NotReadyException;
import dev.agora.triggers.engine.TriggerIndex;
import dev.agora.triggers.platform.service.PlatformEventService;

class PlatformEventServiceTest {
    private final PlatformEventService service = new PlatformEventService(new TriggerIndex(), null, null);

    @Test
    void anEventArrivingBeforeTheIndexIsLoadedIsHeldForAnotherTryNotSkipped() {
        assertTrue(service.isWatched("agora.agent.status-changed.v1"));
        IncomingEvent event = new IncomingEvent(UUID.randomUUID().toString(), "agora.agent.status-changed.v1",
                "agent-service", null, Instant.now(), "agents.v1", 0, 0, Audience.everyone(),
                JsonNodeFactory.instance.objectNode());
        assertThrows(NotReadyException.class, () -> service.evaluate(event).await().indefinitely());
    }
}
