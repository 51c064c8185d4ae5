package dev.agora.gateway;

import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.matchesPattern;
import static org.hamcrest.Matchers.nullValue;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.net.Socket;
import java.net.URL;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.security.KeyPairGenerator;
import java.security.PrivateKey;
import java.security.Signature;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Random;
import java.util.UUID;

import org.eclipse.microprofile.config.ConfigProvider;
import org.junit.jupiter.api.Test;

import dev.agora.testsupport.KafkaTestResource;
import dev.agora.testsupport.ManagementInterface;
import dev.agora.testsupport.PostgresTestResource;
import dev.agora.testsupport.TestTokens;
import io.quarkus.test.common.TestResourceScope;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;
import io.restassured.response.ValidatableResponse;
import io.restassured.specification.RequestSpecification;

@QuarkusTest
@WithTestResource(value = PostgresTestResource.class, scope = TestResourceScope.GLOBAL)
@WithTestResource(value = KafkaTestResource.class, scope = TestResourceScope.GLOBAL)
@WithTestResource(value = UpstreamStub.class, scope = TestResourceScope.GLOBAL)
class EdgeProxyTest {
    private static final String UUID_PATTERN = "[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}";

    private static final HttpClient HTTP = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();

    @TestHTTPResource("/")
    URL gateway;

    private final String token = TestTokens.forUser(UUID.randomUUID());

    @Test
    void forwardsMethodPathQueryBodyAndHeadersKeepingTheHost() {
        JsonPath echo = authorized().contentType(ContentType.JSON)
                .header("X-Custom", "kept")
                .header("Proxy-Authorization", "Basic c2VjcmV0")
                .body("{\"status\":\"active\"}")
                .urlEncodingEnabled(false)
                .when().put("/api/agents/abc/status?dryRun=true&tag=a%20b")
                .then().statusCode(200)
                .header("X-Upstream", "agent-service")
                .extract().jsonPath();

        assertEquals("agent-service", echo.getString("service"));
        assertEquals("PUT", echo.getString("method"));
        assertEquals("/api/agents/abc/status", echo.getString("path"));
        assertEquals("dryRun=true&tag=a%20b", echo.getString("query"));
        assertEquals("{\"status\":\"active\"}", echo.getString("body"));
        assertEquals("Bearer " + token, echo.getString("headers.authorization"));
        assertEquals(gateway.getHost() + ":" + gateway.getPort(), echo.getString("headers.host"));
        assertEquals("kept", echo.getString("headers.x-custom"));
        assertEquals("127.0.0.1", echo.getString("headers.x-forwarded-for"));
        assertEquals("http", echo.getString("headers.x-forwarded-proto"));
        assertNull(echo.getString("headers.proxy-authorization"), "hop-by-hop headers stay at the edge");
    }

    @Test
    void keepsUpstreamLocationHeadersPointingAtTheGateway() {
        authorized().contentType(ContentType.JSON).body("{\"name\":\"x\"}")
                .when().post("/api/agents")
                .then().statusCode(201)
                .header("Location", "http://" + gateway.getHost() + ":" + gateway.getPort() + "/api/agents/123");
    }

    @Test
    void routesEachPrefixToItsService() {
        authorized().when().get("/api/agents").then().statusCode(200).body("service", equalTo("agent-service"));
        authorized().when().get("/api/deployments/42/logs").then().statusCode(200)
                .body("service", equalTo("deployment-service")).body("path", equalTo("/api/deployments/42/logs"));
        authorized().when().post("/api/runtime/heartbeat").then().statusCode(200)
                .body("service", equalTo("deployment-service"));
        authorized().when().get("/api/marketplace/tasks").then().statusCode(200)
                .body("service", equalTo("marketplace-service"));
        authorized().when().get("/api/agentsx").then().statusCode(404);
    }

    @Test
    void passesAnAgentRuntimeTokenThroughUntouchedForDeploymentServiceToCheck() {
        given().header("Authorization", "Bearer agt_not-a-jwt").contentType(ContentType.JSON).body("{}")
                .when().post("/api/runtime/heartbeat")
                .then().statusCode(200)
                .body("service", equalTo("deployment-service"))
                .body("headers.authorization", equalTo("Bearer agt_not-a-jwt"));
        // the same credential is not a user credential anywhere else
        given().header("Authorization", "Bearer agt_not-a-jwt").when().get("/api/deployments")
                .then().statusCode(401);
    }

