package dev.agora.agents;

import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.containsInAnyOrder;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItems;
import static org.hamcrest.Matchers.hasSize;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.junit.jupiter.api.Test;

import dev.agora.agents.TestAgents.Caller;
import dev.agora.testsupport.PostgresTestResource;
import dev.agora.testsupport.KafkaTestResource;
import io.quarkus.test.common.TestResourceScope;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import io.restassured.specification.RequestSpecification;

/** {@code GET /api/agents}: what the caller may see, its filters, its sorts and their keyset pagination. */
@QuarkusTest
@WithTestResource(value = PostgresTestResource.class, scope = TestResourceScope.GLOBAL)
@WithTestResource(value = KafkaTestResource.class, scope = TestResourceScope.GLOBAL)
class AgentListTest {
    private final String org = TestAgents.uniqueSlug("org");
    private final String otherOrg = TestAgents.uniqueSlug("org");

    @Test
    void listsOwnAgentsAndTheAgentsOfMyOrgsButNotOthersAndOwnerMeKeepsOnlyMine() {
        Caller me = new Caller(java.util.UUID.randomUUID(), List.of(), Map.of(org, "viewer"));
        String mine = TestAgents.create(me, List.of());
        String ofMyOrg = TestAgents.create(Caller.member(org, "admin"), List.of(org));
        String ofOtherOrg = TestAgents.create(Caller.member(otherOrg, "admin"), List.of(otherOrg));
        String someoneElses = TestAgents.create(Caller.user(), List.of());

        List<String> seen = all(me, Map.of(), 200);
        assertEquals(Set.of(mine, ofMyOrg), Set.copyOf(seen));
        assertTrue(!seen.contains(ofOtherOrg) && !seen.contains(someoneElses));
        assertEquals(List.of(mine), all(me, Map.of("owner", "me"), 200));
        assertEquals(List.of(ofMyOrg), all(me, Map.of("org", org), 200));
        assertEquals(List.of(), all(me, Map.of("org", otherOrg), 200), "org filters within what I may see");
    }

    @Test
    void filtersByStatusCategoryTagOrgAndCaseInsensitiveTextAcrossPages() {
        Caller me = new Caller(java.util.UUID.randomUUID(), List.of(), Map.of(org, "agent_manager"));
        String oracle = TestAgents.create(me, "Price Oracle", "Reads DEX prices", "Finance", List.of("defi", "prices"), List.of(org));
        String writer = TestAgents.create(me, "Blog writer", "Writes 100% original posts", "Content Creation",
                List.of("writing"), List.of());
        String analyst = TestAgents.create(me, "Analyst", "Finds the oracle's anomalies", "Data Analysis",
                List.of("defi"), List.of());
        me.request().body("{\"status\":\"active\"}").when().put("/api/agents/" + writer + "/status").then().statusCode(200);

        assertEquals(Set.of(writer), Set.copyOf(all(me, Map.of("owner", "me", "status", "active"), 1)));
        assertEquals(Set.of(oracle, analyst), Set.copyOf(all(me, Map.of("owner", "me", "status", "pending"), 1)));
        assertEquals(List.of(oracle), all(me, Map.of("owner", "me", "category", "Finance"), 1));
        assertEquals(Set.of(oracle, analyst), Set.copyOf(all(me, Map.of("owner", "me", "tag", "defi"), 1)));
        assertEquals(List.of(), all(me, Map.of("owner", "me", "tag", "def"), 1), "tags match whole");
        assertEquals(List.of(oracle), all(me, Map.of("owner", "me", "org", org), 1));
        // q: case-insensitive substring of name or description
        assertEquals(Set.of(oracle, analyst), Set.copyOf(all(me, Map.of("owner", "me", "q", "ORACLE"), 1)));
        assertEquals(List.of(oracle), all(me, Map.of("owner", "me", "q", "dex"), 1));
        // LIKE wildcards in q are plain characters
        assertEquals(List.of(writer), all(me, Map.of("owner", "me", "q", "100%"), 1));
        assertEquals(List.of(), all(me, Map.of("owner", "me", "q", "_"), 1));
        // filters combine (every list above is walked one item per page)
        assertEquals(List.of(analyst), all(me, Map.of("owner", "me", "tag", "defi", "category", "Data Analysis"), 1));
    }

