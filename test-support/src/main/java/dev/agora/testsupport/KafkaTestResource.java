package dev.agora.testsupport;

import java.util.Map;

import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;

import dev.agora.localinfra.KafkaBroker;

/** A real Kafka broker (its own process) for a module's {@code @QuarkusTest}s. */
public class KafkaTestResource implements QuarkusTestResourceLifecycleManager {
    private KafkaBroker broker;

    @Override
    public Map<String, String> start() {
        broker = KafkaBroker.startTemporary();
        return Map.of("kafka.bootstrap.servers", broker.bootstrapServers());
    }

    @Override
    public void stop() {
        if (broker != null) {
            broker.close();
        }
    }
}
