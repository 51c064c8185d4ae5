package dev.agora.common.outbound;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

import io.vertx.core.Future;

/** At most N requests per host at once; the others wait for a slot, in order, and none is lost. */
class HostLimiterTest {

    @Test
    void queuesRequestsBeyondTheCapPerHost() {
        HostLimiter limiter = new HostLimiter(2);
        Future<Runnable> first = limiter.acquire("a.example");
        Future<Runnable> second = limiter.acquire("a.example");
        Future<Runnable> third = limiter.acquire("a.example");
        Future<Runnable> otherHost = limiter.acquire("b.example");
        assertTrue(first.isComplete() && second.isComplete() && otherHost.isComplete());
        assertFalse(third.isComplete());
        assertEquals(2, limiter.inFlight("a.example"));

        first.result().run();
        first.result().run(); // releasing twice frees one slot only
        assertTrue(third.isComplete());
        assertEquals(2, limiter.inFlight("a.example"));
        second.result().run();
        third.result().run();
        assertEquals(0, limiter.inFlight("a.example"));
    }
}
