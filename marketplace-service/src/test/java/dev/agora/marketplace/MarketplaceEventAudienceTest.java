package dev.agora.marketplace;

import static dev.agora.marketplace.Marketplace.as;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

import org.junit.jupiter.api.Test;

import dev.agora.common.auth.OrgRoles;
import dev.agora.common.events.Audience;
import dev.agora.testsupport.KafkaTestResource;
import dev.agora.testsupport.PostgresTestResource;
import dev.agora.testsupport.TopicReader;
import io.quarkus.test.common.TestResourceScope;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;

/**
 * Every event marketplace-service publishes carries its audience: tasks, messages, payments and follows are seen by
 * their two parties only — never by a stranger or by a member of the agent's organization — and the public events
 * (reviews, leaderboard moves) carry no private field.
 */
@QuarkusTest
@WithTestResource(value = PostgresTestResource.class, scope = TestResourceScope.GLOBAL)
@WithTestResource(value = KafkaTestResource.class, scope = TestResourceScope.GLOBAL)
class MarketplaceEventAudienceTest {
    private static final Set<String> PRIVATE_TYPES = Set.of("agora.task.created.v1", "agora.task.started.v1",
            "agora.task.completed.v1", "agora.task.failed.v1", "agora.task.cancelled.v1", "agora.message.sent.v1",
            "agora.transaction.confirmed.v1", "agora.transaction.refunded.v1", "agora.transaction.failed.v1",
            "agora.agent.followed.v1", "agora.agent.unfollowed.v1");

    private final UUID owner = UUID.randomUUID();
    private final UUID hirer = UUID.randomUUID();
    private final UUID stranger = UUID.randomUUID();
    private final UUID watcher = UUID.randomUUID();
    /** A member of every organization, with every role: what an org viewer or manager of the agent could hold. */
    private final Map<String, String> orgViewer = Map.of("acme", OrgRoles.VIEWER);

    @Test
    void privateEventsAreSeenByTheirTwoPartiesOnly() {
        TestAgent agent = Marketplace.listedAgent(owner);
        String done = Marketplace.completedTask(hirer, agent);
        String failed = Marketplace.createTask(hirer, agent);
        as(owner).body("{}").when().post(Marketplace.TASKS + "/" + failed + "/start").then().statusCode(200);
        as(owner).body("{\"reason\":\"out of gas\"}").when().post(Marketplace.TASKS + "/" + failed + "/fail").then()
                .statusCode(200);
        String cancelled = Marketplace.createTask(hirer, agent);
        as(hirer).body("{}").when().post(Marketplace.TASKS + "/" + cancelled + "/cancel").then().statusCode(200);
        as(hirer).body("{\"taskId\":\"" + done + "\",\"text\":\"my wallet seed is ...\"}").when()
                .post("/api/marketplace/messages").then().statusCode(201);
        String paid = payment(agent, done);
        as(watcher, "payments").when().post("/api/marketplace/transactions/" + paid + "/confirm").then().statusCode(200);
        as(watcher, "payments").body("{\"amount\":1}").when().post("/api/marketplace/transactions/" + paid + "/refund")
                .then().statusCode(200);
        String dropped = payment(agent, done);
        as(watcher, "payments").body("{\"reason\":\"dropped\"}").when()
                .post("/api/marketplace/transactions/" + dropped + "/fail").then().statusCode(200);
        as(hirer).when().put("/api/marketplace/follows/" + agent.id).then().statusCode(200);
        as(hirer).when().delete("/api/marketplace/follows/" + agent.id).then().statusCode(200);

        Set<String> seen = new HashSet<>();
        try (TopicReader reader = TopicReader.of(Marketplace.TOPIC)) {
            List<TopicReader.Received> events = reader.awaitCount(r -> agent.id.toString().equals(r.key())
                    && PRIVATE_TYPES.contains(r.header("ce_type")), 14, Duration.ofSeconds(60));
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
        TestAgent agent = Marketplace.listedAgent(owner);
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
    }

    private String payment(TestAgent agent, String task) {
        return as(hirer).body("{\"type\":\"payment\",\"agentId\":\"" + agent.id + "\",\"taskId\":\"" + task
                + "\",\"amount\":\"5\",\"asset\":\"microALGO\",\"chain\":\"solana\",\"signature\":\"sig"
                + UUID.randomUUID().toString().replace("-", "") + "\"}").when().post("/api/marketplace/transactions")
                .then().statusCode(201).extract().path("id");
    }
}
