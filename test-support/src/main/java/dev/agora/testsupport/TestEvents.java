package dev.agora.testsupport;

import java.util.UUID;

import org.eclipse.microprofile.config.ConfigProvider;

/** Sends CloudEvents (binary mode) into a {@code @QuarkusTest}'s broker ({@code kafka.bootstrap.servers}). */
public final class TestEvents {
    private TestEvents() {
    }

    /** The broker the service under test uses. */
    public static String bootstrapServers() {
        return ConfigProvider.getConfig().getValue("kafka.bootstrap.servers", String.class);
    }

    /** Sends under record key {@code key} (which picks the partition) with a new event id, and returns that id. */
    public static String send(String topic, String key, String type, String jsonBody) {
        return sendAs(topic, key, UUID.randomUUID().toString(), type, jsonBody);
    }

    /** Sends with a chosen event id (ce_id; sending the same id twice is a redelivery), and returns that id. */
    public static String sendAs(String topic, String key, String eventId, String type, String body) {
        TopicReader.send(bootstrapServers(), topic, key, body, TopicReader.cloudEvent(eventId, type, key));
        return eventId;
    }

    /** Sends with {@code ce_audience} (who may see the event, as JSON) and a new event id, and returns that id. */
    public static String sendFor(String audience, String topic, String key, String type, String body) {
        String eventId = UUID.randomUUID().toString();
        TopicReader.send(bootstrapServers(), topic, key, body, TopicReader.cloudEvent(eventId, type, key, audience));
        return eventId;
    }

    /** The audience JSON naming these users (the parties of an event). */
    public static String usersAudience(Object... userIds) {
        StringBuilder json = new StringBuilder("{\"users\":[");
        for (int i = 0; i < userIds.length; i++) {
            json.append(i == 0 ? "" : ",").append('"').append(userIds[i]).append('"');
        }
        return json.append("]}").toString();
    }

    public static final String PUBLIC_AUDIENCE = "{\"public\":true}";
}
