package dev.agora.system;

import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.empty;
import static org.hamcrest.Matchers.endsWith;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.not;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.ConnectException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.NetworkInterface;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.KeyPairGenerator;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.Signature;
import java.security.spec.PKCS8EncodedKeySpec;
import java.security.spec.X509EncodedKeySpec;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import dev.agora.common.keys.InstallationKeys;
import dev.agora.common.keys.KeyFingerprint;
import dev.agora.common.keys.KnownDevelopmentKeys;
import dev.agora.local.LocalMailbox;
import dev.agora.local.ServiceSpec;
import dev.agora.local.Stack;
import dev.agora.local.StackOptions;
import dev.agora.localinfra.FreePorts;
import io.restassured.RestAssured;
import io.restassured.http.ContentType;
import io.restassured.response.ExtractableResponse;
import io.restassured.response.Response;
import io.restassured.specification.RequestSpecification;

/**
 * The security holes a probe of the running stack once found, each replayed the way an attacker with an ordinary
 * account would: every test fails if its hole reopens.
 */
class SecurityRegressionSystemTest {
    private static final Duration EVENTUALLY = Duration.ofSeconds(60);
    private static final String PASSWORD = "correct horse battery staple";
    private static Stack stack;
    private static Deposits deposits;

    @BeforeAll
    static void startTheSuite() throws IOException {
        Path root = Path.of(System.getProperty("agora.root", "..")).toAbsolutePath().normalize();
        stack = Stack.start(StackOptions.isolated(Files.createTempDirectory("agora-security-"), root));
        deposits = new Deposits(stack);
        RestAssured.baseURI = stack.gatewayUrl();
        RestAssured.enableLoggingOfRequestAndResponseIfValidationFails();
    }

    @AfterAll
    static void stopTheSuite() {
        if (stack != null) {
            stack.close();
        }
    }

    @Test
    void anOrganizationViewerNeverSeesTheOwnersPrivateDealingsWithAHirerThroughTriggers() {
        String ownerEmail = register("olivia");
        String viewerEmail = register("victor");
        String org = "sec-" + UUID.randomUUID().toString().substring(0, 8);
        as(login(ownerEmail)).body("{\"slug\":\"" + org + "\",\"name\":\"Acme\"}").when().post("/api/orgs").then()
                .statusCode(201);
        // tokens carry the organizations their user belonged to at sign-in
        String owner = login(ownerEmail);
        as(owner).body("{\"email\":\"" + viewerEmail + "\",\"role\":\"viewer\"}").when()
                .post("/api/orgs/" + org + "/members").then().statusCode(201);
        String viewer = login(viewerEmail);
        String stranger = login(register("sally"));
        String hirer = login(register("harry"));

        String watched = "[\"agora.task.created.v1\",\"agora.message.sent.v1\",\"agora.transaction.confirmed.v1\"]";
        String spying = trigger(viewer, "spy", watched);
        String ownersOwn = trigger(owner, "mine", "[\"agora.task.created.v1\"]");
        String publications = trigger(stranger, "new agents", "[\"agora.agent.published.v1\"]");

        String agentId = as(owner).body(orgAgentJson(org)).when().post("/api/agents").then().statusCode(201)
                .extract().path("id");
        as(owner).body("{\"status\":\"active\"}").when().put("/api/agents/" + agentId + "/status").then().statusCode(200);
        as(owner).body("{\"changes\":\"first\"}").when().post("/api/agents/" + agentId + "/publish").then()
                .statusCode(200);
        await().atMost(EVENTUALLY).untilAsserted(() -> given().when().get("/api/marketplace/agents/" + agentId)
                .then().statusCode(200));
        deposits.fund(hirer, agentId, 900);
        String task = as(hirer).body("{\"agentId\":\"" + agentId + "\",\"title\":\"Audit\",\"description\":\"private brief"
                + "\",\"budget\":900,\"paymentType\":\"fixed\"}").when().post("/api/marketplace/tasks").then()
                .statusCode(201).extract().path("id");
        as(hirer).body("{\"taskId\":\"" + task + "\",\"text\":\"my wallet seed is ...\"}").when()
                .post("/api/marketplace/messages").then().statusCode(201);

        // the owner's own trigger fires on the task: the events did reach trigger-service
        await().atMost(EVENTUALLY).untilAsserted(() -> as(owner).when().get("/api/triggers/" + ownersOwn + "/firings")
                .then().statusCode(200).body("items.agentId", hasItem(agentId)));
        // the public event reached the stranger, without the owner, the metadata or the deployment config
        await().atMost(EVENTUALLY).untilAsserted(() -> as(stranger).when().get("/api/triggers/" + publications
                + "/firings").then().statusCode(200).body("items.agentId", hasItem(agentId)));
        String firings = as(stranger).when().get("/api/triggers/" + publications + "/firings").then().extract().asString();
        assertFalse(firings.contains("cost center 7"), "the metadata is private: " + firings);
        assertFalse(firings.contains("deploymentConfig"), "the deployment config is private: " + firings);
        assertFalse(firings.contains("ownerId"), "the owner is private: " + firings);
        // the organization's viewer saw none of the task, its message or its payment
        as(viewer).when().get("/api/triggers/" + spying + "/firings").then().statusCode(200).body("items", empty());
        as(viewer).when().get("/api/marketplace/notifications").then().statusCode(200)
                .body("items.title", not(hasItem("spy")));
        as(viewer).when().get("/api/marketplace/tasks/" + task).then().statusCode(404);
    }