    @Test
    void sendsDeployedAgentsPullingTheirWorkToAgentServiceWithTheirTokenUntouched() {
        given().header("Authorization", "Bearer agt_not-a-jwt").when().post("/api/runtime/tasks/claim?wait=0")
                .then().statusCode(200)
                .body("service", equalTo("agent-service"))
                .body("path", equalTo("/api/runtime/tasks/claim"))
                .body("headers.authorization", equalTo("Bearer agt_not-a-jwt"));
        given().header("Authorization", "Bearer agt_not-a-jwt").contentType(ContentType.JSON).body("{}")
                .when().post("/api/runtime/tasksx").then().statusCode(200).body("service", equalTo("deployment-service"));
    }

    @Test
    void letsAnonymousCallersReadDomainsAgentCardsAndPublicProfilesOnly() {
        given().when().get("/api/agents/domains").then().statusCode(200).body("service", equalTo("agent-service"));
        given().when().get("/api/agents/price-oracle/card").then().statusCode(200)
                .body("path", equalTo("/api/agents/price-oracle/card"));
        given().when().get("/api/marketplace/profiles/ada").then().statusCode(200).body("service", equalTo("marketplace-service"));
        given().when().get("/api/marketplace/profiles/me").then().statusCode(401);
        given().when().get("/api/agents").then().statusCode(401);
        given().when().get("/api/agents/price-oracle/versions").then().statusCode(401);
        given().contentType(ContentType.JSON).body("{}").when().post("/api/agents/price-oracle/card").then().statusCode(401);
    }

    @Test
    void letsAnonymousCallersReadLeaderboardsRankingsAndStatsButNotNotificationsOrAdmin() {
        given().when().get("/api/marketplace/leaderboards?period=weekly").then().statusCode(200)
                .body("service", equalTo("marketplace-service"));
        given().when().get("/api/marketplace/agents/price-oracle/rankings").then().statusCode(200);
        given().when().get("/api/marketplace/stats/agents/price-oracle").then().statusCode(200);
        given().contentType(ContentType.JSON).body("{}").when().post("/api/marketplace/admin/projections/rebuild")
                .then().statusCode(401);
        given().when().get("/api/marketplace/notifications").then().statusCode(401);
        given().when().get("/api/marketplace/notifications/unread-count").then().statusCode(401);
        given().contentType(ContentType.JSON).body("{}").when().post("/api/marketplace/notifications/stream-ticket")
                .then().statusCode(401);
    }

    @Test
    void passesANotificationStreamOpenedWithATicketToMarketplaceServiceToCheck() {
        // browsers' EventSource cannot send headers: the one-time ticket in the query is checked by marketplace-service
        // (the test upstream answers any .../stream path with a plain-text stream)
        given().when().get("/api/marketplace/notifications/stream?ticket=st_abc").then().statusCode(200);
        given().contentType(ContentType.JSON).body("{}").when().post("/api/marketplace/notifications/stream")
                .then().statusCode(401);
    }

    @Test
    void generatesARequestIdWhenTheCallerSendsNoneAndEchoesIt() {
        var response = authorized().when().get("/api/agents/mine").then().statusCode(200).extract();
        String id = response.header("X-Request-Id");
        assertTrue(id != null && id.matches(UUID_PATTERN), "generated: " + id);
        assertEquals(id, response.path("headers.x-request-id"));
    }

    @Test
    void keepsTheCallersRequestId() {
        String id = "caller-" + UUID.randomUUID();
        authorized().header("X-Request-Id", id).when().get("/api/agents/mine")
                .then().statusCode(200)
                .header("X-Request-Id", id)
                .body("headers.x-request-id", equalTo(id));
        assertEquals(1, upstreamSaw(id));
    }

