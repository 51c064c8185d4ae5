package dev.agora.triggers.delivery;

import static dev.agora.triggers.TestChain.as;
import static dev.agora.triggers.delivery.Deliveries.awaitResults;
import static dev.agora.triggers.delivery.Deliveries.fire;
import static dev.agora.triggers.delivery.Deliveries.trigger;
import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasSize;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

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

/** REST actions against a local receiver: retries, Retry-After, final 4xx, timeouts, signatures, dead letters, leases. */
@QuarkusTest
@WithTestResource(value = PostgresTestResource.class, scope = TestResourceScope.GLOBAL)
@WithTestResource(value = KafkaTestResource.class, scope = TestResourceScope.GLOBAL)
class RestDeliveryTest {
    private static final ObjectMapper JSON = new ObjectMapper();
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

    private static String rest(String path, String extra) {
        return "[{'type':'rest','config':{'url':'" + receiver.url(path) + "'" + extra + "}}]";
    }

    @Test
    void retriesAServerErrorAndSucceedsWithConformingEvents() {
        receiver.script("/retry", Answer.of(500, "{\"error\":\"boom\"}"), Answer.of(200, "{\"ok\":true}"));
        Deliveries.Created trigger = trigger(owner, "Retry me", rest("/retry", ""));
        fire(trigger, 20);

        List<Map<String, Object>> results = awaitResults(owner, trigger.id(), "success", 1);
        assertEquals(2, receiver.received("/retry").size());
        assertEquals(List.of("success", "retrying"), results.stream().map(r -> r.get("status")).toList());
        Map<String, Object> retrying = results.get(1);
        assertEquals(500, retrying.get("httpStatus"));
        assertEquals(1, retrying.get("attempt"));
        assertEquals(0, retrying.get("retryCount"));
        assertEquals("{\"error\":\"boom\"}", retrying.get("responseExcerpt"));
        assertEquals(2, results.get(0).get("attempt"));
        assertEquals(1, results.get(0).get("retryCount"));

        TopicReader.Received failed = events.await(r -> trigger.id().equals(r.key())
                && "agora.action.failed.v1".equals(r.header("ce_type")), Duration.ofSeconds(30));
        TopicReader.Received succeeded = events.await(r -> trigger.id().equals(r.key())
                && "agora.action.succeeded.v1".equals(r.header("ce_type")), Duration.ofSeconds(30));
        assertEquals(List.of(), CONTRACTS.violations("triggers.v1", "agora.action.failed.v1", failed.value()));
        assertEquals(List.of(), CONTRACTS.violations("triggers.v1", "agora.action.succeeded.v1", succeeded.value()));
        JsonNode failure = read(failed.value());
        assertTrue(failure.get("willRetry").asBoolean());
        assertEquals(500, failure.get("httpStatus").asInt());
        assertEquals("Retry me", failure.get("triggerName").asText());
        assertEquals(3, failure.get("maxAttempts").asInt());
        assertFalse(read(succeeded.value()).get("willRetry").asBoolean());
    }

