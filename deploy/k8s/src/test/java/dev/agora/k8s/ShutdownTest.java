package dev.agora.k8s;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** A pod told to stop drains first: it leaves the endpoints, finishes its requests, and only then is killed. */
class ShutdownTest {

    @ParameterizedTest(name = "{0}/{1}: serves while it leaves the endpoints and finishes its requests within the grace period")
    @MethodSource("dev.agora.k8s.Agora#overlaysAndServices")
    void drainsWithinTheGracePeriod(String overlay, String service) {
        Rendered rendered = Rendered.overlay(overlay);
        ServiceConfig config = ServiceConfig.of(service);
        Duration delay = Duration.parse("PT" + Env.of(rendered, service).value("AGORA_SHUTDOWN_DELAY").toUpperCase());
        Duration timeout = Duration.parse("PT" + config.resolved("quarkus.shutdown.timeout").toUpperCase());
        int grace = Yaml.integer(rendered.deployment(service), "spec", "template", "spec", "terminationGracePeriodSeconds");

        assertTrue("true".equals(config.resolved("quarkus.shutdown.delay-enabled")), service + ": no shutdown delay");
        assertTrue(delay.toSeconds() >= 3, overlay + "/" + service + ": " + delay + " is too short for the endpoints to drop the pod");
        assertTrue(delay.plus(timeout).toSeconds() < grace, overlay + "/" + service + ": delay " + delay + " + timeout "
                + timeout + " do not fit the grace period of " + grace + " s");
    }
}