    @Test
    void sortsByCreatedAtNewestFirstByDefaultAndPaginatesWithoutDuplicatesOrGaps() {
        Caller me = Caller.user();
        List<String> created = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            created.add(TestAgents.create(me, List.of()));
        }
        List<String> newestFirst = new ArrayList<>(created);
        java.util.Collections.reverse(newestFirst);
        assertEquals(newestFirst, all(me, Map.of(), 2));
        assertEquals(newestFirst, all(me, Map.of("sort", "createdAt"), 3));
    }

    @Test
    void sortsByUpdatedAtNewestFirstAndPaginatesWithoutDuplicatesOrGaps() {
        Caller me = Caller.user();
        List<String> ids = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            ids.add(TestAgents.create(me, List.of()));
        }
        List<String> touched = List.of(ids.get(2), ids.get(0), ids.get(4), ids.get(1), ids.get(3));
        for (String id : touched) {
            me.request().body("{\"description\":\"touched " + id + "\"}").when().patch("/api/agents/" + id)
                    .then().statusCode(200);
        }
        List<String> expected = new ArrayList<>(touched);
        java.util.Collections.reverse(expected);
        assertEquals(expected, all(me, Map.of("sort", "updatedAt"), 2));
    }

    @Test
    void sortsByNameThenIdAndPaginatesWithoutDuplicatesOrGapsEvenWithTheCursorSeparatorInNames() {
        Caller me = Caller.user();
        List<String[]> agents = new ArrayList<>();
        for (String name : List.of("delta", "alpha", "charlie|pipe", "alpha", "bravo", "alpha")) {
            agents.add(new String[] {name, TestAgents.create(me, name, null, "General", List.of(), List.of())});
        }
        // PostgreSQL orders uuids as unsigned bytes: like their lowercase text
        List<String> expected = agents.stream()
                .sorted(Comparator.<String[], String>comparing(a -> a[0]).thenComparing(a -> a[1]))
                .map(a -> a[1]).toList();
        assertEquals(expected, all(me, Map.of("sort", "name"), 2));
        assertEquals(expected, all(me, Map.of("sort", "name", "owner", "me"), 4));
    }

    @Test
    void paginatesAFilteredListWithoutDuplicatesOrGaps() {
        Caller me = new Caller(java.util.UUID.randomUUID(), List.of(), Map.of(org, "admin"));
        Set<String> inOrg = new HashSet<>();
        for (int i = 0; i < 5; i++) {
            inOrg.add(TestAgents.create(me, List.of(org)));
            TestAgents.create(me, List.of());
        }
        List<String> seen = all(me, Map.of("org", org), 2);
        assertEquals(5, seen.size());
        assertEquals(inOrg, Set.copyOf(seen));
    }

    @Test
    void badFiltersSortsAndCursorsAnswer400NamingTheParameter() {
        Caller me = Caller.user();
        Map<String, String> bad = Map.of("status", "sleeping", "category", "Astrology", "org", "Not_A_Slug",
                "owner", "someone-else", "sort", "price", "limit", "0", "cursor", "garbage!");
        bad.forEach((param, value) -> me.request().queryParam(param, value).when().get("/api/agents")
                .then().statusCode(400).contentType("application/problem+json")
                .body("errors[0].field", equalTo(param)));
        me.request().queryParam("status", "deleted").when().get("/api/agents").then().statusCode(400)
                .body("errors[0].field", equalTo("status"));
        me.request().queryParam("q", "x".repeat(201)).when().get("/api/agents").then().statusCode(400)
                .body("errors[0].field", equalTo("q"));
        me.request().queryParam("sort", "name").queryParam("org", "BAD").when().get("/api/agents").then().statusCode(400)
                .body("errors.field", containsInAnyOrder("org"));
        me.request().queryParam("sort", "nope").queryParam("category", "Nope").when().get("/api/agents").then()
                .statusCode(400).body("errors.field", hasItems("sort", "category")).body("errors", hasSize(2));

        // a cursor of one sort is refused by another
        TestAgents.create(me, List.of());
        TestAgents.create(me, List.of());
        String byName = me.request().queryParam("sort", "name").queryParam("limit", 1).when().get("/api/agents")
                .then().statusCode(200).extract().path("nextCursor");
        me.request().queryParam("cursor", byName).when().get("/api/agents").then().statusCode(400)
                .body("errors[0].field", equalTo("cursor"));
        me.request().queryParam("sort", "updatedAt").queryParam("cursor", byName).when().get("/api/agents")
                .then().statusCode(400).body("errors[0].field", equalTo("cursor"));
        me.request().queryParam("sort", "name").queryParam("cursor", byName).when().get("/api/agents")
                .then().statusCode(200).body("items", hasSize(1));
    }

    /** Every id of the list, page by page, checking that no page repeats an id. */
    private static List<String> all(Caller caller, Map<String, String> params, int limit) {
        List<String> ids = new ArrayList<>();
        String cursor = null;
        int pages = 0;
        do {
            RequestSpecification request = caller.request().queryParams(params).queryParam("limit", limit);
            if (cursor != null) {
                request.queryParam("cursor", cursor);
            }
            JsonPath page = request.when().get("/api/agents").then().statusCode(200).extract().jsonPath();
            List<String> pageIds = page.getList("items.id");
            assertTrue(pageIds.size() <= limit);
            for (String id : pageIds) {
                assertTrue(!ids.contains(id), "duplicate " + id);
                ids.add(id);
            }
            cursor = page.getString("nextCursor");
            assertTrue(++pages < 100);
        } while (cursor != null);
        return ids;
    }
}
