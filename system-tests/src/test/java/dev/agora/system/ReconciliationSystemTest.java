package dev.agora.system;

import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.SQLException;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import dev.agora.local.ServiceSpec;
import dev.agora.local.Stack;
import dev.agora.local.StackOptions;
import io.restassured.RestAssured;
import io.restassured.http.ContentType;
import io.restassured.specification.RequestSpecification;

/**
 * Projections that drifted from their sources behind the services' backs (a lost event, a bad hand edit) are found
 * and repaired once the sources send their state again, each repair listed by the service that made it; and the
 * projections marketplace-service derives from its facts equal their recomputation after real traffic.
 */
class ReconciliationSystemTest {
    private static final Duration EVENTUALLY = Duration.ofSeconds(60);
    private static Stack stack;

    @BeforeAll
    static void startTheSuite() throws IOException {
        Path root = Path.of(System.getProperty("agora.root", "..")).toAbsolutePath().normalize();
        stack = Stack.start(StackOptions.isolated(Files.createTempDirectory("agora-reconciliation-"), root));
        RestAssured.baseURI = stack.gatewayUrl();
    }

    @AfterAll
    static void stopTheSuite() {
        if (stack != null) {
            stack.close();
        }
    }

    @Test
    void driftedProjectionsAreRepairedFromTheStateTheirSourcesSendAgain() throws Exception {
        Accounts accounts = new Accounts(stack);
        Accounts.Account owner = accounts.register("drift-owner");
        Accounts.Account member = accounts.register("drift-member");
        String admin = accounts.platformAdmin("drift-admin").token();
        String slug = "drift-" + UUID.randomUUID().toString().substring(0, 8);
        as(owner.token()).body("{\"slug\":\"" + slug + "\",\"name\":\"Drift\"}").when().post("/api/orgs").then()
                .statusCode(201);
        as(owner.token()).body("{\"email\":\"" + member.email() + "\",\"role\":\"viewer\"}").when()
                .post("/api/orgs/" + slug + "/members").then().statusCode(201);
        String agent = publishedAgent(owner.token());
        await().atMost(EVENTUALLY).until(() -> value(ServiceSpec.DEPLOYMENT_SERVICE,
                "select status from agent_refs where agent_id = ?::uuid", agent) != null
                && "active".equals(value(ServiceSpec.TRIGGER_SERVICE, "select status from agent_refs where agent_id = ?::uuid",
                        agent))
                && value(ServiceSpec.TRIGGER_SERVICE, "select role from org_members where user_id = ?::uuid", member.id())
                        != null);

        // what lost events or hand edits would leave behind
        drift(ServiceSpec.MARKETPLACE_SERVICE, "update catalog_agents set name = 'Stale' where agent_id = ?::uuid", agent);
        drift(ServiceSpec.DEPLOYMENT_SERVICE, "update agent_refs set subdomain = 'stale' where agent_id = ?::uuid", agent);
        drift(ServiceSpec.TRIGGER_SERVICE, "update agent_refs set status = 'paused' where agent_id = ?::uuid", agent);
        drift(ServiceSpec.TRIGGER_SERVICE, "delete from org_members where user_id = ?::uuid", member.id());

        as(admin).when().post("/api/agents/admin/snapshots").then().statusCode(200);
        as(admin).when().post("/api/admin/organizations/snapshots").then().statusCode(200);

        assertEquals(List.of("name"), awaitRepair(admin, "/api/marketplace/admin/projections/repairs", agent));
        assertEquals(List.of("subdomain"), awaitRepair(admin, "/api/deployments/admin/projections/repairs", agent));
        assertEquals(List.of("status"), awaitRepair(admin, "/api/triggers/admin/projections/repairs", agent));
        assertEquals(List.of(member.id() + ":missing"), awaitRepair(admin, "/api/triggers/admin/projections/repairs",
                slug));
        given().when().get("/api/marketplace/agents/" + agent).then().statusCode(200).body("name", equalTo("Drifter"));
        assertEquals("viewer", value(ServiceSpec.TRIGGER_SERVICE, "select role from org_members where user_id = ?::uuid",
                member.id()));

        as(admin).when().post("/api/marketplace/admin/projections/check").then().statusCode(200)
                .body("consistent", equalTo(true));
    }

    @Test
    void onlyPlatformAdminsAskSourcesForTheirState() {
        String user = new Accounts(stack).register("not-admin").token();
        for (String path : List.of("/api/agents/admin/snapshots", "/api/admin/organizations/snapshots")) {
            given().when().post(path).then().statusCode(401).contentType("application/problem+json");
            as(user).when().post(path).then().statusCode(403).contentType("application/problem+json");
        }
    }

    private static String publishedAgent(String token) {
        String repo = "drift-" + UUID.randomUUID().toString().substring(0, 8);
        String agent = as(token).body("{\"name\":\"Drifter\",\"description\":\"Drifts\",\"subdomain\":\"" + repo
                + "\",\"repoOwner\":\"acme\",\"repoName\":\"" + repo + "\",\"githubUrl\":\"https://github.com/acme/" + repo
                + "\",\"category\":\"Finance\",\"tags\":[\"defi\"],\"priceMicroalgo\":1000000}")
                .when().post("/api/agents").then().statusCode(201).extract().path("id");
        as(token).body("{\"status\":\"active\"}").when().put("/api/agents/" + agent + "/status").then().statusCode(200);
        as(token).body("{\"changes\":\"first\"}").when().post("/api/agents/" + agent + "/publish").then().statusCode(200);
        await().atMost(EVENTUALLY).until(() -> given().when().get("/api/marketplace/agents/" + agent).statusCode() == 200);
        return agent;
    }

    /** The fields of the one repair of {@code subject} the service lists, once it is there. */
    private static List<String> awaitRepair(String admin, String repairs, String subject) {
        List<Map<String, Object>> found = await().atMost(EVENTUALLY).until(() -> as(admin).queryParam("limit", "1000")
                .when().get(repairs).then().statusCode(200).extract().jsonPath()
                .<Map<String, Object>> getList("findAll { it.subject == '" + subject + "' }"), list -> !list.isEmpty());
        assertEquals(1, found.size(), repairs + ": " + found);
        assertNotNull(found.get(0).get("eventId"));
        @SuppressWarnings("unchecked")
        List<String> fields = (List<String>) found.get(0).get("fields");
        return fields;
    }

    private static void drift(ServiceSpec service, String sql, String id) throws SQLException {
        assertEquals(1, ServiceDatabases.update(stack, service, sql, id), sql);
    }

    private static String value(ServiceSpec service, String sql, String id) throws SQLException {
        return ServiceDatabases.value(stack, service, sql, id);
    }

    private static RequestSpecification as(String token) {
        return given().auth().oauth2(token).contentType(ContentType.JSON);
    }
}
