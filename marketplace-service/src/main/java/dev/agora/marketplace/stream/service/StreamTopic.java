package dev.agora.marketplace.stream.service;

import java.util.Arrays;
import java.util.Optional;

/** What a client can subscribe to on {@code GET /api/marketplace/notifications/stream?topics=}. */
public enum StreamTopic {
    /** the caller's new notifications */
    NOTIFICATIONS("notifications"),
    /** changes of the caller's own agents (agents.v1), and public catalog changes */
    AGENTS("agents"),
    /** deployment and runtime events of the caller's agents (deployments.v1) */
    DEPLOYMENTS("deployments");

    private final String wireName;

    StreamTopic(String wireName) {
        this.wireName = wireName;
    }

    public String wireName() {
        return wireName;
    }

    public static Optional<StreamTopic> of(String wireName) {
        return Arrays.stream(values()).filter(topic -> topic.wireName.equals(wireName)).findFirst();
    }
}
