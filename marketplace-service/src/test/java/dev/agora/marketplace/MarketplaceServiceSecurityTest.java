package dev.agora.marketplace;

import static dev.agora.marketplace.Marketplace.TASKS;
import static dev.agora.marketplace.Marketplace.as;
import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.empty;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.time.Instant;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

import dev.agora.common.auth.OrgRoles;
import dev.agora.common.events.Audience;
import dev.agora.testsupport.KafkaTestResource;
import dev.agora.testsupport.PostgresTestResource;
import dev.agora.testsupport.ServiceSessionRevocationTest;
import dev.agora.testsupport.TestDatabase;
import dev.agora.testsupport.TestEvents;
import dev.agora.testsupport.TestTokens;
import dev.agora.testsupport.TopicReader;
import io.quarkus.test.common.TestResourceScope;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;

/**
 * The security holes found in marketplace-service, each replayed; a test fails if its hole reopens.
 * <ul>
 * <li><b>Events carry their audience</b> ({@code ce_audience}, decided by the publisher): the task, message, payment
 * escrow and follow events this service publishes name their two parties only — never a stranger nor a member of the
 * agent's organization — while review.submitted and leaderboard rank-changed events are public and carry no
 * {@code ownerId}; a notification goes only to a recipient its causing event's audience names.</li>
 * <li><b>Ended sessions</b>: the access tokens of a session the gateway ended are refused (the tests inherited from
 * {@link ServiceSessionRevocationTest}).</li>
 * <li><b>Unverified email addresses</b>: a user whose address is not verified cannot hire an agent.</li>
 * <li><b>Parties only</b>: an agent's owner cannot review their own agent (403), and someone else's task or
 * transaction answers 404 to anyone who is not its party.</li>
 * </ul>
 */
@QuarkusTest
@WithTestResource(value = PostgresTestResource.class, scope = TestResourceScope.GLOBAL)
@WithTestResource(value = KafkaTestResource.class, scope = TestResourceScope.GLOBAL)
class MarketplaceServiceSecurityTest extends ServiceSessionRevocationTest {
    private static final String NOTIFICATIONS = "/api/marketplace/notifications";
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Set<String> PRIVATE_TYPES = Set.of("agora.task.created.v1", "agora.task.started.v1",
            "agora.task.completed.v1", "agora.task.failed.v1", "agora.task.cancelled.v1", "agora.message.sent.v1",
            "agora.transaction.confirmed.v1", "agora.transaction.refunded.v1", "agora.transaction.failed.v1",
            "agora.agent.followed.v1", "agora.agent.unfollowed.v1", "agora.escrow.reserved.v1",
            "agora.escrow.released.v1", "agora.escrow.refunded.v1");

    private final UUID owner = UUID.randomUUID();
    private final UUID hirer = UUID.randomUUID();
    private final UUID stranger = UUID.randomUUID();
    private final UUID watcher = UUID.randomUUID();
    /** What a viewer of the agent's organization holds. */
    private final Map<String, String> orgViewer = Map.of("acme", OrgRoles.VIEWER);

    @Override
    protected String signedInRoute() {
        return NOTIFICATIONS;
    }

    // --- events carry their audience

