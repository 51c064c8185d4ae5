package dev.agora.gateway;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.notNullValue;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.BufferedReader;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.net.Socket;
import java.net.URI;
import java.net.URL;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

import jakarta.inject.Inject;

import org.junit.jupiter.api.Test;

import dev.agora.testsupport.KafkaTestResource;
import dev.agora.testsupport.PostgresTestResource;
import dev.agora.testsupport.TestTokens;
import io.quarkus.test.common.TestResourceScope;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.response.Response;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Tuple;

/** Rate limits, body limit, CORS and unbuffered Server-Sent Events at the edge. */
@QuarkusTest
@WithTestResource(value = PostgresTestResource.class, scope = TestResourceScope.GLOBAL)
@WithTestResource(value = KafkaTestResource.class, scope = TestResourceScope.GLOBAL)
@WithTestResource(value = UpstreamStub.class, scope = TestResourceScope.GLOBAL)
class EdgeLimitsTest {
    private static final String PASSWORD = "correct horse battery";

    @Inject
    Pool database;

    @TestHTTPResource("/")
    URL gateway;

    /** A new user on {@code plan}: their id and an access token that says so. */
    private String[] userOnPlan(String plan) {
        String email = AuthFlowTest.uniqueEmail();
        String id = AuthFlowTest.register(email);
        database.preparedQuery("update users set plan = $2 where id = $1::uuid").execute(Tuple.of(id, plan))
                .await().atMost(Duration.ofSeconds(10));
        return new String[] { id, AuthFlowTest.login(email, PASSWORD).then().statusCode(200).extract().path("accessToken") };
    }

    @Test
    void answers429WithRetryAfterAndRateLimitHeadersOnceAUsersBucketIsEmpty() {
        String[] user = userOnPlan("pro");
        String id = user[0];
        String token = user[1];

        for (int remaining = 2; remaining >= 0; remaining--) {
            given().auth().oauth2(token).get("/api/agents/x").then().statusCode(200)
                    .header("RateLimit-Limit", "3")
                    .header("RateLimit-Remaining", String.valueOf(remaining))
                    .header("RateLimit-Reset", notNullValue());
        }
        Response limited = given().auth().oauth2(token).get("/api/agents/x");
        limited.then().statusCode(429).contentType("application/problem+json")
                .body("status", equalTo(429))
                .header("RateLimit-Limit", "3")
                .header("RateLimit-Remaining", "0")
                .header("X-Request-Id", notNullValue());
        long retryAfter = Long.parseLong(limited.header("Retry-After"));
        assertTrue(retryAfter >= 1 && retryAfter <= 20, "one token comes back in 20 s: " + retryAfter);
        assertEquals(1, database.preparedQuery("select count(*) from rate_limit_buckets where key = $1")
                .execute(Tuple.of("user:" + id)).await().atMost(Duration.ofSeconds(10)).iterator().next().getLong(0),
                "the bucket lives in PostgreSQL, shared by every replica");

        // an API key of the same user has a bucket of its own
        String key = given().auth().oauth2(token).contentType(ContentType.JSON)
                .body("{\"name\":\"k\",\"scopes\":[\"agents:read\"]}").post("/api/users/me/api-keys")
                .then().statusCode(201).extract().path("key");
        given().header("X-API-Key", key).get("/api/agents/x").then().statusCode(200).header("RateLimit-Remaining", "2");
        // another user is not affected
        given().auth().oauth2(TestTokens.forUser(UUID.randomUUID())).get("/api/agents/x").then().statusCode(200);
    }

    @Test
    void busyCallerIsCountedExactlyWhileItsTokensAreLeasedAhead() {
        String[] user = userOnPlan("enterprise");
        String id = user[0];
        String token = user[1];

        long started = System.nanoTime();
        for (int i = 0; i < 20; i++) {
            given().auth().oauth2(token).get("/api/agents/x").then().statusCode(200).header("RateLimit-Limit", "3000");
        }
        double refilled = 50 * (System.nanoTime() - started) / 1e9;
        double left = database.preparedQuery("select tokens from rate_limit_buckets where key = $1")
                .execute(Tuple.of("user:" + id)).await().atMost(Duration.ofSeconds(10)).iterator().next().getDouble(0);
        assertTrue(left <= 3000 - 20 + refilled, "the shared bucket gave at least the 20 tokens spent: " + left);
        assertTrue(left >= 3000 - 20 - 100, "and leased at most one lease ahead: " + left);
    }

    @Test
    void opensTheCircuitOfAServiceThatKeepsFailingAndAnswers503AtOnce() {
        String token = TestTokens.forUser(UUID.randomUUID());
        for (int i = 0; i < 5; i++) {
            given().auth().oauth2(token).get("/api/triggers/x").then().statusCode(503);
        }
        given().auth().oauth2(token).get("/api/triggers/x")
                .then().statusCode(503).contentType("application/problem+json")
                .body("detail", containsString("circuit open"));
    }

