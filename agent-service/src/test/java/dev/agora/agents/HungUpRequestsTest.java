package dev.agora.agents;

import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.lessThanOrEqualTo;
import static org.hamcrest.Matchers.startsWith;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.junit.jupiter.api.Test;

import dev.agora.agents.TestAgents.Caller;
import dev.agora.testsupport.HangingUpCallers;
import dev.agora.testsupport.HangingUpCallers.Call;
import dev.agora.testsupport.KafkaTestResource;
import dev.agora.testsupport.PostgresTestResource;
import dev.agora.testsupport.TestTokens;
import io.quarkus.test.common.TestResourceScope;
import io.quarkus.test.common.WithTestResource;
import io.restassured.RestAssured;
import io.quarkus.test.junit.QuarkusTest;

/**
 * Callers hanging up on writes in flight (a load generator ending its run, the gateway resetting an exchange whose
 * own caller left) must not cost the service database connections: each transaction still ends, and its connection
 * goes back to the pool.
 */
@QuarkusTest
@WithTestResource(value = PostgresTestResource.class, scope = TestResourceScope.GLOBAL)
@WithTestResource(value = KafkaTestResource.class, scope = TestResourceScope.GLOBAL)
class HungUpRequestsTest {

    @Test
    void writesWhoseCallersHungUpGiveTheirDatabaseConnectionsBack() throws Exception {
        Caller owner = Caller.user();
        List<String> agents = new ArrayList<>();
        for (int i = 0; i < 16; i++) {
            agents.add(TestAgents.create(owner, List.of()));
        }
        Map<String, String> headers = Map.of("Authorization", "Bearer " + TestTokens.forUser(owner.id()),
                "Content-Type", "application/json");
        int before = HangingUpCallers.activeSqlConnections();

        int answered = 0;
        for (int round = 0; round < 6; round++) {
            answered += HangingUpCallers.keepBusyThenHangUp(RestAssured.port, 32, Duration.ofMillis(400),
                    n -> new Call("PATCH", "/api/agents/" + agents.get(n % agents.size()), headers,
                            "{\"description\":\"update " + n + " " + UUID.randomUUID() + "\"}"));
        }

        assertTrue(answered >= 32, "the callers kept the service busy (" + answered + " answers)");
        await().atMost(Duration.ofSeconds(15))
                .until(HangingUpCallers::activeSqlConnections, lessThanOrEqualTo(before));
        owner.request().when().get("/api/agents/" + agents.get(0)).then().statusCode(200)
                .body("description", startsWith("update "));
    }
}