    @Test
    void privateEventsAreSeenByTheirTwoPartiesOnly() {
        TestAgent agent = Marketplace.listedAgent(owner);
        String done = Marketplace.completedTask(hirer, agent);
        String failed = Marketplace.createTask(hirer, agent);
        as(owner).body("{}").when().post(TASKS + "/" + failed + "/start").then().statusCode(200);
        as(owner).body("{\"reason\":\"out of gas\"}").when().post(TASKS + "/" + failed + "/fail").then()
                .statusCode(200);
        String cancelled = Marketplace.createTask(hirer, agent);
        as(hirer).body("{}").when().post(TASKS + "/" + cancelled + "/cancel").then().statusCode(200);
        as(hirer).body("{\"taskId\":\"" + done + "\",\"text\":\"my wallet seed is ...\"}").when()
                .post("/api/marketplace/messages").then().statusCode(201);
        String paid = pay(agent, done);
        as(watcher, "payments").when().post("/api/marketplace/transactions/" + paid + "/confirm").then().statusCode(200);
        as(watcher, "payments").body("{\"amount\":1}").when().post("/api/marketplace/transactions/" + paid + "/refund")
                .then().statusCode(200);
        String dropped = pay(agent, done);
        as(watcher, "payments").body("{\"reason\":\"dropped\"}").when()
                .post("/api/marketplace/transactions/" + dropped + "/fail").then().statusCode(200);
        as(hirer).when().put("/api/marketplace/follows/" + agent.id).then().statusCode(200);
        as(hirer).when().delete("/api/marketplace/follows/" + agent.id).then().statusCode(200);

        Set<String> seen = new HashSet<>();
        try (TopicReader reader = TopicReader.of(Marketplace.TOPIC)) {
            List<TopicReader.Received> events = reader.awaitCount(r -> agent.id.toString().equals(r.key())
                    && PRIVATE_TYPES.contains(r.header("ce_type")), 20, Duration.ofSeconds(60));
            for (TopicReader.Received event : events) {
                String type = event.header("ce_type");
                Audience audience = Audience.fromJson(event.header(Audience.HEADER));
                assertEquals(Audience.users(hirer, owner), audience, type + " is seen by its two parties");
                assertFalse(audience.admits(stranger, Map.of()), type + ": not by a stranger");
                assertFalse(audience.admits(stranger, orgViewer), type + ": not by an organization member");
                seen.add(type);
            }
        }
        assertEquals(PRIVATE_TYPES, seen, "every private type was published and checked");
    }

    @Test
    void publicEventsNameNeitherTheOwnerNorAnythingPrivate() {
        // an agent alone on a domain board of its own: its first completed task ranks it there, which is announced
        String domain = "public-" + UUID.randomUUID().toString().substring(0, 8);
        TestAgent agent = TestAgent.published(owner);
        agent.status = "active";
        agent.domains = List.of(domain);
        TestDatabase.awaitProcessed(agent.register());
        String task = Marketplace.completedTask(hirer, agent);
        as(hirer).body("{\"taskId\":\"" + task + "\",\"rating\":2,\"text\":\"slow\",\"pros\":[],\"cons\":[\"slow\"]}")
                .when().post("/api/marketplace/reviews").then().statusCode(201);

        List<TopicReader.Received> reviews = Marketplace.awaitEvents(agent.id.toString(),
                r -> "agora.review.submitted.v1".equals(r.header("ce_type")), List.of("agora.review.submitted.v1"));
        Audience audience = Audience.fromJson(reviews.get(0).header(Audience.HEADER));
        assertTrue(audience.isPublic());
        JsonPath review = new JsonPath(reviews.get(0).value());
        assertNull(review.get("ownerId"));
        assertFalse(reviews.get(0).value().contains(owner.toString()), "the owner's id appears nowhere in the event");

        try (TopicReader reader = TopicReader.of(Marketplace.TOPIC)) {
            List<TopicReader.Received> ranks = reader.awaitCount(r -> agent.id.toString().equals(r.key())
                    && "agora.leaderboard.rank-changed.v1".equals(r.header("ce_type"))
                    && domain.equals(JsonPath.from(r.value()).getString("domain")), 1, Duration.ofSeconds(60));
            for (TopicReader.Received rank : ranks) {
                assertTrue(Audience.fromJson(rank.header(Audience.HEADER)).isPublic(), rank.value());
                assertNull(JsonPath.from(rank.value()).get("ownerId"), "a public event never names the agent's owner");
                assertFalse(rank.value().contains(owner.toString()), "the owner's id appears nowhere: " + rank.value());
            }
        }
    }

