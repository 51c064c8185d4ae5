package dev.agora.deployments;

import static dev.agora.testsupport.TestDatabase.TIMEOUT;
import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

import dev.agora.deployments.runtime.service.RuntimeAuth;
import dev.agora.testsupport.EventContracts;
import dev.agora.testsupport.TestDatabase;
import dev.agora.testsupport.TestEvents;
import dev.agora.testsupport.TestTokens;
import io.restassured.http.ContentType;
import io.restassured.specification.RequestSpecification;

/** Agents made known to deployment-service the way production does it: events on agents.v1. */
public final class TestAgents {
    public static final ObjectMapper JSON = new ObjectMapper();
    public static final EventContracts CONTRACTS = new EventContracts(Path.of("../contracts"));

    private TestAgents() {
    }

    /** An agent as the tests describe it; {@link #register} sends it. */
    public static final class Agent {
        public final UUID id = UUID.randomUUID();
        public final UUID ownerId;
        public List<String> orgs = List.of();
        public ObjectNode deploymentConfig = JSON.createObjectNode();
        public String repoOwner = "acme";
        public String repoName = "oracle";
        public String subdomain = "a" + id.toString().substring(0, 8);
        public long version;

        public Agent(UUID ownerId) {
            this.ownerId = ownerId;
        }

        public ObjectNode event(String status) {
            ObjectNode event = JSON.createObjectNode().put("agentId", id.toString()).put("ownerId", ownerId.toString());
            ObjectNode agent = event.putObject("agent")
                    .put("id", id.toString())
                    .put("ownerId", ownerId.toString())
                    .put("name", "Agent " + subdomain)
                    .put("subdomain", subdomain)
                    .put("repoOwner", repoOwner)
                    .put("repoName", repoName)
                    .put("status", status)
                    .put("version", version);
            orgs.forEach(agent.putArray("organizationSlugs")::add);
            agent.set("deploymentConfig", deploymentConfig);
            return event;
        }

        public String send(String type, ObjectNode event) {
            return TestEvents.send("agents.v1", id.toString(), type, event.toString());
        }
    }

    /** Sends agora.agent.registered.v1 and waits until the consumer has applied it. */
    public static Agent register(UUID ownerId) {
        return register(new Agent(ownerId));
    }

    public static Agent register(Agent agent) {
        TestDatabase.awaitProcessed(agent.send("agora.agent.registered.v1", agent.event("active")));
        return agent;
    }

    /** Sends agora.agent.updated.v1 with the given changed fields (version + 1) and waits until it is applied. */
    public static void update(Agent agent, String... changedFields) {
        agent.version++;
        ObjectNode event = agent.event("active");
        List.of(changedFields).forEach(event.putArray("changedFields")::add);
        TestDatabase.awaitProcessed(agent.send("agora.agent.updated.v1", event));
    }

    public static void delete(Agent agent) {
        agent.version++;
        TestDatabase.awaitProcessed(agent.send("agora.agent.deleted.v1", agent.event("deleted")));
    }

    /** Rotates the agent's runtime token (agora.agent.token-rotated.v1) and returns the new token. */
    public static String rotateToken(Agent agent) {
        String token = "agt_" + UUID.randomUUID();
        agent.version++;
        ObjectNode event = agent.event("active").put("tokenHash", RuntimeAuth.sha256(token));
        TestDatabase.awaitProcessed(agent.send("agora.agent.token-rotated.v1", event));
        return token;
    }

    public static RequestSpecification as(UUID user) {
        return given().auth().oauth2(TestTokens.forUser(user)).contentType(ContentType.JSON);
    }

    public static RequestSpecification as(UUID user, Map<String, String> orgs) {
        return given().auth().oauth2(TestTokens.forUser(user, List.of(), orgs)).contentType(ContentType.JSON);
    }

    public static RequestSpecification asAgent(String token) {
        return given().header("Authorization", "Bearer " + token).contentType(ContentType.JSON);
    }

    /** POST /api/deployments {agentId} as the user; returns the new deployment's id. */
    public static UUID deploy(UUID user, Agent agent) {
        String id = as(user).body("{\"agentId\":\"" + agent.id + "\"}").when().post("/api/deployments")
                .then().statusCode(201).extract().path("id");
        return UUID.fromString(id);
    }

    public static String status(UUID deploymentId) {
        return TestDatabase.query("select status from deployments where id = ?", deploymentId,
                rows -> rows.next() ? rows.getString(1) : null);
    }

    public static void awaitStatus(UUID deploymentId, String status) {
        await().atMost(TIMEOUT).until(() -> status.equals(status(deploymentId)));
    }
}
