package dev.agora.gateway.proxy;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;

import org.junit.jupiter.api.Test;

class CircuitBreakerTest {
    private final AtomicLong now = new AtomicLong(1_000);
    private final CircuitBreaker circuit = new CircuitBreaker(3, Duration.ofSeconds(10), now::get);

    @Test
    void opensAfterConsecutiveFailuresAndLetsOneTrialThroughAfterTheCoolDown() {
        circuit.failed();
        circuit.failed();
        assertTrue(circuit.allows());
        circuit.failed();
        assertFalse(circuit.allows());
        assertTrue(circuit.isOpen());

        now.addAndGet(10_000);
        assertTrue(circuit.allows(), "half-open: one trial");
        assertFalse(circuit.allows(), "only one trial at a time");
        circuit.failed();
        assertFalse(circuit.allows(), "the failed trial opens it again");

        now.addAndGet(10_000);
        assertTrue(circuit.allows());
        circuit.succeeded();
        assertTrue(circuit.allows());
        assertTrue(circuit.allows());
        assertFalse(circuit.isOpen());
    }

    @Test
    void aSuccessResetsTheCount() {
        circuit.failed();
        circuit.failed();
        circuit.succeeded();
        circuit.failed();
        circuit.failed();
        assertTrue(circuit.allows());
    }

    @Test
    void aTrialWhoseCallerHungUpLetsTheNextTrialThrough() {
        circuit.failed();
        circuit.failed();
        circuit.failed();
        now.addAndGet(10_000);
        assertTrue(circuit.allows(), "the trial");
        circuit.abandoned();
        assertTrue(circuit.allows(), "another trial: the first one told nothing about the service");
        circuit.succeeded();
        assertFalse(circuit.isOpen());
    }

    @Test
    void abandonedRequestsCountNeitherWay() {
        circuit.failed();
        circuit.failed();
        circuit.abandoned();
        circuit.abandoned();
        circuit.abandoned();
        assertTrue(circuit.allows());
        circuit.failed();
        assertFalse(circuit.allows(), "the failures before the abandoned requests still count");
    }
}