    @Test
    void refusesBodiesOverTheLimitWith413ProblemBeforeReadingThem() throws Exception {
        // only the announcement is sent: the answer must come without the body having been read
        try (Socket socket = new Socket(gateway.getHost(), gateway.getPort())) {
            socket.setSoTimeout(20_000);
            String head = "POST /api/agents/upload HTTP/1.1\r\nHost: " + gateway.getHost() + "\r\n"
                    + "Authorization: Bearer " + TestTokens.forUser(UUID.randomUUID()) + "\r\n"
                    + "Content-Type: application/octet-stream\r\nContent-Length: " + (4 * 1024 * 1024 + 1) + "\r\n\r\n";
            socket.getOutputStream().write(head.getBytes(StandardCharsets.US_ASCII));
            socket.getOutputStream().flush();
            BufferedReader reader = new BufferedReader(new InputStreamReader(socket.getInputStream(), StandardCharsets.US_ASCII));
            String status = reader.readLine();
            assertTrue(status.startsWith("HTTP/1.1 413"), status);
            String line;
            boolean problem = false;
            while ((line = reader.readLine()) != null && !line.isEmpty()) {
                problem |= line.toLowerCase().startsWith("content-type: application/problem+json");
            }
            assertTrue(problem, "a problem document");
        }
        given().auth().oauth2(TestTokens.forUser(UUID.randomUUID())).contentType(ContentType.BINARY)
                .body(new byte[1024]).post("/api/agents/upload")
                .then().statusCode(200).body("length", equalTo(1024));
    }

    @Test
    void refusesAChunkedBodyWith413OnceItGrowsOverTheLimit() throws Exception {
        try (Socket socket = new Socket(gateway.getHost(), gateway.getPort())) {
            socket.setSoTimeout(20_000);
            String head = "POST /api/agents/upload HTTP/1.1\r\nHost: " + gateway.getHost() + "\r\n"
                    + "Authorization: Bearer " + TestTokens.forUser(UUID.randomUUID()) + "\r\n"
                    + "Content-Type: application/octet-stream\r\nTransfer-Encoding: chunked\r\n\r\n";
            Thread writer = new Thread(() -> {
                try {
                    var out = socket.getOutputStream();
                    out.write(head.getBytes(StandardCharsets.US_ASCII));
                    byte[] chunk = new byte[64 * 1024];
                    String size = Integer.toHexString(chunk.length) + "\r\n";
                    for (int i = 0; i < 80; i++) { // 5 MiB, over the 4 MiB limit of the tests
                        out.write(size.getBytes(StandardCharsets.US_ASCII));
                        out.write(chunk);
                        out.write("\r\n".getBytes(StandardCharsets.US_ASCII));
                    }
                    out.write("0\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
                    out.flush();
                } catch (java.io.IOException closedByTheGateway) {
                    // expected once the gateway has answered and closed the connection
                }
            });
            writer.start();
            BufferedReader reader = new BufferedReader(new InputStreamReader(socket.getInputStream(), StandardCharsets.US_ASCII));
            String status = reader.readLine();
            assertTrue(status != null && status.startsWith("HTTP/1.1 413"), String.valueOf(status));
            writer.join(20_000);
        }
        given().auth().oauth2(TestTokens.forUser(UUID.randomUUID())).contentType(ContentType.BINARY)
                .body(new java.io.ByteArrayInputStream(new byte[2048])).post("/api/agents/upload")
                .then().statusCode(200).body("length", equalTo(2048));
    }

    @Test
    void answersCorsPreflightsForConfiguredOriginsOnly() {
        given().header("Origin", "https://app.agora.test").header("Access-Control-Request-Method", "POST")
                .header("Access-Control-Request-Headers", "authorization,content-type")
                .options("/api/agents")
                .then().statusCode(200)
                .header("Access-Control-Allow-Origin", "https://app.agora.test");
        given().header("Origin", "https://app.agora.test").auth().oauth2(TestTokens.forUser(UUID.randomUUID()))
                .get("/api/agents/x")
                .then().statusCode(200).header("Access-Control-Allow-Origin", "https://app.agora.test");
        Response foreign = given().header("Origin", "https://evil.example").header("Access-Control-Request-Method", "POST")
                .options("/api/agents");
        assertTrue(foreign.header("Access-Control-Allow-Origin") == null, foreign.headers().toString());
    }

    @Test
    void streamsServerSentEventsThroughAsTheyHappen() throws Exception {
        HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
        HttpRequest request = HttpRequest.newBuilder(URI.create(gateway + "api/agents/a1/events"))
                .header("Authorization", "Bearer " + TestTokens.forUser(UUID.randomUUID()))
                .header("Accept", "text/event-stream")
                .timeout(Duration.ofSeconds(30)).build();
        long start = System.nanoTime();
        HttpResponse<InputStream> response = http.send(request, HttpResponse.BodyHandlers.ofInputStream());
        assertEquals(200, response.statusCode());
        assertEquals("text/event-stream", response.headers().firstValue("Content-Type").orElse(""));
        List<Long> arrivals = new ArrayList<>();
        List<String> events = new ArrayList<>();
        try (BufferedReader reader = new BufferedReader(new InputStreamReader(response.body(), StandardCharsets.UTF_8))) {
            String line;
            while ((line = reader.readLine()) != null) {
                if (line.startsWith("data: ")) {
                    events.add(line.substring(6));
                    arrivals.add((System.nanoTime() - start) / 1_000_000);
                }
            }
        }
        assertEquals(List.of("event-0", "event-1", "event-2"), events);
        long spread = arrivals.get(2) - arrivals.get(0);
        assertTrue(spread >= UpstreamStub.EVENT_GAP_MILLIS, "events arrived together (buffered): " + arrivals);
        assertTrue(arrivals.get(1) - arrivals.get(0) >= UpstreamStub.EVENT_GAP_MILLIS / 2, "arrivals: " + arrivals);
    }
}