    @Test
    void anAccessTokenDiesWithItsSession() {
        String email = register("lena");
        Response laptop = signIn(email);
        String laptopToken = laptop.path("accessToken");
        String phoneToken = login(email);
        List<String> services = List.of(stack.options().url(ServiceSpec.AGENT_SERVICE) + "/api/agents",
                stack.options().url(ServiceSpec.DEPLOYMENT_SERVICE) + "/api/deployments",
                stack.options().url(ServiceSpec.MARKETPLACE_SERVICE) + "/api/marketplace/notifications",
                stack.options().url(ServiceSpec.TRIGGER_SERVICE) + "/api/triggers");
        for (String direct : services) {
            given().auth().oauth2(laptopToken).when().get(direct).then().statusCode(200);
        }

        given().contentType(ContentType.JSON).body("{\"refreshToken\":\"" + laptop.path("refreshToken") + "\"}")
                .when().post("/auth/logout").then().statusCode(204);

        // at once at the gateway, its own endpoints and the edge alike
        sessionEnded(as(laptopToken).when().get("/api/users/me"));
        sessionEnded(as(laptopToken).when().get("/api/agents"));
        // within seconds at each service, called directly past the gateway
        for (String direct : services) {
            await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> sessionEnded(
                    given().auth().oauth2(laptopToken).when().get(direct)));
        }
        // the other sign-in is untouched
        as(phoneToken).when().get("/api/agents").then().statusCode(200);
        for (String direct : services) {
            given().auth().oauth2(phoneToken).when().get(direct).then().statusCode(200);
        }
    }

    @Test
    void aStaleTokenCannotMintAnApiKey() {
        String email = register("stan");
        String fresh = login(email);
        // the token a refresh would give twenty minutes after the password was typed: same session, old auth_time
        String stale = withAuthTimeEarlier(fresh, Duration.ofMinutes(20));
        String key = "{\"name\":\"ci\",\"scopes\":[\"agents:read\"]%s}";

        as(stale).body(key.formatted("")).when().post("/api/users/me/api-keys").then().statusCode(403)
                .contentType("application/problem+json")
                .body("type", endsWith("/reauthentication-required"))
                .body("errors[0].field", equalTo("password"));
        as(stale).when().delete("/api/users/me").then().statusCode(403);
        as(stale).when().get("/api/users/me/api-keys").then().statusCode(200).body("", empty());

        as(stale).body(key.formatted(",\"password\":\"" + PASSWORD + "\"")).when().post("/api/users/me/api-keys")
                .then().statusCode(201);
        as(fresh).body(key.formatted("")).when().post("/api/users/me/api-keys").then().statusCode(201);
    }

    private static void sessionEnded(Response response) {
        response.then().statusCode(401).contentType("application/problem+json")
                .body("detail", equalTo("the session of this token has ended: sign in again"));
    }

    /** Re-signs a token the gateway issued, as the gateway would (this installation's key, same kid). */
    private static String withAuthTimeEarlier(String token, Duration earlier) {
        String[] parts = token.split("\\.");
        String claims = new String(Base64.getUrlDecoder().decode(parts[1]), StandardCharsets.UTF_8);
        Matcher authTime = Pattern.compile("\"auth_time\":(\\d+)").matcher(claims);
        assertTrue(authTime.find(), claims);
        String older = authTime.replaceFirst("\"auth_time\":" + (Long.parseLong(authTime.group(1)) - earlier.toSeconds()));
        try {
            String pem = Files.readString(stack.options().keys().resolve(InstallationKeys.JWT_PRIVATE_KEY));
            PrivateKey key = KeyFactory.getInstance("RSA").generatePrivate(new PKCS8EncodedKeySpec(
                    Base64.getMimeDecoder().decode(pem.replaceAll("-----[A-Z ]+-----", ""))));
            return signed(parts[0], older, key);
        } catch (IOException | GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    /** A JWT of this header (already encoded) and these claims, signed RS256 with {@code key}. */
    private static String signed(String encodedHeader, String claims, PrivateKey key) throws GeneralSecurityException {
        String signingInput = encodedHeader + "." + Base64.getUrlEncoder().withoutPadding()
                .encodeToString(claims.getBytes(StandardCharsets.UTF_8));
        Signature signature = Signature.getInstance("SHA256withRSA");
        signature.initSign(key);
        signature.update(signingInput.getBytes(StandardCharsets.US_ASCII));
        return signingInput + "." + Base64.getUrlEncoder().withoutPadding().encodeToString(signature.sign());
    }

    @Test
    void theInstallationSignsWithItsOwnKeyAndNoOtherKeyMintsAnAdmin() throws Exception {
        // the keys were generated on first start, readable by their owner only, and are nobody's published keys
        Path publicKey = stack.options().keys().resolve(InstallationKeys.JWT_PUBLIC_KEY);
        Path privateKey = stack.options().keys().resolve(InstallationKeys.JWT_PRIVATE_KEY);
        assertEquals(PosixFilePermissions.fromString("rw-------"), Files.getPosixFilePermissions(privateKey));
        PublicKey installed = KeyFactory.getInstance("RSA").generatePublic(new X509EncodedKeySpec(
                Base64.getMimeDecoder().decode(Files.readString(publicKey).replaceAll("-----[A-Z ]+-----", ""))));
        assertEquals(Optional.empty(), KnownDevelopmentKeys.describe(KeyFingerprint.ofPublicKey(installed)));

        // a platform admin's claims on a genuine token's header (same kid), signed with any other key: refused everywhere
        String genuine = login(register("mallory"));
        String[] parts = genuine.split("\\.");
        String claims = new String(Base64.getUrlDecoder().decode(parts[1]), StandardCharsets.UTF_8)
                .replaceFirst("\"groups\":\\[[^\\]]*\\]", "\"groups\":[\"admin\"]");
        KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
        generator.initialize(2048);
        String forged = signed(parts[0], claims, generator.generateKeyPair().getPrivate());

        as(forged).when().post("/api/agents/admin/rotate-secrets").then().statusCode(401);
        as(forged).when().get("/api/users/me").then().statusCode(401);
        given().auth().oauth2(forged).when().post(stack.options().url(ServiceSpec.TRIGGER_SERVICE)
                + "/api/triggers/admin/rotate-secrets").then().statusCode(401);
        // the genuine token of an ordinary user stays what it is
        as(genuine).when().post("/api/agents/admin/rotate-secrets").then().statusCode(403);
    }

    @Test
    void anotherUsersSealedSecretPastedIntoATriggerIsNeverOpened() throws Exception {
        String alice = login(register("alice"));
        String botToken = "123456789:alice-private-bot-token";
        String alices = as(alice).body("{\"name\":\"alert\",\"source\":{\"type\":\"platform\",\"eventTypes\":"
                + "[\"agora.deployment.failed.v1\"]},\"actions\":[{\"type\":\"telegram\",\"config\":{\"chatId\":1,"
                + "\"message\":\"down\",\"botToken\":\"" + botToken + "\"}}]}").when().post("/api/triggers").then()
                .statusCode(201).extract().path("id");
        as(alice).when().get("/api/triggers/" + alices).then().statusCode(200)
                .body("actions[0].config.botToken", equalTo("********"));
        // what an intruder reading the database (or a backup) would hold
        String sealed = ServiceDatabases.value(stack, ServiceSpec.TRIGGER_SERVICE,
                "select config::jsonb ->> 'botToken' from trigger_actions where trigger_id = ?::uuid", alices);
        assertTrue(sealed.startsWith("enc:"), sealed);

        String mallory = login(register("mallory"));
        // as a secret of Mallory's own action: refused, naming the field
        as(mallory).body("{\"name\":\"borrowed\",\"source\":{\"type\":\"platform\",\"eventTypes\":"
                + "[\"agora.agent.published.v1\"]},\"actions\":[{\"type\":\"telegram\",\"config\":{\"chatId\":2,"
                + "\"message\":\"m\",\"botToken\":\"" + sealed + "\"}}]}").when().post("/api/triggers").then()
                .statusCode(400).contentType("application/problem+json")
                .body("errors.field", hasItem("actions[0].config.botToken"));
        // as the text of a notification: delivered as the text it is, never opened
        as(mallory).body("{\"name\":\"oracle\",\"source\":{\"type\":\"platform\",\"eventTypes\":"
                + "[\"agora.agent.published.v1\"]},\"actions\":[{\"type\":\"notification\",\"config\":{\"title\":\""
                + "oracle\",\"message\":\"" + sealed + "\"}}]}").when().post("/api/triggers").then().statusCode(201);
        publishedAgent(login(register("oscar")));
        await().atMost(EVENTUALLY).untilAsserted(() -> as(mallory).when().get("/api/marketplace/notifications").then()
                .statusCode(200).body("items.title", hasItem("oracle")));
        String notifications = as(mallory).when().get("/api/marketplace/notifications").then().extract().asString();
        assertTrue(notifications.contains(sealed), notifications);
        assertFalse(notifications.contains(botToken), "Alice's bot token reached Mallory: " + notifications);
    }

    @Test
    void healthMetricsAndOpenApiAreServedOnlyOnTheManagementPorts() {
        List<String> operational = List.of("/q/metrics", "/q/health", "/q/health/ready", "/q/health/live", "/q/openapi",
                "/q/swagger-ui", "/q/swagger-ui/", "/q/dev-ui");
        for (ServiceSpec service : List.of(ServiceSpec.GATEWAY, ServiceSpec.AGENT_SERVICE)) {
            String main = stack.options().url(service);
            for (String path : operational) {
                given().baseUri(main).when().get(path).then().statusCode(404);
            }
            String management = stack.options().managementUrl(service);
            given().baseUri(management).when().get("/q/health/ready").then().statusCode(200).body("status", equalTo("UP"));
            given().baseUri(management).when().get("/q/metrics").then().statusCode(200)
                    .body(containsString("http_server_requests_seconds"));
            given().baseUri(management).accept(ContentType.JSON).when().get("/q/openapi").then().statusCode(200);
            // Swagger UI is not built into the jars that ship
            given().baseUri(management).when().get("/q/swagger-ui/").then().statusCode(404);
        }
        // the gateway proxies nothing outside its routes: no way round to a service's /q either
        given().urlEncodingEnabled(false).when().get("/api/agents/../../q/metrics").then().statusCode(404);
    }

    @Test
    void servicesListenOnLoopbackOnly() throws IOException {
        InetAddress external = NetworkInterface.networkInterfaces().flatMap(NetworkInterface::inetAddresses)
                .filter(address -> !address.isLoopbackAddress() && !address.isLinkLocalAddress())
                .findFirst().orElse(null);
        Assumptions.assumeTrue(external != null, "this machine has no address besides loopback");
        for (ServiceSpec service : ServiceSpec.values()) {
            for (int port : List.of(stack.options().port(service), stack.options().managementPort(service))) {
                try (Socket socket = new Socket()) {
                    socket.connect(new InetSocketAddress(external, port), 2000);
                    throw new AssertionError(service.module() + " accepts connections on " + external + ":" + port);
                } catch (ConnectException | SocketTimeoutException refused) {
                    // only loopback is bound
                }
            }
        }
    }

    @Test
    void aServiceRefusesToStartWithTheTestKeys() throws IOException {
        Path testKeys = Path.of(System.getProperty("agora.root", "..")).toAbsolutePath().normalize()
                .resolve("test-support/src/test/resources/agora-test-keys/public.pem");
        int port = FreePorts.next();
        IllegalStateException refused = assertThrows(IllegalStateException.class,
                () -> stack.startReplica(ServiceSpec.AGENT_SERVICE, port,
                        "-Dmp.jwt.verify.publickey.location=" + testKeys,
                        "-Dagora.agents.secret-key=dGVzdC1vbmx5LWFnb3JhLWFnZW50cy1zZWNyZXRrZXk=").close());
        assertTrue(refused.getMessage().contains("exited during start-up"), refused.getMessage());
        String log = Files.readString(stack.options().home().resolve("logs/agent-service-replica-" + port + ".log"));
        assertTrue(log.contains("mp.jwt.verify.publickey.location is the test key pair of test-support"), log);
        assertTrue(log.contains("agora.agents.secret-key is the test profile's agora.agents.secret-key"), log);
    }

    @Test
    void anAddressSomeoneElseRegisteredCannotPublishHireOrCreateTriggersUntilItsOwnerVerifiesIt() {
        String owner = login(register("oscar"));
        String agentId = publishedAgent(owner);
        // anyone can type anyone's address at registration; only its owner reads the mail
        String address = unverified("squatted");
        String squatter = login(address);

        String own = as(squatter).body(agentJson()).when().post("/api/agents").then().statusCode(201).extract().path("id");
        as(squatter).body("{\"status\":\"active\"}").when().put("/api/agents/" + own + "/status").then().statusCode(200);
        notVerified(as(squatter).body("{\"changes\":\"first\"}").when().post("/api/agents/" + own + "/publish"));
        notVerified(as(squatter).body(taskJson(agentId)).when().post("/api/marketplace/tasks"));
        notVerified(as(squatter).body(triggerJson("squat", "[\"agora.agent.published.v1\"]")).when().post("/api/triggers"));
        as(squatter).when().get("/api/users/me").then().statusCode(200).body("emailVerified", equalTo(false));

        // the owner of the address follows the mailed link: from the next sign-in on, it acts like any other account
        EmailVerifications.verify(stack, address);
        String verified = login(address);
        deposits.fund(verified, agentId, 900);
        as(verified).body(taskJson(agentId)).when().post("/api/marketplace/tasks").then().statusCode(201);
        trigger(verified, "mine", "[\"agora.agent.published.v1\"]");
        as(verified).body("{\"changes\":\"first\"}").when().post("/api/agents/" + own + "/publish").then().statusCode(200);
    }

    @Test
    void aForgottenPasswordNoLongerLocksTheOwnerOutAndAskingRevealsNoAccount() {
        String email = register("petra");
        String stolenSession = given().contentType(ContentType.JSON)
                .body("{\"email\":\"" + email + "\",\"password\":\"" + PASSWORD + "\"}").when().post("/auth/login")
                .then().statusCode(200).extract().path("refreshToken");
        String nobody = "nobody-" + UUID.randomUUID().toString().substring(0, 8) + "@example.org";

        ExtractableResponse<Response> forOwner = askForReset(email);
        ExtractableResponse<Response> forNobody = askForReset(nobody);
        assertEquals(202, forOwner.statusCode());
        assertEquals(forOwner.statusCode(), forNobody.statusCode());
        assertEquals(forOwner.asString(), forNobody.asString());

        LocalMailbox mailbox = new LocalMailbox(stack.mailDirectory());
        String token = mailbox.passwordResetToken(email, EmailVerifications.MAIL_WAIT);
        String newPassword = "a fresh passphrase for petra";
        reset(token, newPassword).then().statusCode(204);

        given().contentType(ContentType.JSON).body("{\"refreshToken\":\"" + stolenSession + "\"}").when()
                .post("/auth/refresh").then().statusCode(401);
        given().contentType(ContentType.JSON).body("{\"email\":\"" + email + "\",\"password\":\"" + PASSWORD + "\"}")
                .when().post("/auth/login").then().statusCode(401);
        given().contentType(ContentType.JSON).body("{\"email\":\"" + email + "\",\"password\":\"" + newPassword + "\"}")
                .when().post("/auth/login").then().statusCode(200);
        reset(token, "another fresh passphrase").then().statusCode(400).contentType("application/problem+json")
                .body("errors[0].field", equalTo("token"));
        assertEquals(0, mailbox.countTo(nobody), "no mail to an address without an account");
    }

    private static ExtractableResponse<Response> askForReset(String email) {
        return given().contentType(ContentType.JSON).body("{\"email\":\"" + email + "\"}").when()
                .post("/auth/password-reset/request").then().extract();
    }

    private static Response reset(String token, String newPassword) {
        return given().contentType(ContentType.JSON).body("{\"token\":\"" + token + "\",\"newPassword\":\"" + newPassword
                + "\"}").when().post("/auth/password-reset");
    }

    private static void notVerified(Response response) {
        response.then().statusCode(403).contentType("application/problem+json")
                .body("type", equalTo("https://agora.dev/problems/email-not-verified"));
    }

    /** An active agent of the owner's, published and listed in the catalog. */
    private static String publishedAgent(String owner) {
        String agentId = as(owner).body(agentJson()).when().post("/api/agents").then().statusCode(201).extract().path("id");
        as(owner).body("{\"status\":\"active\"}").when().put("/api/agents/" + agentId + "/status").then().statusCode(200);
        as(owner).body("{\"changes\":\"first\"}").when().post("/api/agents/" + agentId + "/publish").then().statusCode(200);
        await().atMost(EVENTUALLY).untilAsserted(() -> given().when().get("/api/marketplace/agents/" + agentId)
                .then().statusCode(200));
        return agentId;
    }

    private static String agentJson() {
        String subdomain = "sec-" + UUID.randomUUID().toString().substring(0, 12);
        return "{\"name\":\"Oracle\",\"description\":\"Reads prices\",\"subdomain\":\"" + subdomain
                + "\",\"repoOwner\":\"acme\",\"repoName\":\"oracle\",\"githubUrl\":\"https://github.com/acme/oracle\","
                + "\"category\":\"Finance\",\"tags\":[\"defi\"],\"priceMicroalgo\":1000000}";
    }

    private static String taskJson(String agentId) {
        return "{\"agentId\":\"" + agentId + "\",\"title\":\"Audit\",\"description\":\"brief\",\"budget\":900,"
                + "\"paymentType\":\"fixed\"}";
    }

    private static String triggerJson(String name, String eventTypes) {
        return "{\"name\":\"" + name + "\",\"source\":{\"type\":\"platform\",\"eventTypes\":" + eventTypes
                + "},\"actions\":[{\"type\":\"notification\",\"config\":{\"title\":\"" + name + "\"}}]}";
    }

    private static String trigger(String token, String name, String eventTypes) {
        return as(token).body(triggerJson(name, eventTypes)).when().post("/api/triggers").then().statusCode(201).extract().path("id");
    }

    private static String orgAgentJson(String org) {
        String subdomain = "sec-" + UUID.randomUUID().toString().substring(0, 12);
        return "{\"name\":\"Org oracle\",\"description\":\"Reads prices\",\"subdomain\":\"" + subdomain
                + "\",\"repoOwner\":\"acme\",\"repoName\":\"oracle\",\"githubUrl\":\"https://github.com/acme/oracle\","
                + "\"category\":\"Finance\",\"tags\":[\"defi\"],\"priceMicroalgo\":1000000,\"organizationSlugs\":[\"" + org
                + "\"],\"metadata\":{\"internal\":\"cost center 7\"},\"deploymentConfig\":{\"replicas\":2}}";
    }

    /** A new account whose owner has verified its address. */
    private static String register(String name) {
        String email = unverified(name);
        EmailVerifications.verify(stack, email);
        return email;
    }

    private static String unverified(String name) {
        String email = name + "-" + UUID.randomUUID().toString().substring(0, 8) + "@example.org";
        given().contentType(ContentType.JSON)
                .body("{\"email\":\"" + email + "\",\"password\":\"" + PASSWORD + "\",\"displayName\":\"" + name + "\"}")
                .when().post("/auth/register").then().statusCode(201);
        return email;
    }

    private static String login(String email) {
        return signIn(email).path("accessToken");
    }

    private static Response signIn(String email) {
        return given().contentType(ContentType.JSON).body("{\"email\":\"" + email + "\",\"password\":\"" + PASSWORD + "\"}")
                .when().post("/auth/login").then().statusCode(200).extract().response();
    }

    private static RequestSpecification as(String token) {
        return given().auth().oauth2(token).contentType(ContentType.JSON);
    }
}
