package dev.agora.triggers.delivery;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;

import jakarta.inject.Inject;

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import dev.agora.testsupport.KafkaTestResource;
import dev.agora.testsupport.PostgresTestResource;
import dev.agora.triggers.FakeTelegramResource;
import dev.agora.triggers.TestReceiver;
import dev.agora.triggers.delivery.action.TelegramRateLimiter;
import dev.agora.triggers.delivery.repository.TelegramSlotRepository;
import dev.agora.triggers.delivery.repository.TelegramSlotRepository.Slot;
import io.quarkus.test.common.TestResourceScope;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.vertx.VertxContextSupport;

/**
 * Two limiters sharing the database, as two replicas do: together they send at most 30 messages a second overall and
 * one a second per chat (by the fake Bot API's clock), and every message is sent.
 */
@QuarkusTest
@WithTestResource(value = PostgresTestResource.class, scope = TestResourceScope.GLOBAL)
@WithTestResource(value = KafkaTestResource.class, scope = TestResourceScope.GLOBAL)
@WithTestResource(value = FakeTelegramResource.class, scope = TestResourceScope.GLOBAL)
class TelegramRateLimiterTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final int PER_SECOND = 30;
    private static final Duration PER_CHAT = Duration.ofSeconds(1);
    /** How much later than its slot a message may reach the fake Bot API (threads, HTTP) on a loaded machine. */
    private static final long JITTER_MILLIS = 300;
    private static final String PATH = "/botreplicas/sendMessage";

    @Inject
    TelegramSlotRepository slots;

    private record Message(String chat, int number, TelegramRateLimiter replica) {
    }

    @Test
    void twoReplicasTogetherKeepBothLimitsAndDropNothing() throws Exception {
        TelegramRateLimiter replicaA = new TelegramRateLimiter(slots, PER_SECOND, PER_CHAT);
        TelegramRateLimiter replicaB = new TelegramRateLimiter(slots, PER_SECOND, PER_CHAT);
        String run = UUID.randomUUID().toString().substring(0, 8);
        List<Message> messages = new ArrayList<>();
        // 3 busy chats of 5 messages (4 s at one a second) and 45 chats of one (60 messages: 2 s at 30 a second)
        for (int chat = 0; chat < 48; chat++) {
            for (int number = 0; number < (chat < 3 ? 5 : 1); number++) {
                messages.add(new Message("@" + run + "_" + chat, number, messages.size() % 2 == 0 ? replicaA : replicaB));
            }
        }
        Collections.shuffle(messages);
        Map<String, Instant> reserved = new ConcurrentHashMap<>();
        HttpClient client = HttpClient.newHttpClient();
        ExecutorService senders = Executors.newFixedThreadPool(32);
        ScheduledExecutorService atSlot = Executors.newScheduledThreadPool(32);
        try (TestReceiver botApi = TestReceiver.start()) {
            // warm the client and the receiver up (connections, JIT) so that sends follow their slots closely
            List<Future<Integer>> warmUp = new ArrayList<>();
            for (int i = 0; i < 32; i++) {
                warmUp.add(senders.submit(() -> client.send(HttpRequest.newBuilder(URI.create(botApi.url("/warm-up")))
                        .GET().build(), HttpResponse.BodyHandlers.discarding()).statusCode()));
            }
            for (Future<Integer> request : warmUp) {
                request.get(60, TimeUnit.SECONDS);
            }
            List<Future<Integer>> sent = new ArrayList<>();
            for (Message message : messages) {
                sent.add(senders.submit(() -> {
                    Slot slot = reserve(message);
                    reserved.put(message.chat() + "#" + message.number(), slot.at());
                    String body = JSON.createObjectNode().put("chat_id", message.chat())
                            .put("text", String.valueOf(message.number())).toString();
                    // sent at its slot, as the worker's timer would
                    return atSlot.schedule(() -> client.send(HttpRequest.newBuilder(URI.create(botApi.url(PATH)))
                            .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(body))
                            .build(), HttpResponse.BodyHandlers.discarding()).statusCode(),
                            Math.max(0, slot.waitMillis()), TimeUnit.MILLISECONDS).get();
                }));
            }
            for (Future<Integer> send : sent) {
                assertEquals(200, send.get(60, TimeUnit.SECONDS));
            }
            List<TestReceiver.Received> received = botApi.received(PATH);

            // nothing dropped: every message arrived once
            assertEquals(messages.size(), received.size());
            assertEquals(messages.size(), received.stream().map(TestReceiver.Received::body).distinct().count());

            // the slots the two replicas reserved: 1/30 s apart overall, a second apart per chat
            List<Instant> all = reserved.values().stream().sorted().toList();
            for (int i = 1; i < all.size(); i++) {
                assertTrue(Duration.between(all.get(i - 1), all.get(i)).toNanos() >= 1_000_000_000L / PER_SECOND,
                        "slots " + all.get(i - 1) + " and " + all.get(i));
            }
            Map<String, List<Instant>> byChat = reserved.entrySet().stream().collect(Collectors.groupingBy(
                    e -> e.getKey().substring(0, e.getKey().indexOf('#')),
                    Collectors.mapping(Map.Entry::getValue, Collectors.toList())));
            byChat.values().forEach(times -> {
                List<Instant> sorted = times.stream().sorted().toList();
                for (int i = 1; i < sorted.size(); i++) {
                    assertTrue(Duration.between(sorted.get(i - 1), sorted.get(i)).compareTo(PER_CHAT) >= 0);
                }
            });

            // the requests as the Bot API saw them
            Map<String, List<Long>> arrivals = received.stream().collect(Collectors.groupingBy(
                    r -> chatOf(r.body()), Collectors.mapping(TestReceiver.Received::atMillis, Collectors.toList())));
            arrivals.forEach((chat, times) -> {
                List<Long> sorted = times.stream().sorted().toList();
                for (int i = 1; i < sorted.size(); i++) {
                    long gap = sorted.get(i) - sorted.get(i - 1);
                    assertTrue(gap >= PER_CHAT.toMillis() - JITTER_MILLIS, chat + ": messages " + gap + " ms apart");
                }
            });
            assertEquals(5, arrivals.get("@" + run + "_0").size());
            List<Long> times = received.stream().map(TestReceiver.Received::atMillis).sorted().toList();
            long window = 1000 - JITTER_MILLIS;
            // arrivals within `window` have their slots within a second: at most 30
            for (int i = 0; i < times.size(); i++) {
                long start = times.get(i);
                long inWindow = times.stream().filter(t -> t >= start && t < start + window).count();
                assertTrue(inWindow <= PER_SECOND, inWindow + " messages within " + window + " ms");
            }
            long span = times.get(times.size() - 1) - times.get(0);
            assertTrue(span >= 4 * PER_CHAT.toMillis() - JITTER_MILLIS, "the busy chats took " + span + " ms");
        } finally {
            senders.shutdownNow();
            atSlot.shutdownNow();
        }
    }

    private static Slot reserve(Message message) throws Exception {
        try {
            return VertxContextSupport.subscribeAndAwait(() -> message.replica().reserve(message.chat()));
        } catch (Exception | Error e) {
            throw e;
        } catch (Throwable t) {
            throw new IllegalStateException(t);
        }
    }

    private static String chatOf(String body) {
        try {
            JsonNode json = JSON.readTree(body);
            return json.get("chat_id").asText();
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }
}
