package dev.agora.triggers.delivery;

import static dev.agora.triggers.delivery.Deliveries.awaitResults;
import static dev.agora.triggers.delivery.Deliveries.fire;
import static dev.agora.triggers.delivery.Deliveries.trigger;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URI;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.eclipse.microprofile.config.ConfigProvider;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import dev.agora.testsupport.KafkaTestResource;
import dev.agora.testsupport.PostgresTestResource;
import dev.agora.triggers.FakeTelegramResource;
import dev.agora.triggers.TestReceiver;
import dev.agora.triggers.TestReceiver.Answer;
import io.quarkus.test.common.TestResourceScope;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;

/**
 * Telegram actions against a fake Bot API: MarkdownV2 escaping, per-chat rate limit (short waits and queued jobs), 429
 * retry_after, tokens.
 */
@QuarkusTest
@WithTestResource(value = PostgresTestResource.class, scope = TestResourceScope.GLOBAL)
@WithTestResource(value = KafkaTestResource.class, scope = TestResourceScope.GLOBAL)
@WithTestResource(value = FakeTelegramResource.class, scope = TestResourceScope.GLOBAL)
class TelegramDeliveryTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String TOKEN = "123456:AAH-bot-token_secret";
    private static TestReceiver botApi;

    private final UUID owner = UUID.randomUUID();

    @BeforeAll
    static void start() {
        String base = ConfigProvider.getConfig().getValue("agora.triggers.delivery.telegram.api-base-url", String.class);
        botApi = TestReceiver.start(URI.create(base).getPort());
    }

    @AfterAll
    static void stop() {
        botApi.close();
    }

    private static String telegram(Object chatId, String message, boolean withToken) {
        return "[{'type':'telegram','config':{'chatId':" + (chatId instanceof String ? "'" + chatId + "'" : chatId)
                + ",'message':'" + message + "'" + (withToken ? ",'botToken':'" + TOKEN + "'" : "") + "}}]";
    }

    @Test
    void sendsMarkdownV2WithEveryValueEscaped() throws Exception {
        Deliveries.Created trigger = trigger(owner, "v1.2 (beta) [prod]_x!", telegram(1001,
                "*Alert* for {{trigger.name}}: score {{event.score}} on agent {{event.agentId}}, tag {{event.tag1}}", true));
        fire(trigger, 7);

        TestReceiver.Received sent = botApi.await("/bot" + TOKEN + "/sendMessage", 1).stream()
                .filter(r -> r.body().contains("1001")).findFirst().orElseThrow();
        JsonNode body = JSON.readTree(sent.body());
        assertEquals(1001, body.get("chat_id").asInt());
        assertEquals("MarkdownV2", body.get("parse_mode").asText());
        assertEquals("*Alert* for v1\\.2 \\(beta\\) \\[prod\\]\\_x\\!: score 7 on agent 42, tag latency",
                body.get("text").asText());
        awaitResults(owner, trigger.id(), "success", 1);
    }

    @Test
    void queuesMessagesToOneChatOneASecondInsteadOfDroppingThem() throws Exception {
        String path = "/bot" + TOKEN + "/sendMessage";
        Deliveries.Created trigger = trigger(owner, "Chatty", telegram("@agora_rates", "Score {{event.score}}", true));
        for (int i = 0; i < 3; i++) {
            fire(trigger, 10 + i);
        }
        awaitResults(owner, trigger.id(), "success", 3);
        List<TestReceiver.Received> sent = botApi.received(path).stream()
                .filter(r -> r.body().contains("@agora_rates")).toList();
        assertEquals(3, sent.size());
        for (int i = 1; i < sent.size(); i++) {
            long gap = sent.get(i).atMillis() - sent.get(i - 1).atMillis();
            assertTrue(gap >= 900, "messages to one chat " + gap + " ms apart");
        }
    }

    @Test
    void queuesAMessageWhoseSlotIsFarOffWithoutCountingAnAttempt() throws Exception {
        String path = "/bot" + TOKEN + "/sendMessage";
        // six messages to one chat: the last slots are more than the longest timer wait (2 polls + 1 s) away
        Deliveries.Created trigger = trigger(owner, "Burst", telegram("@agora_burst", "Burst {{event.score}}", true));
        for (int i = 0; i < 6; i++) {
            fire(trigger, 20 + i);
        }
        List<Map<String, Object>> results = awaitResults(owner, trigger.id(), "success", 6);
        assertEquals(6, results.size());
        assertTrue(results.stream().allMatch(r -> ((Number) r.get("attempt")).intValue() == 1), results.toString());
        List<Long> sent = botApi.received(path).stream().filter(r -> r.body().contains("@agora_burst"))
                .map(TestReceiver.Received::atMillis).sorted().toList();
        assertEquals(6, sent.size());
        for (int i = 1; i < sent.size(); i++) {
            long gap = sent.get(i) - sent.get(i - 1);
            assertTrue(gap >= 900, "messages to one chat " + gap + " ms apart");
        }
    }

    @Test
    void waitsAsTheBotApiAsksOnTooManyRequests() throws Exception {
        String token = "987654:other-bot-token";
        String path = "/bot" + token + "/sendMessage";
        botApi.script(path, new Answer(429, Map.of("Content-Type", "application/json"),
                "{\"ok\":false,\"error_code\":429,\"description\":\"Too Many Requests: retry after 1\","
                        + "\"parameters\":{\"retry_after\":1}}", 0),
                Answer.of(200, "{\"ok\":true,\"result\":{}}"));
        Deliveries.Created trigger = trigger(owner, "Limited", "[{'type':'telegram','config':{'chatId':77,"
                + "'message':'hi','botToken':'" + token + "'}}]");
        fire(trigger, 10);
        List<TestReceiver.Received> sent = botApi.await(path, 2);
        assertTrue(sent.get(1).atMillis() - sent.get(0).atMillis() >= 950);
        List<Map<String, Object>> results = awaitResults(owner, trigger.id(), "success", 1);
        assertEquals("Too Many Requests: retry after 1", results.get(1).get("error"));
    }

    @Test
    void anActionWithoutABotTokenFailsFinallyWhenNoneIsConfigured() {
        Deliveries.Created trigger = trigger(owner, "No token", telegram(5, "hello", false));
        fire(trigger, 10);
        List<Map<String, Object>> results = awaitResults(owner, trigger.id(), "failed", 1);
        assertEquals(1, results.size());
        assertTrue(((String) results.get(0).get("error")).startsWith("no bot token"));
    }
}