    @Test
    void signsTheWebhookSoAnIndependentVerifierAcceptsItAndEscapesTemplateValues() throws Exception {
        String body = "{\"score\": {{event.score}}, \"trigger\": \"{{trigger.name}}\", \"agent\": \"{{event.agentId}}\"}";
        Deliveries.Created trigger = trigger(owner, "Say \"hi\" \\ bye",
                "[{'type':'rest','config':{'url':'" + receiver.url("/signed") + "','method':'PUT',"
                        + "'headers':{'X-Agent':'{{event.agentId}}'},'body':" + JSON.writeValueAsString(body).replace('"', '\'')
                        + "}}]");
        fire(trigger, 17);

        TestReceiver.Received request = receiver.await("/signed", 1).get(0);
        assertEquals("PUT", request.method());
        assertEquals("42", request.header("X-Agent"));
        JsonNode sent = read(request.body());
        assertEquals(17, sent.get("score").asInt());
        assertEquals("Say \"hi\" \\ bye", sent.get("trigger").asText());
        assertEquals("42", sent.get("agent").asText());

        // Standard Webhooks verification, written from the specification: HMAC-SHA256 keyed by the base64 part of
        // whsec_..., over "id.timestamp.body", compared in constant time with each "v1,<base64>" of the header
        String secret = trigger.signingSecret();
        assertTrue(secret.startsWith("whsec_"));
        String id = request.header("webhook-id");
        String timestamp = request.header("webhook-timestamp");
        assertTrue(Math.abs(System.currentTimeMillis() / 1000 - Long.parseLong(timestamp)) < 300);
        Mac mac = Mac.getInstance("HmacSHA256");
        mac.init(new SecretKeySpec(Base64.getDecoder().decode(secret.substring("whsec_".length())), "HmacSHA256"));
        byte[] expected = mac.doFinal((id + "." + timestamp + "." + request.body()).getBytes(StandardCharsets.UTF_8));
        boolean verified = false;
        for (String candidate : request.header("webhook-signature").split(" ")) {
            String[] parts = candidate.split(",", 2);
            verified |= parts[0].equals("v1") && MessageDigest.isEqual(expected, Base64.getDecoder().decode(parts[1]));
        }
        assertTrue(verified, "signature " + request.header("webhook-signature"));
        // the secret is never shown again
        String shown = as(owner).when().get("/api/triggers/" + trigger.id()).then().statusCode(200).extract().asString();
        assertFalse(shown.contains(secret.substring(6)));
    }

    @Test
    void rotatingTheSigningSecretSignsWithTheNewOneOnly() throws Exception {
        Deliveries.Created trigger = trigger(owner, "Rotate", rest("/rotated", ""));
        String rotated = as(owner).when().post("/api/triggers/" + trigger.id() + "/signing-secret/rotate").then()
                .statusCode(200).extract().path("signingSecret");
        assertTrue(rotated.startsWith("whsec_"));
        assertFalse(rotated.equals(trigger.signingSecret()));
        fire(trigger, 10);
        TestReceiver.Received request = receiver.await("/rotated", 1).get(0);
        Mac mac = Mac.getInstance("HmacSHA256");
        mac.init(new SecretKeySpec(Base64.getDecoder().decode(rotated.substring(6)), "HmacSHA256"));
        String expected = "v1," + Base64.getEncoder().encodeToString(mac.doFinal((request.header("webhook-id") + "."
                + request.header("webhook-timestamp") + "." + request.body()).getBytes(StandardCharsets.UTF_8)));
        assertEquals(expected, request.header("webhook-signature"));

        given().when().post("/api/triggers/" + trigger.id() + "/signing-secret/rotate").then().statusCode(401);
        as(UUID.randomUUID()).when().post("/api/triggers/" + trigger.id() + "/signing-secret/rotate").then().statusCode(404);
    }

    @Test
    void honoursRetryAfterOnTooManyRequests() {
        receiver.script("/busy", new Answer(429, Map.of("Retry-After", "2"), "slow down", 0), Answer.of(204));
        Deliveries.Created trigger = trigger(owner, "Busy", rest("/busy", ""));
        fire(trigger, 20);

        List<TestReceiver.Received> requests = receiver.await("/busy", 2);
        long waited = requests.get(1).atMillis() - requests.get(0).atMillis();
        assertTrue(waited >= 1900, "waited " + waited + " ms");
        List<Map<String, Object>> results = awaitResults(owner, trigger.id(), "success", 1);
        assertEquals(429, results.get(1).get("httpStatus"));
        assertEquals("retrying", results.get(1).get("status"));
    }

    @Test
    void deliveriesOfOneActionArriveInFiringOrderEvenWhileAnEarlierOneIsRetried() {
        receiver.script("/ordered", Answer.of(500), Answer.of(204));
        Deliveries.Created trigger = trigger(owner, "Ordered", rest("/ordered",
                ",'body':{'score':'{{event.score}}'},'retry':{'baseDelayMs':1000,'maxDelayMs':1000}"));
        Deliveries.fireInOneBatch(trigger, 11, 12, 13);

        List<String> scores = receiver.await("/ordered", 4).stream()
                .map(request -> read(request.body()).get("score").asText()).toList();
        assertEquals(List.of("11", "11", "12", "13"), scores);
        awaitResults(owner, trigger.id(), "success", 3);
    }

