package dev.agora.gateway;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsInAnyOrder;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.hasItems;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.notNullValue;
import static org.hamcrest.Matchers.nullValue;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.UUID;

import jakarta.inject.Inject;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import dev.agora.testsupport.EventContracts;
import dev.agora.testsupport.KafkaTestResource;
import dev.agora.testsupport.PostgresTestResource;
import dev.agora.testsupport.TestTokens;
import dev.agora.testsupport.TopicReader;
import io.quarkus.test.common.TestResourceScope;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.response.Response;
import io.restassured.specification.RequestSpecification;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Tuple;

/** Profiles, the password policy, password change, sessions, deactivation, deletion and login throttling. */
@QuarkusTest
@WithTestResource(value = PostgresTestResource.class, scope = TestResourceScope.GLOBAL)
@WithTestResource(value = KafkaTestResource.class, scope = TestResourceScope.GLOBAL)
@WithTestResource(value = UpstreamStub.class, scope = TestResourceScope.GLOBAL)
class UserAccountTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String PASSWORD = "correct horse battery";
    private static final EventContracts CONTRACTS = new EventContracts(Path.of("../contracts"));
    private static TopicReader identityTopic;

    @Inject
    Pool database;

    @BeforeAll
    static void subscribe() {
        identityTopic = TopicReader.of("identity.v1");
    }

    @AfterAll
    static void close() {
        identityTopic.close();
    }

    record Account(String id, String email, String accessToken, String refreshToken) {
        RequestSpecification as() {
            return given().auth().oauth2(accessToken).contentType(ContentType.JSON);
        }
    }

    // --- profile

    @Test
    void updatesTheProfileAndClearsFieldsSentEmpty() {
        Account ada = account();
        String username = "ada_" + UUID.randomUUID().toString().substring(0, 8);
        String before = ada.as().get("/api/users/me").then().statusCode(200)
                .body("plan", equalTo("free")).body("active", equalTo(true)).body("username", nullValue())
                .extract().path("updatedAt");

        ada.as().body("{\"username\":\"  " + username.toUpperCase() + " \",\"fullName\":\" Ada King \","
                + "\"avatarUrl\":\"https://img.example.org/ada.png\",\"displayName\":\"Countess\"}")
                .when().patch("/api/users/me")
                .then().statusCode(200)
                .body("username", equalTo(username))
                .body("fullName", equalTo("Ada King"))
                .body("avatarUrl", equalTo("https://img.example.org/ada.png"))
                .body("displayName", equalTo("Countess"))
                .body("email", equalTo(ada.email()))
                .body("updatedAt", not(equalTo(before)));

        ada.as().body("{\"fullName\":\"\",\"avatarUrl\":\"\"}").when().patch("/api/users/me")
                .then().statusCode(200)
                .body("fullName", nullValue()).body("avatarUrl", nullValue())
                .body("username", equalTo(username)).body("displayName", equalTo("Countess"));
        ada.as().get("/api/users/me").then().statusCode(200).body("username", equalTo(username));
    }

    @Test
    void rejectsBadProfileUpdatesNamingEachFieldAndTakenUsernames() {
        Account ada = account();
        Account bob = account();
        String username = "taken-" + UUID.randomUUID().toString().substring(0, 8);
        bob.as().body("{\"username\":\"" + username + "\"}").when().patch("/api/users/me").then().statusCode(200);

        ada.as().body("{\"username\":\"a b\",\"avatarUrl\":\"javascript:alert(1)\",\"displayName\":\"  \","
                + "\"fullName\":\"" + "f".repeat(201) + "\"}")
                .when().patch("/api/users/me")
                .then().statusCode(400).contentType("application/problem+json")
                .body("errors.field", hasItems("username", "avatarUrl", "displayName", "fullName"));
        ada.as().body("{\"username\":\"" + username.toUpperCase() + "\"}").when().patch("/api/users/me")
                .then().statusCode(409).body("errors[0].field", equalTo("username"));
        ada.as().get("/api/users/me").then().statusCode(200).body("username", nullValue());

        given().contentType(ContentType.JSON).body("{\"fullName\":\"x\"}").when().patch("/api/users/me")
                .then().statusCode(401).contentType("application/problem+json");
        given().auth().oauth2(TestTokens.forUser(UUID.randomUUID())).contentType(ContentType.JSON)
                .body("{\"fullName\":\"x\"}").when().patch("/api/users/me").then().statusCode(404);
    }

    @Test
    void registersWithAUsernameAndRefusesATakenOne() {
        String username = "reg-" + UUID.randomUUID().toString().substring(0, 8);
        given().contentType(ContentType.JSON).body("{\"email\":\"" + AuthFlowTest.uniqueEmail() + "\",\"password\":\""
                + PASSWORD + "\",\"displayName\":\"A\",\"username\":\"" + username + "\"}")
                .when().post("/auth/register").then().statusCode(201);
        given().contentType(ContentType.JSON).body("{\"email\":\"" + AuthFlowTest.uniqueEmail() + "\",\"password\":\""
                + PASSWORD + "\",\"displayName\":\"B\",\"username\":\"" + username + "\"}")
                .when().post("/auth/register").then().statusCode(409).body("errors[0].field", equalTo("username"));
    }

    // --- password policy and change

    @Test
    void refusesWellKnownBreachedPasswordsWhateverTheirCase() {
        for (String breached : List.of("password123", "Password123", "QWERTYUIOP", "1234567890", "iloveyou123")) {
            given().contentType(ContentType.JSON).body(AuthFlowTest.registration(AuthFlowTest.uniqueEmail(), breached, "A"))
                    .when().post("/auth/register")
                    .then().statusCode(400).contentType("application/problem+json")
                    .body("errors.field", equalTo(List.of("password")));
        }
        given().contentType(ContentType.JSON).body("{\"email\":\"nope\",\"password\":\"qwertyuiop\",\"displayName\":\"\"}")
                .when().post("/auth/register")
                .then().statusCode(400).body("errors.field", containsInAnyOrder("email", "password", "displayName"));
    }

    @Test
    void changingThePasswordSignsOutEveryOtherSession() {
        Account ada = account();
        Account otherDevice = login(ada.email(), PASSWORD, "198.51.100.1");
        String newPassword = "a much better passphrase";

        ada.as().body("{\"currentPassword\":\"wrong password!\",\"newPassword\":\"" + newPassword + "\"}")
                .when().post("/api/users/me/password")
                .then().statusCode(400).body("errors[0].field", equalTo("currentPassword"));
        ada.as().body("{\"currentPassword\":\"" + PASSWORD + "\",\"newPassword\":\"password1234\"}")
                .when().post("/api/users/me/password")
                .then().statusCode(400).body("errors.field", equalTo(List.of("newPassword")));
        ada.as().body("{}").when().post("/api/users/me/password")
                .then().statusCode(400).body("errors.field", containsInAnyOrder("currentPassword", "newPassword"));
        refresh(otherDevice.refreshToken()).then().statusCode(200);
        otherDevice = login(ada.email(), PASSWORD, "198.51.100.1");

        ada.as().body("{\"currentPassword\":\"" + PASSWORD + "\",\"newPassword\":\"" + newPassword + "\"}")
                .when().post("/api/users/me/password").then().statusCode(204);

        refresh(otherDevice.refreshToken()).then().statusCode(401);
        refresh(ada.refreshToken()).then().statusCode(200);
        AuthFlowTest.login(ada.email(), PASSWORD).then().statusCode(401);
        AuthFlowTest.login(ada.email(), newPassword).then().statusCode(200);
        given().contentType(ContentType.JSON).body("{}").when().post("/api/users/me/password").then().statusCode(401);
    }

    // --- sessions

    @Test
    void listsMySessionsAndRevokesOne() {
        Account ada = account();
        Account phone = login(ada.email(), PASSWORD, "203.0.113.77");

        List<String> ids = ada.as().get("/api/users/me/sessions").then().statusCode(200)
                .body("size()", equalTo(2))
                .body("find { it.current }.ip", equalTo("127.0.0.1"))
                .body("find { !it.current }.ip", equalTo("203.0.113.77"))
                .body("find { !it.current }.userAgent", equalTo("agora-test-phone"))
                .body("[0].createdAt", notNullValue())
                .body("[0].lastUsedAt", notNullValue())
                .extract().path("id");
        String phoneSession = phone.as().get("/api/users/me/sessions").then().statusCode(200)
                .extract().path("find { it.current }.id");
        assertTrue(ids.contains(phoneSession));

        Account stranger = account();
        stranger.as().delete("/api/users/me/sessions/" + phoneSession).then().statusCode(404);
        stranger.as().delete("/api/users/me/sessions/not-a-uuid").then().statusCode(404);
        refresh(phone.refreshToken()).then().statusCode(200);
        phone = login(ada.email(), PASSWORD, "203.0.113.77");
        String newPhoneSession = phone.as().get("/api/users/me/sessions").then().extract().path("find { it.current }.id");

        ada.as().delete("/api/users/me/sessions/" + newPhoneSession).then().statusCode(204);
        refresh(phone.refreshToken()).then().statusCode(401);
        ada.as().get("/api/users/me/sessions").then().statusCode(200)
                .body("id", not(hasItem(newPhoneSession)));
        given().when().get("/api/users/me/sessions").then().statusCode(401);
    }

    // --- deactivation and deletion

    @Test
    void aDeactivatedAccountCanNeitherSignInNorRefresh() {
        Account ada = account();
        ada.as().post("/api/users/me/deactivate").then().statusCode(204);

        refresh(ada.refreshToken()).then().statusCode(401);
        Response login = AuthFlowTest.login(ada.email(), PASSWORD);
        login.then().statusCode(401).body("detail", equalTo("invalid email or password"));
        assertEquals(1, count("select count(*) from users where email = $1 and not is_active", ada.email()));
    }

    @Test
    void deletingTheAccountScrubsItEndsSessionsAndMembershipsAndPublishesUserDeleted() throws Exception {
        Account ada = account();
        Account admin = account();
        String slug = "del-" + UUID.randomUUID().toString().substring(0, 8);
        admin.as().body("{\"slug\":\"" + slug + "\",\"name\":\"Org\"}").when().post("/api/orgs").then().statusCode(201);
        admin.as().body("{\"email\":\"" + ada.email() + "\",\"role\":\"viewer\"}")
                .when().post("/api/orgs/" + slug + "/members").then().statusCode(201);
        ada.as().body("{\"username\":\"gone-" + ada.id().substring(0, 8) + "\"}").when().patch("/api/users/me")
                .then().statusCode(200);

        ada.as().delete("/api/users/me").then().statusCode(204);

        TopicReader.Received deleted = identityTopic.await(r -> ada.id().equals(r.key())
                && "agora.user.deleted.v1".equals(r.header("ce_type")), Duration.ofSeconds(30));
        assertEquals(List.of(), CONTRACTS.violations("identity.v1", "agora.user.deleted.v1", deleted.value()));
        JsonNode body = JSON.readTree(deleted.value());
        assertEquals(ada.id(), body.path("userId").asText());
        assertTrue(body.hasNonNull("deletedAt"));
        TopicReader.Received removed = identityTopic.await(r -> "agora.org.member-removed.v1".equals(r.header("ce_type"))
                && r.value().contains(ada.id()), Duration.ofSeconds(30));
        assertEquals(List.of(), CONTRACTS.violations("identity.v1", "agora.org.member-removed.v1", removed.value()));

        refresh(ada.refreshToken()).then().statusCode(401);
        AuthFlowTest.login(ada.email(), PASSWORD).then().statusCode(401).body("detail", equalTo("invalid email or password"));
        AuthFlowTest.login("deleted-" + ada.id() + "@deleted.invalid", PASSWORD).then().statusCode(401);
        // the deleted account's sessions ended with it, access tokens included
        ada.as().get("/api/users/me").then().statusCode(401);
        ada.as().delete("/api/users/me").then().statusCode(401);
        given().auth().oauth2(TestTokens.forUser(UUID.fromString(ada.id()))).get("/api/users/me").then().statusCode(404);
        admin.as().get("/api/orgs/" + slug + "/members/" + ada.id()).then().statusCode(404);
        assertEquals(0, count("select count(*) from users where email = $1", ada.email()));
        assertEquals(1, count("select count(*) from users where id = $1::uuid and deleted_at is not null"
                + " and username is null and full_name is null", ada.id()));
        // the address is free again
        String again = AuthFlowTest.register(ada.email());
        assertNotEquals(ada.id(), again);
    }

    @Test
    void theLastAdminOfAnOrganizationCannotDeleteTheAccount() {
        Account ada = account();
        String slug = "last-" + UUID.randomUUID().toString().substring(0, 8);
        ada.as().body("{\"slug\":\"" + slug + "\",\"name\":\"Org\"}").when().post("/api/orgs").then().statusCode(201);

        ada.as().delete("/api/users/me").then().statusCode(409).contentType("application/problem+json");
        ada.as().get("/api/users/me").then().statusCode(200);
        ada.as().get("/api/orgs/" + slug).then().statusCode(200).body("role", equalTo("admin"));
        given().when().delete("/api/users/me").then().statusCode(401);
    }

    // --- login throttling

    @Test
    void locksAnAccountAfterRepeatedFailuresEvenForTheRightPassword() {
        Account ada = account();
        String ip = "192.0.2." + (1 + (int) (Math.random() * 250));
        for (int i = 0; i < 5; i++) {
            loginFrom(ada.email(), "wrong password " + i, ip).then().statusCode(401);
        }
        Response locked = loginFrom(ada.email(), PASSWORD, ip);
        locked.then().statusCode(429).contentType("application/problem+json")
                .body("status", equalTo(429));
        assertTrue(Long.parseLong(locked.header("Retry-After")) > 0);
        // the account, not the address: another address is refused too, another account from here is not
        loginFrom(ada.email(), PASSWORD, "198.18.0.9").then().statusCode(429);
        Account bob = account();
        loginFrom(bob.email(), PASSWORD, ip).then().statusCode(200);
    }

    @Test
    void unknownEmailsAreLockedJustLikeRealOnes() {
        String nobody = AuthFlowTest.uniqueEmail();
        Account ada = account();
        Response unknownLocked = null;
        Response realLocked = null;
        for (int i = 0; i < 6; i++) {
            unknownLocked = loginFrom(nobody, "wrong password " + i, "198.18.1." + i);
            realLocked = loginFrom(ada.email(), "wrong password " + i, "198.18.2." + i);
        }
        assertEquals(429, unknownLocked.statusCode());
        assertEquals(429, realLocked.statusCode());
        assertEquals(unknownLocked.jsonPath().getString("detail"), realLocked.jsonPath().getString("detail"));
    }

    @Test
    void locksAClientAddressAfterManyFailuresAcrossAccounts() {
        String ip = "100.64." + (int) (Math.random() * 250) + "." + (int) (Math.random() * 250);
        for (int i = 0; i < 20; i++) {
            loginFrom(AuthFlowTest.uniqueEmail(), "wrong password", ip).then().statusCode(401);
        }
        Account ada = account();
        loginFrom(ada.email(), PASSWORD, ip).then().statusCode(429).header("Retry-After", notNullValue());
        loginFrom(ada.email(), PASSWORD, "100.127.0.1").then().statusCode(200);
    }

    // --- helpers

    private static Account account() {
        String email = AuthFlowTest.uniqueEmail();
        String id = AuthFlowTest.register(email);
        Account signedIn = login(email, PASSWORD, null);
        return new Account(id, email, signedIn.accessToken(), signedIn.refreshToken());
    }

    private static Account login(String email, String password, String ip) {
        Response response = ip == null ? AuthFlowTest.login(email, password) : loginFrom(email, password, ip);
        response.then().statusCode(200);
        return new Account(null, email, response.path("accessToken"), response.path("refreshToken"));
    }

    private static Response loginFrom(String email, String password, String ip) {
        return given().contentType(ContentType.JSON).header("X-Forwarded-For", ip).header("User-Agent", "agora-test-phone")
                .body("{\"email\":\"" + email + "\",\"password\":\"" + password + "\"}")
                .when().post("/auth/login");
    }

    private static Response refresh(String refreshToken) {
        return given().contentType(ContentType.JSON).body("{\"refreshToken\":\"" + refreshToken + "\"}")
                .when().post("/auth/refresh");
    }

    private long count(String sql, String parameter) {
        return database.preparedQuery(sql).execute(Tuple.of(parameter)).await().atMost(Duration.ofSeconds(10))
                .iterator().next().getLong(0);
    }
}
