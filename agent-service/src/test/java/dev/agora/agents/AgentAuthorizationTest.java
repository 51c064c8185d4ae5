package dev.agora.agents;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.startsWith;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.hasSize;
import static org.hamcrest.Matchers.not;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import dev.agora.agents.TestAgents.Caller;
import dev.agora.testsupport.EventContracts;
import dev.agora.testsupport.KafkaTestResource;
import dev.agora.testsupport.PostgresTestResource;
import dev.agora.testsupport.TopicReader;
import io.quarkus.test.common.TestResourceScope;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;

/** Access rules on agents: owner, org admin / agent_manager / viewer, stranger, platform admin, no token. */
@QuarkusTest
@WithTestResource(value = PostgresTestResource.class, scope = TestResourceScope.GLOBAL)
@WithTestResource(value = KafkaTestResource.class, scope = TestResourceScope.GLOBAL)
class AgentAuthorizationTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static TopicReader agentsTopic;

    private final String org = TestAgents.uniqueSlug("org");
    private final String otherOrg = TestAgents.uniqueSlug("org");
    /** Creates the org's agents: an admin of the org, so they may attach them to it. */
    private final Caller creator = Caller.member(org, "admin");

    @BeforeAll
    static void subscribe() {
        agentsTopic = TopicReader.of("agents.v1");
    }

    @AfterAll
    static void close() {
        agentsTopic.close();
    }

    @Test
    void ownerOrgAdminAndAgentManagerEachReadListUpdateChangeStatusAndDeleteTheOrgsAgent() {
        // the owner keeps every right even with a token that names no organization
        Caller ownerWithoutOrgs = new Caller(creator.id(), List.of(), Map.of());
        for (Caller actor : List.of(ownerWithoutOrgs, Caller.member(org, "admin"), Caller.member(org, "agent_manager"))) {
            String id = TestAgents.create(creator, List.of(org));
            actor.request().when().get("/api/agents/" + id).then().statusCode(200).body("id", equalTo(id));
            actor.request().queryParam("limit", 200).when().get("/api/agents").then().statusCode(200)
                    .body("items.id", hasItem(id));
            actor.request().body("{\"name\":\"Managed\"}").when().patch("/api/agents/" + id)
                    .then().statusCode(200).body("name", equalTo("Managed"))
                    .body("ownerId", equalTo(creator.id().toString()));
            actor.request().body("{\"status\":\"active\"}").when().put("/api/agents/" + id + "/status")
                    .then().statusCode(200).body("status", equalTo("active"));
            actor.request().when().delete("/api/agents/" + id).then().statusCode(204);
            actor.request().when().get("/api/agents/" + id).then().statusCode(404);
        }
    }

    @Test
    void orgViewerReadsTheOrgsAgentButEveryWriteIsForbidden() {
        String id = TestAgents.create(creator, List.of(org));
        Caller viewer = Caller.member(org, "viewer");

        viewer.request().when().get("/api/agents/" + id).then().statusCode(200).body("organizationSlugs", contains(org));
        viewer.request().when().get("/api/agents").then().statusCode(200).body("items.id", contains(id));
        viewer.request().body("{\"name\":\"Hijacked\"}").when().patch("/api/agents/" + id)
                .then().statusCode(403).contentType("application/problem+json").body("status", equalTo(403));
        viewer.request().body("{\"status\":\"active\"}").when().put("/api/agents/" + id + "/status").then().statusCode(403);
        viewer.request().when().delete("/api/agents/" + id).then().statusCode(403);

        creator.request().when().get("/api/agents/" + id).then().statusCode(200)
                .body("name", equalTo("Org agent")).body("status", equalTo("pending")).body("version", equalTo(0));
    }

    @Test
    void strangersMembersOfOtherOrgsAndUnknownRolesGetNotFoundAndDoNotSeeTheAgentListed() {
        String id = TestAgents.create(creator, List.of(org));
        for (Caller outsider : List.of(Caller.user(), Caller.member(otherOrg, "admin"), Caller.member(org, "member"))) {
            outsider.request().when().get("/api/agents/" + id).then().statusCode(404)
                    .contentType("application/problem+json");
            outsider.request().body("{\"name\":\"Mine now\"}").when().patch("/api/agents/" + id).then().statusCode(404);
            outsider.request().body("{\"status\":\"active\"}").when().put("/api/agents/" + id + "/status")
                    .then().statusCode(404);
            outsider.request().when().delete("/api/agents/" + id).then().statusCode(404);
            outsider.request().when().get("/api/agents").then().statusCode(200).body("items", hasSize(0));
        }
    }

    @Test
    void platformAdminReadsAndListsEveryAgentButMayNotChangeOthersAgents() {
        String personal = TestAgents.create(Caller.user(), List.of());
        String orgAgent = TestAgents.create(creator, List.of(org));
        Caller admin = Caller.platformAdmin();

        admin.request().when().get("/api/agents/" + personal).then().statusCode(200);
        admin.request().when().get("/api/agents/" + orgAgent).then().statusCode(200);
        admin.request().queryParam("org", org).when().get("/api/agents").then().statusCode(200)
                .body("items.id", contains(orgAgent));
        admin.request().queryParam("limit", 200).when().get("/api/agents").then().statusCode(200)
                .body("items.id", hasItem(personal));
        admin.request().body("{\"name\":\"Admin edit\"}").when().patch("/api/agents/" + personal).then().statusCode(403);
        admin.request().body("{\"status\":\"active\"}").when().put("/api/agents/" + orgAgent + "/status").then().statusCode(403);
        admin.request().when().delete("/api/agents/" + orgAgent).then().statusCode(403);
        // a platform admin who is also an agent_manager of the org manages it as such
        Caller adminAndManager = new Caller(admin.id(), List.of("admin"), Map.of(org, "agent_manager"));
        adminAndManager.request().body("{\"status\":\"active\"}").when().put("/api/agents/" + orgAgent + "/status")
                .then().statusCode(200);
    }

    @Test
    void requestsWithoutATokenAreUnauthorizedOnEveryEndpoint() {
        String id = TestAgents.create(creator, List.of(org));
        given().when().get("/api/agents/" + id).then().statusCode(401).contentType("application/problem+json");
        given().when().get("/api/agents").then().statusCode(401);
        given().contentType(ContentType.JSON).body("{\"name\":\"x\"}").when().patch("/api/agents/" + id).then().statusCode(401);
        given().contentType(ContentType.JSON).body("{\"status\":\"active\"}").when().put("/api/agents/" + id + "/status")
                .then().statusCode(401);
        given().when().delete("/api/agents/" + id).then().statusCode(401);
        creator.request().when().get("/api/agents/" + id).then().statusCode(200).body("status", equalTo("pending"));
    }

    @Test
    void creatingAnAgentInAnOrgYouDoNotManageIsForbiddenNamingOrganizationSlugsAndWritesNothing() {
        Caller viewer = Caller.member(org, "viewer");
        viewer.request().body(TestAgents.json("Sneaky", null, "General", List.of(), List.of(org)))
                .when().post("/api/agents").then().statusCode(403).contentType("application/problem+json")
                .body("errors[0].field", equalTo("organizationSlugs"));
        Caller manager = Caller.member(org, "agent_manager");
        manager.request().body(TestAgents.json("Sneaky", null, "General", List.of(), List.of(org, otherOrg)))
                .when().post("/api/agents").then().statusCode(403)
                .body("errors[0].field", equalTo("organizationSlugs"))
                .body("errors[0].message", containsString(otherOrg));
        Caller.platformAdmin().request().body(TestAgents.json("Sneaky", null, "General", List.of(), List.of(org)))
                .when().post("/api/agents").then().statusCode(403);
        viewer.request().queryParam("owner", "me").when().get("/api/agents").then().body("items", hasSize(0));
        manager.request().queryParam("owner", "me").when().get("/api/agents").then().body("items", hasSize(0));
    }

    @Test
    void attachingOrDetachingAnOrgTakesAnAdminOrAgentManagerOfThatOrgButTheOwnerMayDetachAny() {
        Caller owner = new Caller(creator.id(), List.of(), Map.of(org, "admin", otherOrg, "viewer"));
        String id = TestAgents.create(owner, List.of(org));

        owner.request().body("{\"organizationSlugs\":[\"" + org + "\",\"" + otherOrg + "\"]}")
                .when().patch("/api/agents/" + id).then().statusCode(403)
                .body("errors[0].field", equalTo("organizationSlugs"));
        Caller manager = Caller.member(org, "agent_manager");
        manager.request().body("{\"organizationSlugs\":[\"" + org + "\",\"" + otherOrg + "\"]}")
                .when().patch("/api/agents/" + id).then().statusCode(403);

        Caller both = new Caller(java.util.UUID.randomUUID(), List.of(), Map.of(org, "agent_manager", otherOrg, "admin"));
        both.request().body("{\"organizationSlugs\":[\"" + otherOrg + "\",\"" + org + "\",\"" + org + "\"]}")
                .when().patch("/api/agents/" + id).then().statusCode(200)
                .body("organizationSlugs", contains(TestAgents.sorted(org, otherOrg)));
        // an agent_manager of org may not detach otherOrg, which they do not manage
        manager.request().body("{\"organizationSlugs\":[\"" + org + "\"]}")
                .when().patch("/api/agents/" + id).then().statusCode(403);
        // the owner may detach their agent from an organization they only view
        owner.request().body("{\"organizationSlugs\":[\"" + org + "\"]}")
                .when().patch("/api/agents/" + id).then().statusCode(200).body("organizationSlugs", contains(org));
        // a manager detaching their own org loses access to the agent
        manager.request().body("{\"organizationSlugs\":[]}").when().patch("/api/agents/" + id)
                .then().statusCode(200).body("organizationSlugs", hasSize(0));
        manager.request().when().get("/api/agents/" + id).then().statusCode(404);
        owner.request().when().get("/api/agents/" + id).then().statusCode(200);
    }

    @Test
    void invalidOrganizationSlugsAnswer400NamingTheField() {
        creator.request().body(TestAgents.json("Bad orgs", null, "General", List.of(), List.of("Bad_Org")))
                .when().post("/api/agents").then().statusCode(400)
                .body("errors[0].field", startsWith("organizationSlugs"));
        List<String> eleven = java.util.stream.IntStream.range(0, 11).mapToObj(i -> "org-" + i).toList();
        creator.request().body(TestAgents.json("Too many", null, "General", List.of(), eleven))
                .when().post("/api/agents").then().statusCode(400)
                .body("errors[0].field", equalTo("organizationSlugs"));
        String id = TestAgents.create(creator, List.of(org));
        creator.request().body("{\"organizationSlugs\":[\"UPPER\"]}").when().patch("/api/agents/" + id)
                .then().statusCode(400).body("errors[0].field", startsWith("organizationSlugs"));
        creator.request().queryParam("owner", "me").when().get("/api/agents").then()
                .body("items.id", contains(id)).body("items[0].organizationSlugs", contains(org));
    }

    @Test
    void eventsCarryOrganizationSlugsAndTheCreatorAsOwnerAndConformToTheContract() throws Exception {
        String id = TestAgents.create(creator, List.of(org));
        Caller manager = Caller.member(org, "agent_manager");
        manager.request().body("{\"description\":\"managed by the org\"}").when().patch("/api/agents/" + id).then().statusCode(200);
        manager.request().body("{\"status\":\"failed\"}").when().put("/api/agents/" + id + "/status").then().statusCode(200);
        manager.request().when().delete("/api/agents/" + id).then().statusCode(204);
        String personal = TestAgents.create(Caller.user(), List.of());

        List<String> types = List.of("agora.agent.registered.v1", "agora.agent.updated.v1",
                "agora.agent.status-changed.v1", "agora.agent.deleted.v1");
        EventContracts contracts = new EventContracts(Path.of("../contracts"));
        List<TopicReader.Received> events = agentsTopic.awaitCount(r -> id.equals(r.key()), types.size(),
                Duration.ofSeconds(20));
        assertEquals(types, events.stream().map(e -> e.header("ce_type")).toList());
        for (TopicReader.Received event : events) {
            assertEquals(List.of(), contracts.violations("agents.v1", event.header("ce_type"), event.value()),
                    event.header("ce_type") + " " + event.value());
            JsonNode body = JSON.readTree(event.value());
            assertEquals(creator.id().toString(), body.path("ownerId").asText());
            assertEquals("[\"" + org + "\"]", body.path("agent").path("organizationSlugs").toString());
        }
        TopicReader.Received registered = agentsTopic.await(r -> personal.equals(r.key()), Duration.ofSeconds(20));
        assertEquals(List.of(), contracts.violations("agents.v1", registered.header("ce_type"), registered.value()));
        assertEquals("[]", JSON.readTree(registered.value()).path("agent").path("organizationSlugs").toString());
    }

    @Test
    void changingOnlyTheOrganizationsPublishesAnUpdateNamingOrganizationSlugs() throws Exception {
        Caller owner = new Caller(creator.id(), List.of(), Map.of(org, "admin", otherOrg, "agent_manager"));
        String id = TestAgents.create(owner, List.of());
        owner.request().body("{\"organizationSlugs\":[\"" + otherOrg + "\"]}").when().patch("/api/agents/" + id)
                .then().statusCode(200).body("organizationSlugs", contains(otherOrg)).body("version", equalTo(1));
        TopicReader.Received updated = agentsTopic.await(r -> id.equals(r.key())
                && "agora.agent.updated.v1".equals(r.header("ce_type")), Duration.ofSeconds(20));
        JsonNode body = JSON.readTree(updated.value());
        assertEquals("[\"organizationSlugs\"]", body.path("changedFields").toString());
        assertEquals("[\"" + otherOrg + "\"]", body.path("agent").path("organizationSlugs").toString());
        Caller.member(otherOrg, "viewer").request().when().get("/api/agents").then().body("items.id", contains(id));
        Caller.member(org, "viewer").request().when().get("/api/agents").then().body("items.id", not(hasItem(id)));
    }
}