    @Test
    void aClientErrorIsFinalAndTheDeadLetterCanBeReplayed() {
        receiver.script("/reject", Answer.of(400, "{\"error\":\"bad\"}"));
        Deliveries.Created trigger = trigger(owner, "Rejected", rest("/reject", ",'expectedStatusCodes':[200,202]"));
        fire(trigger, 20);

        List<Map<String, Object>> results = awaitResults(owner, trigger.id(), "failed", 1);
        assertEquals(1, results.size());
        assertEquals(400, results.get(0).get("httpStatus"));
        TopicReader.Received dead = events.await(r -> trigger.id().equals(r.key())
                && "agora.action.dead-lettered.v1".equals(r.header("ce_type")), Duration.ofSeconds(30));
        assertEquals(List.of(), CONTRACTS.violations("triggers.v1", "agora.action.dead-lettered.v1", dead.value()));
        assertFalse(read(dead.value()).get("willRetry").asBoolean());

        String jobId = as(owner).when().get("/api/triggers/" + trigger.id() + "/dead-letters").then().statusCode(200)
                .body("items", hasSize(1)).body("items[0].status", equalTo("dead")).body("items[0].attempts", equalTo(1))
                .body("items[0].lastError", equalTo("unexpected HTTP status 400"))
                .extract().path("items[0].id");
        assertEquals(1, receiver.received("/reject").size());

        receiver.script("/reject", Answer.of(202));
        as(owner).when().post("/api/triggers/" + trigger.id() + "/dead-letters/" + jobId + "/replay").then()
                .statusCode(200).body("status", equalTo("pending")).body("attempts", equalTo(0));
        awaitResults(owner, trigger.id(), "success", 1);
        as(owner).when().get("/api/triggers/" + trigger.id() + "/dead-letters").then().body("items", hasSize(0));
        // not a dead letter any more
        as(owner).when().post("/api/triggers/" + trigger.id() + "/dead-letters/" + jobId + "/replay").then()
                .statusCode(409);
        as(owner).when().post("/api/triggers/" + trigger.id() + "/dead-letters/" + UUID.randomUUID() + "/replay").then()
                .statusCode(404);
    }

    @Test
    void replayAllRequeuesEveryDeadLetter() {
        receiver.script("/gone", Answer.of(410));
        Deliveries.Created trigger = trigger(owner, "Gone", rest("/gone", ""));
        fire(trigger, 1);
        fire(trigger, 2);
        awaitResults(owner, trigger.id(), "failed", 2);
        receiver.script("/gone", Answer.of(200));
        as(owner).when().post("/api/triggers/" + trigger.id() + "/dead-letters/replay-all").then().statusCode(200)
                .body("replayed", equalTo(2));
        awaitResults(owner, trigger.id(), "success", 2);

        UUID stranger = UUID.randomUUID();
        given().when().post("/api/triggers/" + trigger.id() + "/dead-letters/replay-all").then().statusCode(401);
        as(stranger).when().post("/api/triggers/" + trigger.id() + "/dead-letters/replay-all").then().statusCode(404);
        given().when().get("/api/triggers/" + trigger.id() + "/dead-letters").then().statusCode(401);
        as(stranger).when().get("/api/triggers/" + trigger.id() + "/dead-letters").then().statusCode(404);
        as(stranger).when().post("/api/triggers/" + trigger.id() + "/dead-letters/" + UUID.randomUUID() + "/replay")
                .then().statusCode(404);
        given().when().post("/api/triggers/" + trigger.id() + "/dead-letters/" + UUID.randomUUID() + "/replay")
                .then().statusCode(401);
        as(owner).queryParam("cursor", "nonsense").when().get("/api/triggers/" + trigger.id() + "/dead-letters").then()
                .statusCode(400);
    }

