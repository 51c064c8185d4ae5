package dev.agora.marketplace;

import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.containsInAnyOrder;
import static org.hamcrest.Matchers.empty;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.everyItem;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.nullValue;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;

import org.junit.jupiter.api.Test;

import dev.agora.testsupport.KafkaTestResource;
import dev.agora.testsupport.ManagementInterface;
import dev.agora.testsupport.PostgresTestResource;
import dev.agora.testsupport.TestDatabase;
import dev.agora.testsupport.TestTokens;
import dev.agora.testsupport.TopicReader;
import io.quarkus.test.common.TestResourceScope;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import io.restassured.specification.RequestSpecification;

@QuarkusTest
@WithTestResource(value = PostgresTestResource.class, scope = TestResourceScope.GLOBAL)
@WithTestResource(value = KafkaTestResource.class, scope = TestResourceScope.GLOBAL)
class CatalogResourceTest {
    private static final String AGENTS = "/api/marketplace/agents";

    private final UUID owner = UUID.randomUUID();
    private final String tag = "tag-" + UUID.randomUUID().toString().substring(0, 8);

    @Test
    void anActiveAgentAppearsInThePublicCatalogWithoutAToken() {
        TestAgent agent = TestAgent.of(owner, tag, "defi");
        agent.registerActive();

        await().atMost(TestDatabase.TIMEOUT).untilAsserted(() -> given().queryParam("tag", tag)
                .when().get(AGENTS)
                .then().statusCode(200).body("items.id", contains(agent.id.toString())));

        given().when().get(AGENTS + "/" + agent.id).then().statusCode(200)
                .body("id", equalTo(agent.id.toString()))
                .body("name", equalTo("Price oracle"))
                .body("description", equalTo("Reads prices"))
                .body("subdomain", equalTo("agent-" + agent.id.toString().substring(0, 8)))
                .body("repoOwner", equalTo("acme"))
                .body("category", equalTo("Finance"))
                .body("tags", contains(tag, "defi"))
                .body("priceMicroalgo", equalTo(2500000))
                .body("createdAt", equalTo(agent.createdAt.toString()))
                .body("updatedAt", equalTo(agent.updatedAt.toString()))
                .body("$", not(org.hamcrest.Matchers.hasKey("ownerId")));
        // a token is not needed, and an unrelated one does not hurt
        given().auth().oauth2(TestTokens.forUser(UUID.randomUUID())).queryParam("tag", tag)
                .when().get(AGENTS).then().statusCode(200).body("items.id", contains(agent.id.toString()));
    }

    @Test
    void pendingInactiveAndDeletedAgentsAreNotListed() {
        TestAgent pending = TestAgent.of(owner, tag);
        String pendingEvent = pending.register();
        TestAgent inactive = TestAgent.of(owner, tag);
        inactive.registerActive();
        String inactiveEvent = inactive.changeStatus("inactive");
        TestAgent deleted = TestAgent.of(owner, tag);
        deleted.registerActive();
        String deletedEvent = deleted.delete();
        TestAgent visible = TestAgent.of(owner, tag);
        String visibleEvent = visible.registerActive();

        List.of(pendingEvent, inactiveEvent, deletedEvent, visibleEvent).forEach(TestDatabase::awaitProcessed);

        given().queryParam("tag", tag).when().get(AGENTS)
                .then().statusCode(200).body("items.id", contains(visible.id.toString()));
        for (TestAgent hidden : List.of(pending, inactive, deleted)) {
            given().when().get(AGENTS + "/" + hidden.id).then().statusCode(404)
                    .contentType("application/problem+json").body("status", equalTo(404));
        }
        given().when().get(AGENTS + "/" + UUID.randomUUID()).then().statusCode(404);
    }

    @Test
    void paginatesNewestFirstWithoutDuplicatesOrGaps() {
        Instant base = Instant.parse("2025-03-01T12:00:00Z");
        List<TestAgent> agents = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            agents.add(new TestAgent(owner, base.plusSeconds(60L * i), List.of(tag)));
        }
        // two agents created in the same microsecond: the id breaks the tie
        agents.add(new TestAgent(owner, base.plusSeconds(120), List.of(tag)));
        agents.stream().map(TestAgent::registerActive).toList().forEach(TestDatabase::awaitProcessed);

