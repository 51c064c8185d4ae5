package dev.agora.triggers.delivery;

import static dev.agora.triggers.TestChain.as;
import static dev.agora.triggers.delivery.Deliveries.awaitResults;
import static dev.agora.triggers.delivery.Deliveries.fire;
import static dev.agora.triggers.delivery.Deliveries.trigger;
import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItems;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

import org.awaitility.Awaitility;
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
import dev.agora.triggers.TestReceiver;
import dev.agora.triggers.TestReceiver.Answer;
import io.quarkus.test.common.TestResourceScope;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;

/** The circuit breaker per trigger: open after N failures, jobs wait, one probe after the cool-down, closed again. */
@QuarkusTest
@WithTestResource(value = PostgresTestResource.class, scope = TestResourceScope.GLOBAL)
@WithTestResource(value = KafkaTestResource.class, scope = TestResourceScope.GLOBAL)
class CircuitBreakerTest {
    private static final EventContracts CONTRACTS = new EventContracts(Path.of("../contracts"));
    private static TestReceiver receiver;
    private static TopicReader events;

    private final UUID owner = UUID.randomUUID();

    @BeforeAll
    static void start() {
        receiver = TestReceiver.start();
        events = TopicReader.of("triggers.v1");
    }

    @AfterAll
    static void stop() {
        receiver.close();
        events.close();
    }

    private Deliveries.Created failing(String path) {
        receiver.script(path, Answer.of(503));
        Deliveries.Created trigger = trigger(owner, "Flaky " + path, "[{'type':'rest','config':{'url':'"
                + receiver.url(path) + "','retry':{'maxAttempts':1}}}]");
        as(owner).body("{\"failureThreshold\":2,\"cooldownSeconds\":3}").when()
                .patch("/api/triggers/" + trigger.id() + "/circuit-breaker").then().statusCode(200)
                .body("failureThreshold", equalTo(2)).body("cooldownSeconds", equalTo(3)).body("state", equalTo("closed"));
        return trigger;
    }

    private String state(String triggerId) {
        return as(owner).when().get("/api/triggers/" + triggerId + "/circuit-breaker").then().statusCode(200)
                .extract().path("state");
    }

    @Test
    void opensAfterConsecutiveFailuresHoldsJobsThenProbesAndCloses() throws Exception {
        Deliveries.Created trigger = failing("/cb");
        fire(trigger, 1);
        awaitResults(owner, trigger.id(), "failed", 1);
        fire(trigger, 2);
        awaitResults(owner, trigger.id(), "failed", 2);
        Awaitility.await().atMost(Duration.ofSeconds(30)).until(() -> "open".equals(state(trigger.id())));
        TopicReader.Received opened = events.await(r -> trigger.id().equals(r.key())
                && "agora.trigger.circuit-opened.v1".equals(r.header("ce_type")), Duration.ofSeconds(30));
        assertEquals(List.of(), CONTRACTS.violations("triggers.v1", "agora.trigger.circuit-opened.v1", opened.value()));
        JsonNode payload = new ObjectMapper().readTree(opened.value());
        assertEquals(2, payload.get("consecutiveFailures").asInt());
        Instant retryAt = Instant.parse(payload.get("retryAt").asText());

        // while open, the next job waits (it is not dropped)
        receiver.script("/cb", Answer.of(200));
        fire(trigger, 3);
        Awaitility.await().during(Duration.ofSeconds(1)).atMost(Duration.ofSeconds(3))
                .until(() -> receiver.received("/cb").size() == 2);
        assertEquals(1, TestDatabase.queryLong("select count(*) from action_jobs where trigger_id = cast(? as uuid)"
                + " and status = 'pending'", trigger.id()));

        // after the cool-down one probe goes through; it succeeds and the breaker closes
        awaitResults(owner, trigger.id(), "success", 1);
        TestReceiver.Received probe = receiver.received("/cb").get(2);
        assertTrue(probe.atMillis() >= retryAt.toEpochMilli() - 50, "probe before retryAt");
        Awaitility.await().atMost(Duration.ofSeconds(30)).until(() -> "closed".equals(state(trigger.id())));
        as(owner).when().get("/api/triggers/" + trigger.id() + "/circuit-breaker").then()
                .body("consecutiveFailures", equalTo(0)).body("retryAt", equalTo(null));
    }