    @Test
    void aTimeoutIsRetriedUntilTheLastAttempt() {
        receiver.script("/slow", new Answer(200, Map.of(), "late", 3000));
        Deliveries.Created trigger = trigger(owner, "Slow",
                rest("/slow", ",'timeoutMs':300,'retry':{'maxAttempts':2,'baseDelayMs':10,'maxDelayMs':20}"));
        fire(trigger, 20);

        List<Map<String, Object>> results = awaitResults(owner, trigger.id(), "failed", 1);
        assertEquals(List.of("failed", "retrying"), results.stream().map(r -> r.get("status")).toList());
        assertTrue(((String) results.get(0).get("error")).contains("timed out"), results.toString());
        assertNull(results.get(0).get("httpStatus"));
        assertTrue(((Number) results.get(1).get("durationMs")).longValue() < 2500);
    }

    @Test
    void aJobWhoseWorkerDiedIsDeliveredAgainOnceItsLeaseHasPassed() {
        receiver.script("/lease", Answer.of(200));
        Deliveries.Created trigger = trigger(owner, "Lease", rest("/lease", ""));
        fire(trigger, 20);
        awaitResults(owner, trigger.id(), "success", 1);
        String jobId = TestDatabase.query("select cast(id as text) from action_jobs where trigger_id = cast(? as uuid)",
                trigger.id(), rows -> rows.next() ? rows.getString(1) : null);

        // a worker claimed the job again and died mid-delivery: running, its lease still valid for 2 s
        TestDatabase.execute("update action_jobs set status = 'running', lease_token = gen_random_uuid(),"
                + " locked_until = now() + interval '2 seconds' where id = cast(? as uuid)", jobId);
        long claimedAt = System.currentTimeMillis();
        receiver.await("/lease", 2);
        assertTrue(receiver.received("/lease").get(1).atMillis() - claimedAt >= 1500,
                "delivered again before the lease passed");
        Awaitility.await().atMost(Duration.ofSeconds(30)).until(() -> "succeeded".equals(TestDatabase.query(
                "select status from action_jobs where id = cast(? as uuid)", jobId, rows -> rows.next() ? rows.getString(1) : null)));
    }

    @Test
    void aClaimHoldsTheJobForItsActionsTimeoutPlusTheMarginSoACrashDelaysItOnlyThatLong() {
        receiver.script("/held", new Answer(200, Map.of(), "late", 3000));
        receiver.script("/held-default", new Answer(200, Map.of(), "late", 3000));
        Deliveries.Created own = trigger(owner, "Own timeout", rest("/held", ",'timeoutMs':2000"));
        Deliveries.Created standard = trigger(owner, "Default timeout", rest("/held-default", ""));
        fire(own, 20);
        fire(standard, 20);

        // the lease margin is 30 s; the default timeout 30 s
        assertEquals(32_000, heldForMillis(own.id()));
        assertEquals(60_000, heldForMillis(standard.id()));
    }

    /** How long the running job of the trigger is held from its claim. */
    private static long heldForMillis(String triggerId) {
        return Awaitility.await().atMost(Duration.ofSeconds(30)).until(() -> TestDatabase.query(
                "select round(extract(epoch from locked_until - updated_at) * 1000) from action_jobs"
                        + " where trigger_id = cast(? as uuid) and status = 'running'", triggerId,
                rows -> rows.next() ? rows.getLong(1) : null), held -> held != null);
    }

