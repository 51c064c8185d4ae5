package dev.agora.common.events;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Instant;

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.ObjectMapper;

import dev.agora.common.consumer.PoisonEventException;

class IncomingEventTest {
    private static IncomingEvent event(String json) throws Exception {
        return new IncomingEvent("e-1", "agora.test.v1", "/test", null, null, "test.v1", 0, 0, Audience.nobody(),
                new ObjectMapper().readTree(json));
    }

    @Test
    void readsInstantsByPathAndLeavesMissingOnesNull() throws Exception {
        IncomingEvent event = event("{\"task\":{\"createdAt\":\"2026-12-02T05:00:00.123456Z\",\"startedAt\":null}}");
        assertEquals(Instant.parse("2026-12-02T05:00:00.123456Z"), event.requiredInstant("task.createdAt"));
        assertNull(event.instant("task.startedAt"));
        assertNull(event.instant("task.finishedAt"));
    }

    @Test
    void aMalformedOrMissingRequiredInstantPoisonsTheEventNamingThePath() throws Exception {
        IncomingEvent event = event("{\"at\":\"yesterday\"}");
        PoisonEventException malformed = assertThrows(PoisonEventException.class, () -> event.instant("at"));
        assertTrue(malformed.getMessage().contains("at"), malformed.getMessage());
        PoisonEventException missing = assertThrows(PoisonEventException.class, () -> event.requiredInstant("when"));
        assertTrue(missing.getMessage().contains("when"), missing.getMessage());
    }
}
