package dev.agora.common.events;

/** The platform's Kafka topics: one per publishing service, versioned. Each has a {@code <topic>.dlq} twin. */
public final class Topics {
    public static final String IDENTITY = "identity.v1";
    public static final String AGENTS = "agents.v1";
    public static final String DEPLOYMENTS = "deployments.v1";
    public static final String MARKETPLACE = "marketplace.v1";
    public static final String TRIGGERS = "triggers.v1";

    private Topics() {
    }

    public static String deadLetterTopic(String topic) {
        return topic + ".dlq";
    }
}