    @Test
    void aRedirectToAPrivateAddressIsRefusedAndNotRetried() {
        receiver.script("/redirect", new Answer(302, Map.of("Location", "http://169.254.169.254/latest/meta-data/"), "", 0));
        receiver.script("/redirect-private", new Answer(307, Map.of("Location", "http://10.1.2.3:8080/internal"), "", 0));
        Deliveries.Created metadata = trigger(owner, "Metadata", rest("/redirect", ""));
        Deliveries.Created internal = trigger(owner, "Internal", rest("/redirect-private", ""));
        fire(metadata, 20);
        fire(internal, 20);

        for (Deliveries.Created trigger : List.of(metadata, internal)) {
            List<Map<String, Object>> results = awaitResults(owner, trigger.id(), "failed", 1);
            assertEquals(1, results.size());
            assertTrue(((String) results.get(0).get("error")).startsWith("refused"), results.toString());
        }
        assertEquals(1, receiver.received("/redirect").size());
    }

    @Test
    void aRedirectToAnAllowedAddressIsFollowed() {
        receiver.script("/moved", new Answer(308, Map.of("Location", "/moved-here"), "", 0));
        receiver.script("/moved-here", Answer.of(200));
        Deliveries.Created trigger = trigger(owner, "Moved", rest("/moved", ""));
        fire(trigger, 20);
        awaitResults(owner, trigger.id(), "success", 1);
        TestReceiver.Received followed = receiver.await("/moved-here", 1).get(0);
        assertEquals("POST", followed.method());
        assertEquals(receiver.received("/moved").get(0).body(), followed.body());
    }

    @Test
    void atMostEightRequestsRunAtOnceAgainstOneHostAndEachJobIsDeliveredOnce() {
        StringBuilder actions = new StringBuilder("[");
        for (int i = 0; i < 10; i++) {
            receiver.script("/cap" + i, new Answer(200, Map.of(), "", 1500));
            actions.append(i == 0 ? "" : ",").append("{'type':'rest','config':{'url':'").append(receiver.url("/cap" + i))
                    .append("'}}");
        }
        Deliveries.Created trigger = trigger(owner, "Capped", actions.append("]").toString());
        fire(trigger, 20);
        awaitResults(owner, trigger.id(), "success", 10);

        List<Long> arrivals = new java.util.ArrayList<>();
        for (int i = 0; i < 10; i++) {
            assertEquals(1, receiver.received("/cap" + i).size(), "deliveries to /cap" + i);
            arrivals.add(receiver.received("/cap" + i).get(0).atMillis());
        }
        // each request is answered 1.5 s after it arrives: count the requests in flight when each arrived
        for (long at : arrivals) {
            long inFlight = arrivals.stream().filter(other -> other <= at && other > at - 1400).count();
            assertTrue(inFlight <= 8, inFlight + " requests in flight at once: " + arrivals);
        }
    }

    @Test
    void resultsArePagedFilteredAndOwnersOnly() {
        receiver.script("/paged", Answer.of(500), Answer.of(200));
        Deliveries.Created trigger = trigger(owner, "Paged", rest("/paged", ""));
        fire(trigger, 20);
        awaitResults(owner, trigger.id(), "success", 1);

        String cursor = as(owner).queryParam("limit", 1).when().get("/api/triggers/" + trigger.id() + "/results").then()
                .statusCode(200).body("items", hasSize(1)).body("items[0].status", equalTo("success"))
                .extract().path("nextCursor");
        as(owner).queryParam("limit", 1).queryParam("cursor", cursor).when().get("/api/triggers/" + trigger.id() + "/results")
                .then().statusCode(200).body("items", hasSize(1)).body("items[0].status", equalTo("retrying"));
        as(owner).queryParam("status", "retrying").when().get("/api/triggers/" + trigger.id() + "/results").then()
                .body("items", hasSize(1));
        as(owner).queryParam("status", "exploded").when().get("/api/triggers/" + trigger.id() + "/results").then()
                .statusCode(400).body("errors[0].field", equalTo("status"));
        as(owner).queryParam("limit", "lots").when().get("/api/triggers/" + trigger.id() + "/results").then()
                .statusCode(400);
        given().when().get("/api/triggers/" + trigger.id() + "/results").then().statusCode(401);
        as(UUID.randomUUID()).when().get("/api/triggers/" + trigger.id() + "/results").then().statusCode(404);
    }

    private static JsonNode read(String json) {
        try {
            return JSON.readTree(json);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }
}
