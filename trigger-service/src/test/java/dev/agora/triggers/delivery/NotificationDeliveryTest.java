package dev.agora.triggers.delivery;

import static dev.agora.triggers.delivery.Deliveries.awaitResults;
import static dev.agora.triggers.delivery.Deliveries.fire;
import static dev.agora.triggers.delivery.Deliveries.trigger;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.UUID;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import dev.agora.testsupport.EventContracts;
import dev.agora.testsupport.KafkaTestResource;
import dev.agora.testsupport.PostgresTestResource;
import dev.agora.testsupport.TestDatabase;
import dev.agora.testsupport.TopicReader;
import io.quarkus.test.common.TestResourceScope;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;

/** Notification actions ask marketplace-service to notify the owner, with an id stable per job. */
@QuarkusTest
@WithTestResource(value = PostgresTestResource.class, scope = TestResourceScope.GLOBAL)
@WithTestResource(value = KafkaTestResource.class, scope = TestResourceScope.GLOBAL)
class NotificationDeliveryTest {
    private static TopicReader events;

    private final UUID owner = UUID.randomUUID();

    @BeforeAll
    static void subscribe() {
        events = TopicReader.of("triggers.v1");
    }

    @AfterAll
    static void close() {
        events.close();
    }

    @Test
    void publishesAConformingNotificationRequestWithTheJobIdAsItsId() throws Exception {
        Deliveries.Created trigger = trigger(owner, "Watch 42", "[{'type':'notification','priority':0,'config':{"
                + "'title':'Low score {{event.score}}','message':'Agent {{event.agentId}} on {{trigger.name}}',"
                + "'priority':'high','data':{'score':'{{event.score}}','tags':{'first':'{{event.tag1}}'}}}}]");
        fire(trigger, 9);

        TopicReader.Received requested = events.await(r -> trigger.id().equals(r.key())
                && "agora.trigger.notification-requested.v1".equals(r.header("ce_type")), Duration.ofSeconds(60));
        assertEquals(List.of(), new EventContracts(Path.of("../contracts")).violations("triggers.v1",
                "agora.trigger.notification-requested.v1", requested.value()), requested.value());
        JsonNode payload = new ObjectMapper().readTree(requested.value());
        assertEquals("Low score 9", payload.get("title").asText());
        assertEquals("Agent 42 on Watch 42", payload.get("message").asText());
        assertEquals("high", payload.get("priority").asText());
        assertEquals(owner.toString(), payload.get("ownerId").asText());
        assertEquals("9", payload.path("data").path("score").asText());
        assertEquals("latency", payload.path("data").path("tags").path("first").asText());
        String jobId = TestDatabase.query("select cast(id as text) from action_jobs where trigger_id = cast(? as uuid)",
                trigger.id(), rows -> rows.next() ? rows.getString(1) : null);
        assertEquals(jobId, payload.get("notificationId").asText());
        String firingId = TestDatabase.query("select cast(id as text) from trigger_firings where trigger_id = cast(? as uuid)",
                trigger.id(), rows -> rows.next() ? rows.getString(1) : null);
        assertEquals(firingId, payload.get("firingId").asText());
        awaitResults(owner, trigger.id(), "success", 1);
    }

    @Test
    void defaultsTitleAndMessageFromTheTriggerAndTheEvent() throws Exception {
        Deliveries.Created trigger = trigger(owner, "Plain", "[{'type':'notification'}]");
        fire(trigger, 50);
        TopicReader.Received requested = events.await(r -> trigger.id().equals(r.key())
                && "agora.trigger.notification-requested.v1".equals(r.header("ce_type")), Duration.ofSeconds(60));
        JsonNode payload = new ObjectMapper().readTree(requested.value());
        assertEquals("Plain fired", payload.get("title").asText());
        assertEquals("medium", payload.get("priority").asText());
    }
}
