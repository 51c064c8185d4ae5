package dev.agora.system;

import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.empty;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.not;
import static org.junit.jupiter.api.Assertions.assertFalse;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.UUID;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import dev.agora.local.Stack;
import dev.agora.local.StackOptions;
import io.restassured.RestAssured;
import io.restassured.http.ContentType;
import io.restassured.specification.RequestSpecification;

/**
 * The security holes a probe of the running stack once found, each replayed the way an attacker with an ordinary
 * account would: every test fails if its hole reopens.
 */
class SecurityRegressionSystemTest {
    private static final Duration EVENTUALLY = Duration.ofSeconds(60);
    private static final String PASSWORD = "correct horse battery staple";
    private static Stack stack;

    @BeforeAll
    static void startTheSuite() throws IOException {
        Path root = Path.of(System.getProperty("agora.root", "..")).toAbsolutePath().normalize();
        stack = Stack.start(StackOptions.isolated(Files.createTempDirectory("agora-security-"), root));
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

    private static String trigger(String token, String name, String eventTypes) {
        return as(token).body("{\"name\":\"" + name + "\",\"source\":{\"type\":\"platform\",\"eventTypes\":" + eventTypes
                + "},\"actions\":[{\"type\":\"notification\",\"config\":{\"title\":\"" + name + "\"}}]}")
                .when().post("/api/triggers").then().statusCode(201).extract().path("id");
    }

    private static String orgAgentJson(String org) {
        String subdomain = "sec-" + UUID.randomUUID().toString().substring(0, 12);
        return "{\"name\":\"Org oracle\",\"description\":\"Reads prices\",\"subdomain\":\"" + subdomain
                + "\",\"repoOwner\":\"acme\",\"repoName\":\"oracle\",\"githubUrl\":\"https://github.com/acme/oracle\","
                + "\"category\":\"Finance\",\"tags\":[\"defi\"],\"priceMicroalgo\":1000000,\"organizationSlugs\":[\"" + org
                + "\"],\"metadata\":{\"internal\":\"cost center 7\"},\"deploymentConfig\":{\"replicas\":2}}";
    }

    private static String register(String name) {
        String email = name + "-" + UUID.randomUUID().toString().substring(0, 8) + "@example.org";
        given().contentType(ContentType.JSON)
                .body("{\"email\":\"" + email + "\",\"password\":\"" + PASSWORD + "\",\"displayName\":\"" + name + "\"}")
                .when().post("/auth/register").then().statusCode(201);
        return email;
    }

    private static String login(String email) {
        return given().contentType(ContentType.JSON).body("{\"email\":\"" + email + "\",\"password\":\"" + PASSWORD + "\"}")
                .when().post("/auth/login").then().statusCode(200).extract().path("accessToken");
    }

    private static RequestSpecification as(String token) {
        return given().auth().oauth2(token).contentType(ContentType.JSON);
    }
}