    @Test
    void aFailedProbeOpensTheBreakerAgainAndResetClosesIt() {
        Deliveries.Created trigger = failing("/cb-reopen");
        fire(trigger, 1);
        fire(trigger, 2);
        awaitResults(owner, trigger.id(), "failed", 2);
        Awaitility.await().atMost(Duration.ofSeconds(30)).until(() -> "open".equals(state(trigger.id())));
        fire(trigger, 3);
        // the probe (after 3 s) fails: open again, with a new cool-down
        events.awaitCount(r -> trigger.id().equals(r.key()) && "agora.trigger.circuit-opened.v1".equals(r.header("ce_type")),
                2, Duration.ofSeconds(60));
        assertEquals("open", state(trigger.id()));

        receiver.script("/cb-reopen", Answer.of(200));
        fire(trigger, 4);
        as(owner).when().post("/api/triggers/" + trigger.id() + "/circuit-breaker/reset").then().statusCode(200)
                .body("state", equalTo("closed")).body("consecutiveFailures", equalTo(0));
        awaitResults(owner, trigger.id(), "success", 1);
    }

    @Test
    void aTriggerFailingForDaysIsDisabled() throws Exception {
        Deliveries.Created trigger = failing("/cb-days");
        as(owner).body("{\"failureThreshold\":1000}").when().patch("/api/triggers/" + trigger.id() + "/circuit-breaker")
                .then().statusCode(200).body("cooldownSeconds", equalTo(3));
        fire(trigger, 1);
        awaitResults(owner, trigger.id(), "failed", 1);
        TestDatabase.execute("update triggers set failing_since = now() - interval '4 days' where id = cast(? as uuid)",
                trigger.id());
        fire(trigger, 2);

        TopicReader.Received disabled = events.await(r -> trigger.id().equals(r.key())
                && "agora.trigger.disabled.v1".equals(r.header("ce_type")), Duration.ofSeconds(60));
        assertEquals(List.of(), CONTRACTS.violations("triggers.v1", "agora.trigger.disabled.v1", disabled.value()));
        as(owner).when().get("/api/triggers/" + trigger.id()).then().statusCode(200).body("enabled", equalTo(false));
        // disabled triggers no longer fire
        fire(trigger, 3);
        assertEquals(2, TestDatabase.queryLong("select count(*) from trigger_firings where trigger_id = cast(? as uuid)",
                trigger.id()));
    }

    @Test
    void theJobWithTheLowestPriorityNumberGoesFirst() {
        receiver.script("/p5", Answer.of(200));
        receiver.script("/p0", Answer.of(200));
        receiver.script("/p3", Answer.of(200));
        Deliveries.Created trigger = trigger(owner, "Priorities", "[{'type':'rest','priority':5,'config':{'url':'"
                + receiver.url("/p5") + "'}},{'type':'rest','priority':0,'config':{'url':'" + receiver.url("/p0")
                + "'}},{'type':'rest','priority':3,'config':{'url':'" + receiver.url("/p3") + "'}}]");
        // the breaker holds the jobs; once its cool-down is over the probe is the first job by priority
        TestDatabase.execute("update triggers set cb_state = 'open', cb_retry_at = now() + interval '2 seconds'"
                + " where id = cast(? as uuid)", trigger.id());
        fire(trigger, 1);
        awaitResults(owner, trigger.id(), "success", 3);
        long p0 = receiver.received("/p0").get(0).atMillis();
        assertTrue(p0 <= receiver.received("/p3").get(0).atMillis());
        assertTrue(p0 <= receiver.received("/p5").get(0).atMillis());
    }

    @Test
    void circuitBreakerEndpointsValidateAndBelongToTheOwner() {
        Deliveries.Created trigger = trigger(owner, "Breaker settings", "[{'type':'notification'}]");
        String path = "/api/triggers/" + trigger.id() + "/circuit-breaker";
        as(owner).when().get(path).then().statusCode(200).body("state", equalTo("closed"))
                .body("failureThreshold", equalTo(10)).body("cooldownSeconds", equalTo(3600));
        as(owner).body("{\"failureThreshold\":0,\"cooldownSeconds\":\"soon\",\"colour\":1}").when().patch(path).then()
                .statusCode(400).body("errors.field", hasItems("failureThreshold", "cooldownSeconds", "colour"));
        as(owner).body("[]").when().patch(path).then().statusCode(400);

        UUID stranger = UUID.randomUUID();
        given().when().get(path).then().statusCode(401);
        given().contentType("application/json").body("{}").when().patch(path).then().statusCode(401);
        given().when().post(path + "/reset").then().statusCode(401);
        as(stranger).when().get(path).then().statusCode(404);
        as(stranger).body("{\"failureThreshold\":5}").when().patch(path).then().statusCode(404);
        as(stranger).when().post(path + "/reset").then().statusCode(404);
        as(owner).when().get("/api/triggers/" + UUID.randomUUID() + "/circuit-breaker").then().statusCode(404);
    }
}
