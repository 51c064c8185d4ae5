package dev.agora.deployments.deployment;

import static dev.agora.deployments.TestAgents.as;
import static dev.agora.deployments.TestAgents.awaitStatus;
import static dev.agora.deployments.TestAgents.deploy;
import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.hasItems;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.junit.jupiter.api.Test;

import dev.agora.deployments.TestAgents;
import dev.agora.testsupport.KafkaTestResource;
import dev.agora.testsupport.PostgresTestResource;
import dev.agora.testsupport.TestDatabase;
import io.quarkus.test.common.TestResourceScope;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;

@QuarkusTest
@WithTestResource(value = PostgresTestResource.class, scope = TestResourceScope.GLOBAL)
@WithTestResource(value = KafkaTestResource.class, scope = TestResourceScope.GLOBAL)
class DeploymentAuthorizationTest {
    private final UUID owner = UUID.randomUUID();

    @Test
    void answers401WithoutAToken() {
        given().contentType(ContentType.JSON).body("{\"agentId\":\"" + UUID.randomUUID() + "\"}")
                .when().post("/api/deployments").then().statusCode(401).contentType("application/problem+json");
        given().when().get("/api/deployments/" + UUID.randomUUID()).then().statusCode(401);
        given().when().get("/api/deployments").then().statusCode(401);
        given().when().post("/api/deployments/" + UUID.randomUUID() + "/stop").then().statusCode(401);
    }

    @Test
    void hidesAnotherUsersAgentAndDeploymentsBehind404() {
        TestAgents.Agent agent = TestAgents.register(owner);
        UUID id = deploy(owner, agent);
        UUID stranger = UUID.randomUUID();

        as(stranger).body("{\"agentId\":\"" + agent.id + "\"}").when().post("/api/deployments").then().statusCode(404);
        as(stranger).when().get("/api/deployments/" + id).then().statusCode(404);
        as(stranger).when().post("/api/deployments/" + id + "/cancel").then().statusCode(404);
        as(stranger).when().post("/api/deployments/" + id + "/stop").then().statusCode(404);
        as(stranger).queryParam("agentId", agent.id).when().get("/api/deployments").then().statusCode(404);
        as(stranger).queryParam("agentId", agent.id).when().get("/api/deployments/stats").then().statusCode(404);
        as(stranger).when().get("/api/deployments/" + id + "/logs").then().statusCode(404);
        as(stranger).when().get("/api/deployments").then().statusCode(200).body("items.size()", equalTo(0));
        as(owner).when().get("/api/deployments").then().statusCode(200).body("items.id", hasItem(id.toString()));
        TestAgents.awaitStatus(id, "deploying");
        as(owner).when().post("/api/deployments/" + id + "/cancel").then().statusCode(200);
    }

    @Test
    void letsOrgAdminsAndAgentManagersDeployAndViewersOnlyRead() {
        TestAgents.Agent agent = new TestAgents.Agent(owner);
        agent.orgs = List.of("acme");
        TestAgents.register(agent);

        UUID admin = UUID.randomUUID();
        String id = as(admin, Map.of("acme", "admin")).body("{\"agentId\":\"" + agent.id + "\"}")
                .when().post("/api/deployments").then().statusCode(201).extract().path("id");
        awaitStatus(UUID.fromString(id), "deploying");
        UUID viewer = UUID.randomUUID();
        as(viewer, Map.of("acme", "viewer")).when().get("/api/deployments/" + id).then().statusCode(200);
        as(viewer, Map.of("acme", "viewer")).when().post("/api/deployments/" + id + "/cancel").then().statusCode(403);
        as(UUID.randomUUID(), Map.of("other", "admin")).when().get("/api/deployments/" + id).then().statusCode(404);
        UUID manager = UUID.randomUUID();
        as(manager, Map.of("acme", "agent_manager")).when().post("/api/deployments/" + id + "/cancel").then()
                .statusCode(200).body("status", equalTo("cancelled"));
        as(viewer, Map.of("acme", "viewer")).body("{\"agentId\":\"" + agent.id + "\"}").when().post("/api/deployments")
                .then().statusCode(403);
    }

    @Test
    void refusesToDeployADeletedAgent() {
        TestAgents.Agent agent = TestAgents.register(owner);
        TestAgents.delete(agent);

        as(owner).body("{\"agentId\":\"" + agent.id + "\"}").when().post("/api/deployments").then().statusCode(409)
                .body("errors.field", hasItem("agentId"));
        org.junit.jupiter.api.Assertions.assertEquals(0,
                TestDatabase.queryLong("select count(*) from deployments where agent_id = ?", agent.id));
    }

    @Test
    void answers404ForAnAgentItHasNeverHeardOf() {
        as(owner).body("{\"agentId\":\"" + UUID.randomUUID() + "\"}").when().post("/api/deployments").then().statusCode(404);
    }

    @Test
    void rejectsBadRequestsNamingTheFieldAndWritesNothing() {
        TestAgents.Agent agent = TestAgents.register(owner);
        String past = Instant.now().minusSeconds(60).toString();
        String future = Instant.now().plusSeconds(3600).toString();
        bad("{}", "agentId");
        bad("{\"agentId\":\"not-a-uuid\"}", null);
        bad("not json", null);
        bad("{\"agentId\":\"" + agent.id + "\",\"triggerType\":\"whenever\"}", "triggerType");
        bad("{\"agentId\":\"" + agent.id + "\",\"triggerType\":\"config_change\"}", "triggerType");
        bad("{\"agentId\":\"" + agent.id + "\",\"triggerType\":\"scheduled\"}", "scheduledAt");
        bad("{\"agentId\":\"" + agent.id + "\",\"scheduledAt\":\"" + past + "\"}", "scheduledAt");
        bad("{\"agentId\":\"" + agent.id + "\",\"triggerType\":\"manual\",\"scheduledAt\":\"" + future + "\"}", "scheduledAt");
        bad("{\"agentId\":\"" + agent.id + "\",\"scheduledAt\":\"tomorrow\"}", null);
        org.junit.jupiter.api.Assertions.assertEquals(0,
                TestDatabase.queryLong("select count(*) from deployments where agent_id = ?", agent.id));
    }

    @Test
    void rejectsAnAgentWhoseDeploymentConfigIsUnusable() {
        TestAgents.Agent agent = new TestAgents.Agent(owner);
        agent.repoOwner = null;
        agent.repoName = null;
        agent.deploymentConfig.put("cpu", "lots").put("memory", "-1").put("replicas", 99).put("port", 0);
        TestAgents.register(agent);

        as(owner).body("{\"agentId\":\"" + agent.id + "\"}").when().post("/api/deployments").then().statusCode(400)
                .body("errors.field", hasItems("deploymentConfig.image", "deploymentConfig.cpu", "deploymentConfig.memory",
                        "deploymentConfig.replicas", "deploymentConfig.port"));
    }

    private void bad(String body, String field) {
        var response = as(owner).body(body).when().post("/api/deployments").then().statusCode(400)
                .contentType("application/problem+json");
        if (field != null) {
            response.body("errors.field", hasItem(field));
        }
    }
}
