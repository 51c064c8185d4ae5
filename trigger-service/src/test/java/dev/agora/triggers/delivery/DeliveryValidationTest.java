package dev.agora.triggers.delivery;

import static dev.agora.triggers.TestChain.as;
import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItems;
import static org.hamcrest.Matchers.hasSize;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import jakarta.inject.Inject;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import dev.agora.testsupport.KafkaTestResource;
import dev.agora.testsupport.PostgresTestResource;
import dev.agora.triggers.TestReceiver;
import dev.agora.triggers.TestReceiver.Answer;
import dev.agora.triggers.delivery.service.DeliveryService;
import io.quarkus.test.common.TestResourceScope;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.vertx.VertxContextSupport;

/** Action settings are validated at creation (templates included); hourly metrics per action type. */
@QuarkusTest
@WithTestResource(value = PostgresTestResource.class, scope = TestResourceScope.GLOBAL)
@WithTestResource(value = KafkaTestResource.class, scope = TestResourceScope.GLOBAL)
class DeliveryValidationTest {
    private static TestReceiver receiver;

    private final UUID owner = UUID.randomUUID();

    @Inject
    DeliveryService delivery;

    @BeforeAll
    static void start() {
        receiver = TestReceiver.start();
    }

    @AfterAll
    static void stop() {
        receiver.close();
    }

    private static String withActions(String actions) {
        return ("{'name':'Validated','source':{'type':'chain','chainId':5,'registry':'reputation'},'actions':" + actions
                + "}").replace('\'', '"');
    }

    @Test
    void rejectsUnknownTemplateVariablesAndBadSettingsNamingTheirPaths() {
        as(owner).body(withActions("[{'type':'rest','config':{'url':'ftp://x','method':'TRACE','timeoutMs':300001,"
                + "'body':'{{event.scroe}}','expectedStatusCodes':[99],'headers':{'Host':'x','X-Ok':'{{secret.key}}'},"
                + "'retry':{'maxAttempts':0},'colour':'red'}},"
                + "{'type':'telegram','config':{'message':'{{trigger.name}} {{event.nope}}'}},"
                + "{'type':'mcp','config':{'serverUrl':'http://example.com/mcp','arguments':{'a':'{{firing.unknown}}'}}},"
                + "{'type':'notification','config':{'priority':'urgent','title':'{{event.data.deployment.status}}'}}]"))
                .when().post("/api/triggers").then().statusCode(400)
                .body("errors.field", hasItems("actions[0].config.url", "actions[0].config.method",
                        "actions[0].config.timeoutMs", "actions[0].config.body", "actions[0].config.expectedStatusCodes[0]",
                        "actions[0].config.headers.Host", "actions[0].config.headers.X-Ok",
                        "actions[0].config.retry.maxAttempts", "actions[0].config.colour", "actions[1].config.chatId",
                        "actions[1].config.message", "actions[2].config.toolName", "actions[2].config.arguments",
                        "actions[3].config.priority"));
        as(owner).body(withActions("[{'type':'rest','config':{'url':'https://example.com','body':'{{event.scroe}}'}}]"))
                .when().post("/api/triggers").then().statusCode(400)
                .body("errors[0].field", equalTo("actions[0].config.body"))
                .body("errors[0].message", org.hamcrest.Matchers.containsString("event.scroe"));
    }

    @Test
    void hourlyMetricsCountExecutionsPerActionTypeForTheOwnerOnly() {
        receiver.script("/metrics", Answer.of(500), Answer.of(200));
        Deliveries.Created trigger = Deliveries.trigger(owner, "Measured", "[{'type':'rest','config':{'url':'"
                + receiver.url("/metrics") + "'}},{'type':'notification'}]");
        Deliveries.fire(trigger, 3);
        Deliveries.awaitResults(owner, trigger.id(), "success", 2);
        try {
            VertxContextSupport.subscribeAndAwait(() -> delivery.rollUpMetrics());
        } catch (Throwable e) {
            throw new AssertionError(e);
        }
        Instant hour = Instant.now().truncatedTo(ChronoUnit.HOURS);
        List<Map<String, Object>> metrics = as(owner).queryParam("from", hour.minus(1, ChronoUnit.HOURS).toString())
                .queryParam("to", hour.plus(1, ChronoUnit.HOURS).toString()).when().get("/api/triggers/metrics").then()
                .statusCode(200).body("$", hasSize(2)).extract().jsonPath().getList("$");
        Map<String, Object> notification = metrics.stream().filter(m -> m.get("actionType").equals("notification"))
                .findFirst().orElseThrow();
        Map<String, Object> rest = metrics.stream().filter(m -> m.get("actionType").equals("rest")).findFirst()
                .orElseThrow();
        assertEquals(1, notification.get("executions"));
        assertEquals(2, rest.get("executions"));
        assertEquals(1, rest.get("successes"));
        assertEquals(1, rest.get("failures"));
        assertEquals(hour.toString(), rest.get("hour"));
        assertEquals(true, ((Number) rest.get("p95DurationMs")).doubleValue() >= ((Number) rest.get("meanDurationMs"))
                .doubleValue() - 0.001);

        as(UUID.randomUUID()).when().get("/api/triggers/metrics").then().statusCode(200).body("$", hasSize(0));
        as(owner).queryParam("from", "yesterday").when().get("/api/triggers/metrics").then().statusCode(400)
                .body("errors[0].field", equalTo("from"));
        as(owner).queryParam("from", "2026-01-02T00:00:00Z").queryParam("to", "2026-01-01T00:00:00Z").when()
                .get("/api/triggers/metrics").then().statusCode(400);
        given().when().get("/api/triggers/metrics").then().statusCode(401);
    }
}