    @Test
    void echoesTheRequestIdOnResponsesTheGatewayMakesItself() {
        String id = "own-" + UUID.randomUUID();
        given().header("X-Request-Id", id).when().get("/api/users/me")
                .then().statusCode(401).header("X-Request-Id", id);
        given().header("X-Request-Id", id).contentType(ContentType.JSON).body("{}").when().post("/auth/login")
                .then().statusCode(400).header("X-Request-Id", id);
        given().when().get("/.well-known/jwks.json").then().statusCode(200)
                .header("X-Request-Id", matchesPattern(UUID_PATTERN));
    }

    @Test
    void rejectsRequestsWithoutAValidTokenBeforeTheyReachTheService() throws Exception {
        long now = System.currentTimeMillis() / 1000;
        String subject = UUID.randomUUID().toString();
        String expired = TestTokens.sign("{\"iss\":\"https://agora.dev\",\"aud\":\"agora\",\"sub\":\"" + subject
                + "\",\"iat\":1000,\"exp\":2000}");
        String wrongIssuer = TestTokens.sign("{\"iss\":\"https://evil.example\",\"aud\":\"agora\",\"sub\":\"" + subject
                + "\",\"exp\":" + (now + 600) + "}");
        String wrongAudience = TestTokens.sign("{\"iss\":\"https://agora.dev\",\"aud\":\"elsewhere\",\"sub\":\"" + subject
                + "\",\"exp\":" + (now + 600) + "}");
        String foreignKey = signWithAnotherKey("{\"iss\":\"https://agora.dev\",\"aud\":\"agora\",\"sub\":\"" + subject
                + "\",\"exp\":" + (now + 600) + "}");

        rejected(given(), "a valid bearer token or API key is required");
        rejected(given().header("Authorization", "Bearer not-a-jwt"), "invalid");
        rejected(given().header("Authorization", "Basic dXNlcjpwYXNz"), "invalid");
        rejected(given().header("Authorization", "Bearer "), "invalid");
        rejected(given().auth().oauth2(expired), "invalid");
        rejected(given().auth().oauth2(wrongIssuer), "invalid");
        rejected(given().auth().oauth2(wrongAudience), "invalid");
        rejected(given().auth().oauth2(foreignKey), "invalid");

        String id = "anonymous-post-" + UUID.randomUUID();
        given().header("X-Request-Id", id).contentType(ContentType.JSON).body("{\"name\":\"sneaky\"}")
                .when().post("/api/agents")
                .then().statusCode(401).contentType("application/problem+json").header("WWW-Authenticate", "Bearer");
        assertEquals(0, upstreamSaw(id));
        authorized().when().get("/api/agents").then().statusCode(200);
    }

