package dev.agora.gateway;

import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.everyItem;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.notNullValue;
import static org.hamcrest.Matchers.nullValue;
import static org.hamcrest.Matchers.startsWith;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.UUID;

import jakarta.inject.Inject;

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import dev.agora.testsupport.KafkaTestResource;
import dev.agora.testsupport.PostgresTestResource;
import dev.agora.testsupport.TestTokens;
import io.quarkus.test.common.TestResourceScope;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;
import io.restassured.specification.RequestSpecification;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Tuple;

/** API keys of users, organizations and service accounts, exchanged at the edge for internal JWTs. */
@QuarkusTest
@WithTestResource(value = PostgresTestResource.class, scope = TestResourceScope.GLOBAL)
@WithTestResource(value = KafkaTestResource.class, scope = TestResourceScope.GLOBAL)
@WithTestResource(value = UpstreamStub.class, scope = TestResourceScope.GLOBAL)
class ApiKeysTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String PASSWORD = "correct horse battery";

    @Inject
    Pool database;

    record Person(String id, String email, String accessToken) {
        RequestSpecification as() {
            return given().auth().oauth2(accessToken).contentType(ContentType.JSON);
        }
    }

    @Test
    void aUserKeyIsShownOnceStoredHashedAndExchangedForAnInternalTokenWithItsScopes() throws Exception {
        Person ada = person();
        JsonPath created = ada.as().body("{\"name\":\" ci \",\"scopes\":[\"agents:read\",\"agents:read\",\"triggers:write\"]}")
                .when().post("/api/users/me/api-keys")
                .then().statusCode(201)
                .header("Location", notNullValue())
                .body("name", equalTo("ci"))
                .body("scopes", equalTo(List.of("agents:read", "triggers:write")))
                .body("lastUsedAt", nullValue())
                .extract().jsonPath();
        String key = created.getString("key");
        String keyId = created.getString("id");
        assertTrue(key.matches("sk_live_[A-Za-z0-9_-]{43}"), key);
        assertEquals(key.substring(0, 12), created.getString("prefix"));
        assertEquals(1, count("select count(*) from api_keys where key_hash = $1", sha256(key)));
        assertEquals(0, count("select count(*) from api_keys where key_hash = $1 or prefix = $1", key));
        ada.as().get("/api/users/me/api-keys").then().statusCode(200)
                .body("id", hasItem(keyId)).body("key", everyItem(nullValue()));

        JsonPath echo = given().header("Authorization", "Bearer " + key).when().get("/api/agents/mine")
                .then().statusCode(200).extract().jsonPath();
        String forwarded = echo.getString("headers.authorization");
        assertTrue(forwarded.startsWith("Bearer ey"), "the key is exchanged for a JWT: " + forwarded);
        assertFalse(forwarded.contains(key));
        JsonNode claims = claims(forwarded.substring("Bearer ".length()));
        assertEquals(ada.id(), claims.path("sub").asText());
        assertEquals(ada.email(), claims.path("email").asText());
        assertEquals("https://agora.dev", claims.path("iss").asText());
        assertEquals("agents:read triggers:write", claims.path("scope").asText());
        assertEquals(keyId, claims.path("api_key_id").asText());
        assertEquals("user", claims.path("principal_type").asText());
        assertTrue(claims.path("exp").asLong() - claims.path("iat").asLong() <= 300);

        given().header("X-API-Key", key).when().get("/api/agents/mine").then().statusCode(200);
        JsonPath viaHeader = given().header("X-API-Key", key).when().get("/api/agents/x").then().extract().jsonPath();
        assertNull(viaHeader.getString("headers.x-api-key"), "the key never travels past the edge");
        ada.as().get("/api/users/me/api-keys").then().body("find { it.id == '" + keyId + "' }.lastUsedAt", notNullValue());

        given().header("X-API-Key", key).contentType(ContentType.JSON).body("{}").when().post("/api/agents")
                .then().statusCode(403).contentType("application/problem+json")
                .body("detail", equalTo("the API key lacks the scope agents:write"));
        given().header("X-API-Key", key).when().get("/api/deployments/d1").then().statusCode(403);
        given().header("X-API-Key", key).contentType(ContentType.JSON).body("{}").when().post("/api/triggers/t1")
                .then().statusCode(503);
    }

    @Test
    void revokedExpiredAndUnknownKeysAre401() {
        Person ada = person();
        JsonPath first = createKey(ada, "agents:read");
        String keyId = first.getString("id");
        String revoked = first.getString("key");
        String key = createKeySecret(ada, "agents:read");
        given().header("X-API-Key", revoked).when().get("/api/agents/x").then().statusCode(200);

        ada.as().delete("/api/users/me/api-keys/" + keyId).then().statusCode(204);
        ada.as().delete("/api/users/me/api-keys/" + keyId).then().statusCode(204);
        await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> given().header("X-API-Key", revoked)
                .when().get("/api/agents/x").then().statusCode(401)
                .contentType("application/problem+json").header("WWW-Authenticate", startsWith("Bearer")));
        ada.as().get("/api/users/me/api-keys").then().body("find { it.id == '" + keyId + "' }.revokedAt", notNullValue());

        execute("update api_keys set expires_at = now() - interval '1 second' where key_hash = $1", sha256(key));
        given().header("X-API-Key", key).when().get("/api/agents/x").then().statusCode(401);
        given().header("X-API-Key", "sk_live_" + "A".repeat(43)).when().get("/api/agents/x").then().statusCode(401);
        given().header("X-API-Key", "not-a-key").when().get("/api/agents/x").then().statusCode(401);
        given().header("Authorization", "Bearer sk_live_nope").when().get("/api/agents/x").then().statusCode(401);
        given().header("X-API-Key", key).auth().oauth2(ada.accessToken()).when().get("/api/agents/x").then().statusCode(401);
    }

    @Test
    void rejectsBadKeyRequestsNamingEachFieldAndOthersKeys() {
        Person ada = person();
        ada.as().body("{\"name\":\" \",\"scopes\":[],\"expiresAt\":\"2001-01-01T00:00:00Z\"}").when().post("/api/users/me/api-keys")
                .then().statusCode(400).contentType("application/problem+json")
                .body("errors.field", hasItem("name")).body("errors.field", hasItem("scopes"))
                .body("errors.field", hasItem("expiresAt"));
        ada.as().body("{\"name\":\"x\",\"scopes\":[\"agents:delete\"]}").when().post("/api/users/me/api-keys")
                .then().statusCode(400).body("errors[0].field", startsWith("scopes"));
        ada.as().body("{\"name\":\"x\",\"scopes\":\"agents:read\"}").when().post("/api/users/me/api-keys")
                .then().statusCode(400);
        assertEquals(0, count("select count(*) from api_keys where user_id = $1::uuid", ada.id()));

        String adasKey = createKey(ada, "agents:read").getString("id");
        Person bob = person();
        bob.as().delete("/api/users/me/api-keys/" + adasKey).then().statusCode(404);
        bob.as().delete("/api/users/me/api-keys/not-a-uuid").then().statusCode(404);
        bob.as().get("/api/users/me/api-keys").then().statusCode(200).body("size()", equalTo(0));
        given().contentType(ContentType.JSON).body("{\"name\":\"x\",\"scopes\":[\"agents:read\"]}")
                .when().post("/api/users/me/api-keys").then().statusCode(401);
        given().when().get("/api/users/me/api-keys").then().statusCode(401);
    }

    @Test
    void aDeactivatedUsersKeysStopWorking() {
        Person ada = person();
        String key = createKeySecret(ada, "agents:read");
        ada.as().post("/api/users/me/deactivate").then().statusCode(204);
        given().header("X-API-Key", key).when().get("/api/agents/x").then().statusCode(401);
    }

    @Test
    void organizationAdminsManageKeysThatActForTheOrganization() throws Exception {
        Person admin = person();
        Person viewer = person();
        String slug = "keys-" + UUID.randomUUID().toString().substring(0, 8);
        admin.as().body("{\"slug\":\"" + slug + "\",\"name\":\"Org\"}").when().post("/api/orgs").then().statusCode(201);
        admin.as().body("{\"email\":\"" + viewer.email() + "\",\"role\":\"viewer\"}")
                .when().post("/api/orgs/" + slug + "/members").then().statusCode(201);
        String orgId = admin.as().get("/api/orgs/" + slug).then().extract().path("id");

        String body = "{\"name\":\"deployer\",\"scopes\":[\"agents:write\",\"agents:read\"]}";
        viewer.as().body(body).when().post("/api/orgs/" + slug + "/api-keys").then().statusCode(403);
        viewer.as().get("/api/orgs/" + slug + "/api-keys").then().statusCode(403);
        person().as().body(body).when().post("/api/orgs/" + slug + "/api-keys").then().statusCode(404);
        JsonPath created = admin.as().body(body).when().post("/api/orgs/" + slug + "/api-keys")
                .then().statusCode(201).extract().jsonPath();
        admin.as().get("/api/orgs/" + slug + "/api-keys").then().statusCode(200).body("id", hasItem(created.getString("id")));

        JsonPath echo = given().header("X-API-Key", created.getString("key")).contentType(ContentType.JSON).body("{}")
                .when().post("/api/agents/x").then().statusCode(200).extract().jsonPath();
        JsonNode claims = claims(echo.getString("headers.authorization").substring("Bearer ".length()));
        assertEquals(orgId, claims.path("sub").asText());
        assertEquals("organization", claims.path("principal_type").asText());
        assertEquals("agent_manager", claims.path("orgs").path(slug).asText());

        viewer.as().delete("/api/orgs/" + slug + "/api-keys/" + created.getString("id")).then().statusCode(403);
        admin.as().delete("/api/orgs/" + slug + "/api-keys/" + created.getString("id")).then().statusCode(204);
        admin.as().delete("/api/orgs/" + slug + "/api-keys/" + UUID.randomUUID()).then().statusCode(404);
    }

    @Test
    void platformAdminsCreateServiceAccountsWhoseKeysCarryTheirRoleAsGroup() throws Exception {
        Person admin = person();
        execute("update users set platform_admin = true where id = $1::uuid", admin.id());
        admin = login(admin.email(), admin.id());
        assertEquals("admin", claims(admin.accessToken()).path("groups").path(0).asText());
        Person someone = person();
        String name = "indexer-" + UUID.randomUUID().toString().substring(0, 8);

        someone.as().body("{\"name\":\"" + name + "\",\"role\":\"ingestor\"}").when().post("/api/admin/service-accounts")
                .then().statusCode(403);
        given().auth().oauth2(TestTokens.forUser(UUID.randomUUID())).when().get("/api/admin/service-accounts")
                .then().statusCode(403);
        admin.as().body("{\"name\":\"" + name + "\",\"role\":\"janitor\"}").when().post("/api/admin/service-accounts")
                .then().statusCode(400).body("errors[0].field", equalTo("role"));
        String accountId = admin.as().body("{\"name\":\"" + name + "\",\"role\":\"ingestor\"}")
                .when().post("/api/admin/service-accounts")
                .then().statusCode(201).body("role", equalTo("ingestor")).extract().path("id");
        admin.as().body("{\"name\":\"" + name + "\",\"role\":\"payments\"}").when().post("/api/admin/service-accounts")
                .then().statusCode(409).body("errors[0].field", equalTo("name"));
        admin.as().get("/api/admin/service-accounts").then().statusCode(200).body("id", hasItem(accountId));

        String key = admin.as().body("{\"name\":\"chain\",\"scopes\":[\"marketplace:write\"]}")
                .when().post("/api/admin/service-accounts/" + accountId + "/api-keys")
                .then().statusCode(201).extract().path("key");
        admin.as().post("/api/admin/service-accounts/" + UUID.randomUUID() + "/api-keys").then().statusCode(400);
        admin.as().body("{\"name\":\"chain\",\"scopes\":[\"marketplace:write\"]}")
                .when().post("/api/admin/service-accounts/" + UUID.randomUUID() + "/api-keys").then().statusCode(404);

        JsonPath echo = given().header("Authorization", "Bearer " + key).contentType(ContentType.JSON).body("{}")
                .when().post("/api/marketplace/payments").then().statusCode(200).extract().jsonPath();
        JsonNode claims = claims(echo.getString("headers.authorization").substring("Bearer ".length()));
        assertEquals(accountId, claims.path("sub").asText());
        assertEquals("service", claims.path("principal_type").asText());
        assertEquals("ingestor", claims.path("groups").path(0).asText());
        assertEquals(1, claims.path("groups").size());
    }

    // --- helpers

    private JsonPath createKey(Person person, String scope) {
        return person.as().body("{\"name\":\"k\",\"scopes\":[\"" + scope + "\"]}").when().post("/api/users/me/api-keys")
                .then().statusCode(201).extract().jsonPath();
    }

    private String createKeySecret(Person person, String scope) {
        return createKey(person, scope).getString("key");
    }

    private static Person person() {
        String email = AuthFlowTest.uniqueEmail();
        String id = AuthFlowTest.register(email);
        return login(email, id);
    }

    private static Person login(String email, String id) {
        String token = AuthFlowTest.login(email, PASSWORD).then().statusCode(200).extract().path("accessToken");
        return new Person(id, email, token);
    }

    private static JsonNode claims(String jwt) throws Exception {
        return JSON.readTree(Base64.getUrlDecoder().decode(jwt.split("\\.")[1]));
    }

    private static String sha256(String value) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(value.getBytes(StandardCharsets.UTF_8)));
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    private long count(String sql, String parameter) {
        return database.preparedQuery(sql).execute(Tuple.of(parameter)).await().atMost(Duration.ofSeconds(10))
                .iterator().next().getLong(0);
    }

    private void execute(String sql, String parameter) {
        database.preparedQuery(sql).execute(Tuple.of(parameter)).await().atMost(Duration.ofSeconds(10));
    }
}
