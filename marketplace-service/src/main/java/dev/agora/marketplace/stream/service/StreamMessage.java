package dev.agora.marketplace.stream.service;

/**
 * One Server-Sent Event for a client: {@code event} is its name (notification, agent, catalog, deployment, ready),
 * {@code id} its id or null, {@code json} its data; a null {@code event} is a heartbeat comment.
 */
public record StreamMessage(String event, String id, String json) {

    public static StreamMessage heartbeat() {
        return new StreamMessage(null, null, null);
    }

    public boolean isHeartbeat() {
        return event == null;
    }
}
