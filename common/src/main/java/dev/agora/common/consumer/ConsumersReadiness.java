package dev.agora.common.consumer;

import java.util.Map;

import jakarta.enterprise.context.ApplicationScoped;

import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.HealthCheckResponseBuilder;
import org.eclipse.microprofile.health.Readiness;

/**
 * Not ready while a consumer waits for the database or the broker: the instance cannot keep its projections current
 * (nor, most likely, answer its requests) until they are back. Each waiting topic is named with the failure it waits
 * out and since when.
 */
@Readiness
@ApplicationScoped
public class ConsumersReadiness implements HealthCheck {
    private final ConsumerPauses pauses;

    public ConsumersReadiness(ConsumerPauses pauses) {
        this.pauses = pauses;
    }

    @Override
    public HealthCheckResponse call() {
        Map<String, ConsumerPauses.Pause> waiting = pauses.current();
        HealthCheckResponseBuilder response = HealthCheckResponse.named("event consumers").status(waiting.isEmpty());
        waiting.forEach((topic, pause) -> response.withData(topic, "paused since " + pause.since() + ": " + pause.failure()));
        return response.build();
    }
}
