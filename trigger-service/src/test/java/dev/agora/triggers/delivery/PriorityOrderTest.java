package dev.agora.triggers.delivery;

import static dev.agora.triggers.delivery.Deliveries.fire;
import static dev.agora.triggers.delivery.Deliveries.trigger;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import dev.agora.testsupport.KafkaTestResource;
import dev.agora.testsupport.PostgresTestResource;
import dev.agora.triggers.TestReceiver;
import dev.agora.triggers.TestReceiver.Answer;
import io.quarkus.test.common.TestResourceScope;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;

/** With one free worker, due jobs are claimed one at a time: the lowest priority number first. */
@QuarkusTest
@TestProfile(PriorityOrderTest.OneWorker.class)
@WithTestResource(value = PostgresTestResource.class, scope = TestResourceScope.GLOBAL)
@WithTestResource(value = KafkaTestResource.class, scope = TestResourceScope.GLOBAL)
class PriorityOrderTest {
    private static TestReceiver receiver;

    private final UUID owner = UUID.randomUUID();

    public static class OneWorker implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("agora.triggers.delivery.workers", "1");
        }
    }

    @BeforeAll
    static void start() {
        receiver = TestReceiver.start();
    }

    @AfterAll
    static void stop() {
        receiver.close();
    }

    @Test
    void claimsTheLowestPriorityNumberFirst() {
        for (String path : List.of("/p1", "/p2", "/p3")) {
            receiver.script(path, Answer.of(200));
        }
        Deliveries.Created created = trigger(owner, "Ordered", "[{'type':'rest','priority':3,'config':{'url':'"
                + receiver.url("/p3") + "'}},{'type':'rest','priority':1,'config':{'url':'" + receiver.url("/p1")
                + "'}},{'type':'rest','priority':2,'config':{'url':'" + receiver.url("/p2") + "'}}]");
        fire(created, 10);

        List<TestReceiver.Received> arrived = List.of(receiver.await("/p1", 1).get(0), receiver.await("/p2", 1).get(0),
                receiver.await("/p3", 1).get(0));
        assertEquals(List.of("/p1", "/p2", "/p3"), arrived.stream()
                .sorted(Comparator.comparingLong(TestReceiver.Received::atMillis)).map(TestReceiver.Received::path).toList());
    }
}