    @Test
    void aNotificationGoesOnlyToARecipientItsEventsAudienceNames() {
        UUID triggerId = UUID.randomUUID();
        ObjectNode requested = JSON.createObjectNode().put("notificationId", UUID.randomUUID().toString())
                .put("triggerId", triggerId.toString()).put("ownerId", owner.toString())
                .put("firingId", UUID.randomUUID().toString()).put("title", "Urgent")
                .put("message", "send your seed phrase to ...").put("priority", "critical")
                .put("requestedAt", Instant.now().toString());
        requested.putObject("data");
        String type = "agora.trigger.notification-requested.v1";
        // naming the recipient in the payload grants nothing: an audience of someone else, or none at all
        TestDatabase.awaitProcessed(TestEvents.sendFor(TestEvents.usersAudience(stranger), "triggers.v1",
                triggerId.toString(), type, requested.toString()));
        TestDatabase.awaitProcessed(TestEvents.send("triggers.v1", triggerId.toString(), type,
                requested.put("notificationId", UUID.randomUUID().toString()).toString()));
        as(owner).when().get(NOTIFICATIONS).then().statusCode(200).body("items", empty());
        as(stranger).when().get(NOTIFICATIONS).then().statusCode(200).body("items", empty());

        UUID delivered = UUID.randomUUID();
        TestDatabase.awaitProcessed(TestEvents.sendFor(TestEvents.usersAudience(owner), "triggers.v1",
                triggerId.toString(), type, requested.put("notificationId", delivered.toString()).toString()));
        as(owner).when().get(NOTIFICATIONS).then().statusCode(200).body("items.id", contains(delivered.toString()));
    }

    // --- unverified email addresses

    @Test
    void aHirerWhoseEmailIsNotVerifiedCannotHireUntilItIs() {
        TestAgent agent = Marketplace.listedAgent(owner);

        given().auth().oauth2(TestTokens.forUnverifiedUser(hirer)).contentType("application/json")
                .body(Marketplace.taskJson(agent.id)).when().post(TASKS)
                .then().statusCode(403).contentType("application/problem+json")
                .body("type", equalTo("https://agora.dev/problems/email-not-verified"));
        as(hirer).when().get(TASKS).then().statusCode(200).body("items", empty());

        Marketplace.deposit(hirer, Marketplace.BUDGET);
        as(hirer).body(Marketplace.taskJson(agent.id)).when().post(TASKS).then().statusCode(201)
                .body("hirerId", equalTo(hirer.toString()));
    }

    // --- parties only

    @Test
    void anAgentsOwnerCannotReviewTheirOwnAgent() {
        TestAgent agent = Marketplace.listedAgent(owner);
        String completed = Marketplace.completedTask(hirer, agent);

        as(owner).body(ReviewResourceTest.review(completed, 5)).when().post(ReviewResourceTest.REVIEWS).then()
                .statusCode(403).contentType("application/problem+json");
        assertEquals(0, TestDatabase.queryLong("select count(*) from reviews where agent_id = ?", agent.id));
    }

    @Test
    void someoneElsesTaskOrTransactionIsNotFound() {
        TestAgent agent = Marketplace.listedAgent(owner);
        String task = Marketplace.completedTask(hirer, agent);
        String path = TASKS + "/" + task;
        String transaction = pay(agent, task);

        as(stranger).when().post(path + "/start").then().statusCode(404).contentType("application/problem+json");
        as(stranger).when().get(path).then().statusCode(404);
        as(stranger).body(ReviewResourceTest.review(task, 5)).when().post(ReviewResourceTest.REVIEWS).then()
                .statusCode(404);
        as(stranger).when().get(TransactionResourceTest.TRANSACTIONS + "/" + transaction).then().statusCode(404);
        as(stranger).body(TransactionResourceTest.payment(agent, task, "1", TransactionResourceTest.signature()))
                .when().post(TransactionResourceTest.TRANSACTIONS).then().statusCode(404);
        assertEquals(0, TestDatabase.queryLong("select count(*) from reviews where agent_id = ?", agent.id));
        assertEquals(1, TestDatabase.queryLong("select count(*) from transactions where agent_id = ? and chain <> 'agora'",
                agent.id));
        // its parties still read it
        as(hirer).when().get(path).then().statusCode(200);
        as(owner).when().get(path).then().statusCode(200);
        as(hirer).when().get(TransactionResourceTest.TRANSACTIONS + "/" + transaction).then().statusCode(200);
    }

    /** The hirer's payment for the task; returns the transaction's id. */
    private String pay(TestAgent agent, String task) {
        return as(hirer).body(TransactionResourceTest.payment(agent, task, "5", TransactionResourceTest.signature()))
                .when().post(TransactionResourceTest.TRANSACTIONS).then().statusCode(201).extract().path("id");
    }
}