        List<String> expected = agents.stream()
                .sorted(Comparator.comparing((TestAgent a) -> a.createdAt).thenComparing(a -> a.id.toString()).reversed())
                .map(a -> a.id.toString()).toList();
        assertEquals(expected, pageThrough(2));
        assertEquals(expected, pageThrough(4));
        given().queryParam("tag", tag).queryParam("limit", 6).when().get(AGENTS)
                .then().statusCode(200).body("nextCursor", nullValue());
    }

    @Test
    void filtersByCategoryAndTag() {
        String other = tag + "-other";
        TestAgent finance = TestAgent.of(owner, tag);
        TestAgent development = TestAgent.of(owner, tag, other);
        development.category = "Development";
        TestAgent language = TestAgent.of(owner, other);
        language.category = "Language";
        List.of(finance.registerActive(), development.registerActive(), language.registerActive())
                .forEach(TestDatabase::awaitProcessed);

        given().queryParam("tag", tag).when().get(AGENTS).then().statusCode(200)
                .body("items.id", containsInAnyOrder(finance.id.toString(), development.id.toString()));
        given().queryParam("tag", tag).queryParam("category", "Finance").when().get(AGENTS).then().statusCode(200)
                .body("items.id", contains(finance.id.toString()));
        given().queryParam("tag", other).queryParam("category", "Development").when().get(AGENTS).then().statusCode(200)
                .body("items.id", contains(development.id.toString()));
        given().queryParam("tag", other).queryParam("category", "Finance").when().get(AGENTS).then().statusCode(200)
                .body("items", empty());
        given().queryParam("category", "Language").queryParam("limit", 200).when().get(AGENTS).then().statusCode(200)
                .body("items.id", hasItem(language.id.toString()))
                .body("items.category", everyItem(equalTo("Language")));
    }

    @Test
    void anOlderSnapshotArrivingLateDoesNotOverwriteANewerOne() {
        TestAgent agent = TestAgent.of(owner, tag);
        agent.status = "active";
        agent.version = 3;
        agent.name = "Newer name";
        String newer = agent.send(TestAgent.UPDATED, agent.envelope());
        TestDatabase.awaitProcessed(newer);

        agent.status = "pending";
        agent.version = 0;
        agent.name = "Older name";
        String older = agent.send(TestAgent.REGISTERED, agent.envelope());
        TestDatabase.awaitProcessed(older);

        // same version again (a replay with another id) changes nothing either
        agent.version = 3;
        agent.status = "inactive";
        TestDatabase.awaitProcessed(agent.send(TestAgent.UPDATED, agent.envelope()));

        given().when().get(AGENTS + "/" + agent.id).then().statusCode(200)
                .body("name", equalTo("Newer name"));
        given().queryParam("tag", tag).when().get(AGENTS).then().body("items.id", contains(agent.id.toString()));
    }

    @Test
    void aDeletedAgentStaysDeletedWhateverTheOrderOfItsEvents() {
        TestAgent agent = TestAgent.of(owner, tag);
        agent.registerActive();
        TestDatabase.awaitProcessed(agent.delete());
        given().when().get(AGENTS + "/" + agent.id).then().statusCode(404);

        // a stale active snapshot delivered after the deletion does not bring it back
        agent.status = "active";
        agent.version = 1;
        TestDatabase.awaitProcessed(agent.send(TestAgent.UPDATED, agent.envelope()));
        given().when().get(AGENTS + "/" + agent.id).then().statusCode(404);
        given().queryParam("tag", tag).when().get(AGENTS).then().body("items", empty());
    }

    @Test
    void aProjectionThatFailsTransientlyIsRetriedAndTheEventIsNotLost() throws Exception {
        TestAgent agent = TestAgent.of(owner, tag);
        String function = "fail_twice_" + agent.id.toString().replace("-", "");
        // a sequence counts the attempts: unlike a table, it is not rolled back with the failing transaction
        TestDatabase.execute("create sequence " + function);
        TestDatabase.execute("create function " + function + "() returns trigger as $$ begin"
                + " if new.agent_id = '" + agent.id + "' then"
                + "   if nextval('" + function + "') <= 2 then raise exception 'simulated transient failure'; end if;"
                + " end if; return new; end $$ language plpgsql");
        TestDatabase.execute("create trigger " + function + " before insert or update on catalog_agents"
                + " for each row execute function " + function + "()");
        try {
            agent.status = "active";
            String event = agent.send(TestAgent.REGISTERED, agent.envelope());
            TestDatabase.awaitProcessed(event);
            given().when().get(AGENTS + "/" + agent.id).then().statusCode(200).body("id", equalTo(agent.id.toString()));
            assertEquals(3, TestDatabase.queryLong("select last_value from " + function), "two failed attempts, then success");
        } finally {
            TestDatabase.execute("drop trigger " + function + " on catalog_agents");
            TestDatabase.execute("drop function " + function + "()");
            TestDatabase.execute("drop sequence " + function);
        }
    }

    @Test
    void aProjectionThatKeepsFailingIsDeadLetteredAfterBoundedRetriesAndConsumptionGoesOn() throws Exception {
        TestAgent doomed = TestAgent.of(owner, tag);
        TestAgent next = TestAgent.of(owner, tag);
        String function = "always_fail_" + doomed.id.toString().replace("-", "");
        TestDatabase.execute("create function " + function + "() returns trigger as $$ begin"
                + " if new.agent_id = '" + doomed.id + "' then raise exception 'simulated permanent failure'; end if;"
                + " return new; end $$ language plpgsql");
        TestDatabase.execute("create trigger " + function + " before insert or update on catalog_agents"
                + " for each row execute function " + function + "()");
        try (TopicReader dlq = TopicReader.of("agents.v1.dlq")) {
            doomed.status = "active";
            String failed = doomed.send(TestAgent.REGISTERED, doomed.envelope());
            TopicReader.Received dead = dlq.await(r -> failed.equals(r.header("ce_id")), Duration.ofSeconds(60));
            assertTrue(dead.header("dead-letter-reason").contains("simulated permanent failure"), dead.header("dead-letter-reason"));
            assertEquals(doomed.id.toString(), dead.key());

            next.status = "active";
            TestDatabase.awaitProcessed(next.send(TestAgent.REGISTERED, next.envelope()));
            given().when().get(AGENTS + "/" + next.id).then().statusCode(200);
            given().when().get(AGENTS + "/" + doomed.id).then().statusCode(404);
            assertFalse(TestDatabase.isProcessed(failed), "the failed event's transaction was rolled back");
            String metrics = ManagementInterface.given().when().get("/q/metrics").then().extract().asString();
            assertTrue(metrics.lines().anyMatch(line -> line.startsWith("agora_events_dead_lettered_total{")
                    && line.contains("reason=\"failed\"") && !line.endsWith(" 0.0")), "dead-letter counter");
        } finally {
            TestDatabase.execute("drop trigger " + function + " on catalog_agents");
            TestDatabase.execute("drop function " + function + "()");
        }
    }

    @Test
    void rejectsBadQueryParametersNamingTheField() {
        expectBadRequest(given().queryParam("limit", 0), "limit");
        expectBadRequest(given().queryParam("limit", 201), "limit");
        expectBadRequest(given().queryParam("limit", "ten"), "limit");
        expectBadRequest(given().queryParam("cursor", "garbage!"), "cursor");
        expectBadRequest(given().queryParam("cursor", encode("yesterday|" + UUID.randomUUID())), "cursor");
        expectBadRequest(given().queryParam("cursor", encode("2025-01-01T00:00:00Z|not-a-uuid")), "cursor");
        expectBadRequest(given().queryParam("cursor", encode("a|b|c")), "cursor");
        expectBadRequest(given().queryParam("category", "Astrology"), "category");
        expectBadRequest(given().queryParam("tag", "x".repeat(101)), "tag");
    }

    private List<String> pageThrough(int limit) {
        List<String> ids = new ArrayList<>();
        Set<String> seen = new HashSet<>();
        String cursor = null;
        do {
            RequestSpecification request = given().queryParam("tag", tag).queryParam("limit", limit);
            if (cursor != null) {
                request.queryParam("cursor", cursor);
            }
            JsonPath page = request.when().get(AGENTS).then().statusCode(200).extract().jsonPath();
            List<String> items = page.getList("items.id");
            assertTrue(items.size() <= limit);
            items.forEach(id -> assertTrue(seen.add(id), "duplicate " + id));
            ids.addAll(items);
            cursor = page.getString("nextCursor");
        } while (cursor != null);
        return ids;
    }

    private static void expectBadRequest(RequestSpecification request, String field) {
        request.when().get(AGENTS).then().statusCode(400).contentType("application/problem+json")
                .body("status", equalTo(400))
                .body("errors[0].field", equalTo(field));
    }

    private static String encode(String cursor) {
        return Base64.getUrlEncoder().withoutPadding().encodeToString(cursor.getBytes(StandardCharsets.UTF_8));
    }
}