    @Test
    void keepsTheConnectionUsableAfterRejectingARequestWithABody() throws Exception {
        HttpResponse<String> rejected = send(HttpRequest.newBuilder(gateway.toURI().resolve("/api/agents"))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString("{\"name\":\"" + "x".repeat(200_000) + "\"}")));
        assertEquals(401, rejected.statusCode());
        HttpResponse<String> next = send(HttpRequest.newBuilder(gateway.toURI().resolve("/api/agents"))
                .header("Authorization", "Bearer " + token).GET());
        assertEquals(200, next.statusCode(), next.body());
    }

    @Test
    void letsPublicCatalogReadsThroughWithoutAToken() {
        given().when().get("/api/marketplace/agents?limit=5").then().statusCode(200)
                .body("service", equalTo("marketplace-service")).body("query", equalTo("limit=5"))
                .body("headers.authorization", nullValue());
        given().when().get("/api/marketplace/agents/price-oracle").then().statusCode(200)
                .body("path", equalTo("/api/marketplace/agents/price-oracle"));
        authorized().when().get("/api/marketplace/agents").then().statusCode(200)
                .body("headers.authorization", equalTo("Bearer " + token));

        given().header("Authorization", "Bearer garbage").when().get("/api/marketplace/agents")
                .then().statusCode(401).header("WWW-Authenticate", "Bearer");
        given().contentType(ContentType.JSON).body("{}").when().post("/api/marketplace/agents").then().statusCode(401);
        given().when().get("/api/marketplace/notifications").then().statusCode(401);
        given().when().get("/api/marketplace/agents/../notifications").then().statusCode(401);
    }

    @Test
    void answers503ProblemWhenTheServiceIsDown() {
        String id = "down-" + UUID.randomUUID();
        authorized().header("X-Request-Id", id).when().get("/api/triggers")
                .then().statusCode(503).contentType("application/problem+json")
                .header("X-Request-Id", id)
                .body("status", equalTo(503))
                .body("detail", containsString("trigger-service"));
    }

    @Test
    void answers504ProblemWhenTheServiceIsTooSlow() {
        long started = System.nanoTime();
        authorized().when().get("/api/agents/slow")
                .then().statusCode(504).contentType("application/problem+json")
                .body("status", equalTo(504))
                .body("detail", containsString("agent-service"));
        long tookMillis = (System.nanoTime() - started) / 1_000_000;
        assertTrue(tookMillis < UpstreamStub.SLOW_MILLIS - 1_000, "gave up after the 2 s test timeout, took " + tookMillis);
    }

    @Test
    void callersHangingUpDoNotOpenTheServicesCircuit() throws Exception {
        // more callers than the circuit's threshold (5) leave while the service is still working on their requests,
        // as a load generator or a browser closing its connections does
        List<Socket> callers = new ArrayList<>();
        List<String> ids = new ArrayList<>();
        for (int i = 0; i < 8; i++) {
            String id = "hang-up-" + UUID.randomUUID();
            Socket socket = new Socket(gateway.getHost(), gateway.getPort());
            socket.getOutputStream().write(("GET /api/marketplace/slow HTTP/1.1\r\nHost: " + gateway.getHost()
                    + "\r\nAuthorization: Bearer " + token + "\r\nX-Request-Id: " + id + "\r\n\r\n")
                    .getBytes(StandardCharsets.US_ASCII));
            socket.getOutputStream().flush();
            callers.add(socket);
            ids.add(id);
        }
        await().atMost(Duration.ofSeconds(10)).until(() -> ids.stream().allMatch(id -> upstreamSaw(id) == 1));
        for (Socket caller : callers) {
            caller.close();
        }
        // the gateway gives each exchange up (resets it) once its caller has gone
        await().atMost(Duration.ofSeconds(10)).until(() -> ids.stream().allMatch(EdgeProxyTest::upstreamClosed));
        authorized().when().get("/api/marketplace/agents").then().statusCode(200)
                .body("service", equalTo("marketplace-service"));
    }

    @Test
    void keepsTheServicesConnectionOpenWhenAnHttp2CallerClosesItsStreamAfterTheAnswer() throws Exception {
        // an HTTP/2 stream closes (or is reset by a caller that read only the status) after every exchange; giving up
        // the service's exchange then, when its answer is already in, would close a pooled connection that may be
        // carrying the next caller's request by then (a 502 for it)
        HttpClient http2 = HttpClient.newBuilder().version(HttpClient.Version.HTTP_2).build();
        int before = upstreamConnections();
        for (int i = 0; i < 12; i++) {
            HttpResponse<java.io.InputStream> response = http2.send(HttpRequest.newBuilder(gateway.toURI()
                    .resolve("/api/marketplace/agents")).header("Authorization", "Bearer " + token).GET().build(),
                    HttpResponse.BodyHandlers.ofInputStream());
            response.body().close();
            assertEquals(200, response.statusCode());
            assertEquals("HTTP_2", response.version().name());
        }
        int opened = upstreamConnections() - before;
        assertTrue(opened <= 2, "12 exchanges one after the other opened " + opened + " connections to the service");
    }

    @Test
    void streamsLargeBodiesBothWays() throws Exception {
        byte[] upload = new byte[3 * 1024 * 1024 + 17];
        new Random(7).nextBytes(upload);
        authorized().contentType(ContentType.BINARY).body(upload)
                .when().post("/api/deployments/upload")
                .then().statusCode(200)
                .body("length", equalTo(upload.length))
                .body("sha256", equalTo(UpstreamStub.sha256(upload)));
        // a body of unknown length arrives chunked and leaves chunked
        HttpResponse<String> chunked = send(HttpRequest.newBuilder(gateway.toURI().resolve("/api/deployments/upload"))
                .header("Authorization", "Bearer " + token)
                .POST(HttpRequest.BodyPublishers.ofInputStream(() -> new ByteArrayInputStream(upload))));
        assertEquals(200, chunked.statusCode(), chunked.body());
        JsonPath received = JsonPath.from(chunked.body());
        assertEquals("chunked", received.getString("transferEncoding"));
        assertEquals(upload.length, received.getInt("length"));
        assertEquals(UpstreamStub.sha256(upload), received.getString("sha256"));

        int chunks = 2048;
        String body = authorized().when().get("/api/agents/stream?chunks=" + chunks)
                .then().statusCode(200).header("Transfer-Encoding", "chunked").extract().asString();
        assertEquals(chunks * 1024, body.length());
        assertEquals(UpstreamStub.chunk(chunks - 1), body.substring(body.length() - 1024));
    }

    @Test
    void countsProxiedRequestsInMetricsByRouteNotByPath() {
        String marker = UUID.randomUUID().toString();
        for (int i = 0; i < 3; i++) {
            authorized().when().get("/api/agents/" + marker + "-" + i).then().statusCode(200);
        }
        String metrics = ManagementInterface.given().when().get("/q/metrics").then().statusCode(200).extract().asString();
        assertTrue(metrics.lines().anyMatch(line -> line.startsWith("http_server_requests_seconds_count{")
                && line.contains("uri=\"/api/agents/**\"")), "proxied requests are counted under their route");
        assertFalse(metrics.contains(marker), "no meter per requested path");
    }

    private void rejected(RequestSpecification request, String detail) {
        String id = "rejected-" + UUID.randomUUID();
        ValidatableResponse response = request.header("X-Request-Id", id).when().get("/api/agents")
                .then().statusCode(401)
                .contentType("application/problem+json")
                .header("WWW-Authenticate", "Bearer")
                .header("X-Request-Id", id)
                .body("status", equalTo(401))
                .body("detail", containsString(detail));
        assertEquals(0, upstreamSaw(id), "the service must not be called: " + response.extract().asString());
    }

    /** Over one HTTP/1.1 connection pool, as a browser or a service client would. */
    private static HttpResponse<String> send(HttpRequest.Builder request) throws Exception {
        return HTTP.send(request.timeout(Duration.ofSeconds(20)).build(), HttpResponse.BodyHandlers.ofString());
    }

    private RequestSpecification authorized() {
        return given().auth().oauth2(token);
    }

    private static int upstreamSaw(String requestId) {
        String stub = ConfigProvider.getConfig().getValue("agora.gateway.routes.agents", String.class);
        return given().baseUri(stub).port(-1).when().get("/__stub/seen/" + requestId)
                .then().statusCode(200).extract().path("count");
    }

    private static int upstreamConnections() {
        String stub = ConfigProvider.getConfig().getValue("agora.gateway.routes.marketplace", String.class);
        return given().baseUri(stub).port(-1).when().get("/__stub/connections")
                .then().statusCode(200).extract().path("count");
    }

    private static boolean upstreamClosed(String requestId) {
        String stub = ConfigProvider.getConfig().getValue("agora.gateway.routes.agents", String.class);
        return given().baseUri(stub).port(-1).when().get("/__stub/closed/" + requestId)
                .then().statusCode(200).extract().path("closed");
    }

    private static String signWithAnotherKey(String claims) throws Exception {
        KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
        generator.initialize(2048);
        PrivateKey key = generator.generateKeyPair().getPrivate();
        Base64.Encoder base64 = Base64.getUrlEncoder().withoutPadding();
        String input = base64.encodeToString("{\"alg\":\"RS256\",\"typ\":\"JWT\"}".getBytes(StandardCharsets.UTF_8)) + "."
                + base64.encodeToString(claims.getBytes(StandardCharsets.UTF_8));
        Signature signature = Signature.getInstance("SHA256withRSA");
        signature.initSign(key);
        signature.update(input.getBytes(StandardCharsets.US_ASCII));
        return input + "." + base64.encodeToString(signature.sign());
    }
}
