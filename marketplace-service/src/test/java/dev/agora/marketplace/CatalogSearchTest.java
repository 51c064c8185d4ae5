package dev.agora.marketplace;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.containsInAnyOrder;
import static org.hamcrest.Matchers.empty;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasKey;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.nullValue;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Random;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;

import dev.agora.testsupport.KafkaTestResource;
import dev.agora.testsupport.PostgresTestResource;
import dev.agora.testsupport.TestDatabase;
import io.quarkus.test.common.TestResourceScope;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import io.restassured.specification.RequestSpecification;

@QuarkusTest
@WithTestResource(value = PostgresTestResource.class, scope = TestResourceScope.GLOBAL)
@WithTestResource(value = KafkaTestResource.class, scope = TestResourceScope.GLOBAL)
class CatalogSearchTest {
    private static final String AGENTS = "/api/marketplace/agents";

    private final UUID owner = UUID.randomUUID();
    private final String tag = "tag-" + UUID.randomUUID().toString().substring(0, 8);
    private final String word = randomWord();
    private final Set<String> lateIds = new HashSet<>();

    @Test
    void showsThePublishedContentWithTheLiveStateByIdAndBySlug() {
        TestAgent agent = TestAgent.published(owner, tag);
        agent.name = "Draft name not yet published";
        agent.publishedName = "Published name";
        agent.verified = true;
        agent.domains = List.of("trading", "research");
        agent.skills = List.of("Backtesting");
        agent.status = "active";
        TestDatabase.awaitProcessed(agent.register());

        given().queryParam("tag", tag).when().get(AGENTS).then().statusCode(200)
                .body("items.id", contains(agent.id.toString()))
                .body("items[0].name", equalTo("Published name"))
                .body("items[0].slug", equalTo(agent.slug))
                .body("items[0].tagline", equalTo("A helpful agent"))
                .body("items[0].type", equalTo("api"))
                .body("items[0].availability", equalTo("available"))
                .body("items[0].verified", equalTo(true))
                .body("items[0].repoOwner", nullValue())
                .body("items[0].domains.slug", contains("trading", "research"))
                .body("items[0].domains[0].primary", equalTo(true))
                .body("items[0].pricing.amount", equalTo(2500000))
                .body("items[0].pricing.asset", equalTo("microALGO"))
                .body("items[0].pricing.subscriptionMonthly", equalTo(9000000))
                .body("items[0].publishedVersion", equalTo("1.0.0"))
                .body("items[0]", not(hasKey("ownerId")));
        for (String key : List.of(agent.id.toString(), agent.slug)) {
            given().when().get(AGENTS + "/" + key).then().statusCode(200)
                    .body("id", equalTo(agent.id.toString()))
                    .body("name", equalTo("Published name"))
                    .body("skills.name", contains("Backtesting"))
                    .body("skills[0].level", equalTo("Expert"))
                    .body("followerCount", equalTo(0))
                    .body("ratingBreakdown.distribution.5", equalTo(0))
                    .body("ratingBreakdown.quality", nullValue())
                    .body("recentReviews", empty())
                    .body("$", not(hasKey("ownerId")));
        }
        given().when().get(AGENTS + "/no-such-agent-slug").then().statusCode(404).contentType("application/problem+json");
        given().when().get(AGENTS + "/Not A Slug").then().statusCode(404);
    }

    @Test
    void onlyPublishedActiveAgentsAreListed() {
        TestAgent draft = TestAgent.published(owner, tag);
        draft.publicationStatus = "draft";
        TestAgent archived = TestAgent.published(owner, tag);
        archived.publicationStatus = "archived";
        TestAgent paused = TestAgent.published(owner, tag);
        TestAgent listed = TestAgent.published(owner, tag);
        for (TestAgent agent : List.of(draft, archived, listed)) {
            agent.status = "active";
        }
        paused.status = "paused";
        Stream.of(draft, archived, paused, listed).map(TestAgent::register).toList().forEach(TestDatabase::awaitProcessed);

        given().queryParam("tag", tag).when().get(AGENTS).then().statusCode(200)
                .body("items.id", contains(listed.id.toString()));
        for (TestAgent hidden : List.of(draft, archived, paused)) {
            given().when().get(AGENTS + "/" + hidden.id).then().statusCode(404);
            given().when().get(AGENTS + "/" + hidden.slug).then().statusCode(404);
        }

        // archiving a listed agent takes it out; publishing the draft brings it in
        listed.publicationStatus = "archived";
        draft.publicationStatus = "published";
        List.of(listed.update(), draft.update()).forEach(TestDatabase::awaitProcessed);
        given().queryParam("tag", tag).when().get(AGENTS).then().body("items.id", contains(draft.id.toString()));
    }

    @Test
    void filtersReturnExactlyTheMatchingAgentsWithFacetCounts() {
        String d1 = "d1-" + tag;
        String d2 = "d2-" + tag;
        TestAgent a = seeded("Finance", List.of(tag, "x"), List.of(d1), "api", 100, true, "available");
        TestAgent b = seeded("Development", List.of(tag, "y"), List.of(d2), "context", 500, false, "busy");
        TestAgent c = seeded("Finance", List.of(tag, "x", "y"), List.of(d1, d2), "external", 1000, true, "offline");
        Stream.of(a, b, c).map(TestAgent::register).toList().forEach(TestDatabase::awaitProcessed);
        TestDatabase.execute("update catalog_agents set rating = 4.5 where agent_id = ?", a.id);
        TestDatabase.execute("update catalog_agents set rating = 3.9 where agent_id = ?", c.id);

        expectIds(search().queryParam("domain", d1), a, c);
        expectIds(search().queryParam("type", "context"), b);
        expectIds(search().queryParam("minPrice", 200).queryParam("maxPrice", 1000), b, c);
        expectIds(search().queryParam("maxPrice", 100), a);
        expectIds(search().queryParam("verified", true), a, c);
        expectIds(search().queryParam("verified", false), b);
        expectIds(search().queryParam("availability", "busy"), b);
        expectIds(search().queryParam("category", "Finance"), a, c);
        expectIds(search().queryParam("minRating", "3.9"), a, c);
        expectIds(search().queryParam("minRating", "4"), a);
        expectIds(given().queryParam("tags", tag + ",nope"), a, b, c);
        expectIds(given().queryParam("tags", "x," + tag).queryParam("tagMatch", "all"), a, c);
        expectIds(given().queryParam("tags", "x,y," + tag).queryParam("tagMatch", "all"), c);
        expectIds(search().queryParam("domain", d2).queryParam("verified", true).queryParam("type", "external"), c);

        search().queryParam("facets", true).when().get(AGENTS).then().statusCode(200)
                .body("facets.categories.Finance", equalTo(2))
                .body("facets.categories.Development", equalTo(1))
                .body("facets.domains." + d1, equalTo(2))
                .body("facets.domains." + d2, equalTo(2));
        search().queryParam("facets", true).queryParam("verified", false).when().get(AGENTS).then().statusCode(200)
                .body("facets.categories", equalTo(java.util.Map.of("Development", 1)))
                .body("facets.domains", equalTo(java.util.Map.of(d2, 1)));
        search().when().get(AGENTS).then().body("$", not(hasKey("facets")));
    }

    @Test
    void fullTextSearchRanksNameMatchesFirstAndToleratesPrefixesAndTypos() {
        TestAgent inName = TestAgent.published(owner, tag);
        inName.name = "The " + word + " analyzer";
        TestAgent inDescription = TestAgent.published(owner, tag);
        inDescription.name = "Generic helper";
        inDescription.description = "Works with " + word + " reports and more";
        TestAgent inSkills = TestAgent.published(owner, tag);
        inSkills.name = "Skilled helper";
        inSkills.skills = List.of(word + "ology");
        TestAgent unrelated = TestAgent.published(owner, tag);
        unrelated.name = "Weather forecaster";
        Stream.of(inName, inDescription, inSkills, unrelated).forEach(agent -> agent.status = "active");
        Stream.of(inName, inDescription, inSkills, unrelated).map(TestAgent::register).toList()
                .forEach(TestDatabase::awaitProcessed);

        // relevance is the default sort with q: the name weighs more than the description
        search().queryParam("q", word).when().get(AGENTS).then().statusCode(200)
                .body("items.id", contains(inName.id.toString(), inSkills.id.toString(), inDescription.id.toString()));
        // a prefix of the word
        expectIds(search().queryParam("q", word.substring(0, 5)), inName, inDescription, inSkills);
        // a typo (one letter dropped) still finds the name through trigram similarity
        String typo = word.substring(0, 3) + word.substring(4);
        expectIds(search().queryParam("q", typo + " analyzer"), inName);
        expectIds(search().queryParam("q", "forecasters"), unrelated);
        expectIds(search().queryParam("q", word).queryParam("sort", "newest"), inName, inDescription, inSkills);
    }

    @Test
    void everySortPagesWithoutDuplicatesOrGapsWhileAgentsArrive() {
        List<TestAgent> agents = new ArrayList<>();
        long[] prices = { 300, 100, 300, 200, 500, 100 };
        for (long price : prices) {
            TestAgent agent = seeded("General", List.of(tag), List.of(), "api", price, false, "available");
            agent.name = word + " agent " + agents.size();
            agents.add(agent);
        }
        agents.stream().map(TestAgent::register).toList().forEach(TestDatabase::awaitProcessed);
        double[] ratings = { 4.5, 4.5, 3.0, 5.0, 0, 2.25 };
        int[] hires = { 3, 7, 7, 0, 1, 2 };
        for (int i = 0; i < agents.size(); i++) {
            TestDatabase.execute("update catalog_agents set rating = ?, hire_count = ? where agent_id = ?",
                    java.math.BigDecimal.valueOf(ratings[i]), hires[i], agents.get(i).id);
        }
        Set<String> all = new HashSet<>(agents.stream().map(a -> a.id.toString()).toList());

        for (String sort : List.of("newest", "rating", "popularity", "price", "price_desc", "relevance")) {
            List<String> whole = withoutLate(ids(search().queryParam("q", word).queryParam("sort", sort)
                    .queryParam("limit", 200)));
            assertEquals(all, new HashSet<>(whole), sort);
            List<String> paged = withoutLate(pageThrough(sort, 2, true));
            assertEquals(whole, paged, "paging " + sort);
        }
        List<String> byPrice = withoutLate(ids(search().queryParam("sort", "price").queryParam("limit", 200)));
        List<Long> sortedPrices = byPrice.stream().map(id -> prices[indexOf(agents, id)]).toList();
        assertEquals(List.of(100L, 100L, 200L, 300L, 300L, 500L), sortedPrices);
        List<String> byRating = withoutLate(ids(search().queryParam("sort", "rating").queryParam("limit", 200)));
        assertEquals(agents.get(3).id.toString(), byRating.get(0));
        assertEquals(agents.get(4).id.toString(), byRating.get(5));
        List<String> byHires = withoutLate(ids(search().queryParam("sort", "popularity").queryParam("limit", 200)));
        assertEquals(Set.of(agents.get(1).id.toString(), agents.get(2).id.toString()), Set.copyOf(byHires.subList(0, 2)));
        assertEquals(agents.get(3).id.toString(), byHires.get(5));
    }

    @Test
    void rejectsBadSearchParametersNamingTheField() {
        expectBadRequest(given().queryParam("sort", "cheapest"), "sort");
        expectBadRequest(given().queryParam("sort", "relevance"), "sort");
        expectBadRequest(given().queryParam("q", "!!! ???"), "q");
        expectBadRequest(given().queryParam("q", "x".repeat(201)), "q");
        expectBadRequest(given().queryParam("tagMatch", "some"), "tagMatch");
        expectBadRequest(given().queryParam("tags", "x".repeat(101)), "tags");
        expectBadRequest(given().queryParam("type", "robot"), "type");
        expectBadRequest(given().queryParam("minPrice", -1), "minPrice");
        expectBadRequest(given().queryParam("maxPrice", "cheap"), "maxPrice");
        expectBadRequest(given().queryParam("minPrice", 10).queryParam("maxPrice", 5), "maxPrice");
        expectBadRequest(given().queryParam("minRating", 6), "minRating");
        expectBadRequest(given().queryParam("minRating", "high"), "minRating");
        expectBadRequest(given().queryParam("verified", "maybe"), "verified");
        expectBadRequest(given().queryParam("availability", "sleeping"), "availability");
        expectBadRequest(given().queryParam("domain", "Not A Slug"), "domain");
        expectBadRequest(given().queryParam("facets", "yes"), "facets");
        String newestCursor = dev.agora.common.paging.PageRequest.encodeCursor("newest", "2025-01-01T00:00:00Z",
                UUID.randomUUID());
        expectBadRequest(given().queryParam("sort", "price").queryParam("cursor", newestCursor), "cursor");
        expectBadRequest(given().queryParam("sort", "rating").queryParam("cursor",
                dev.agora.common.paging.PageRequest.encodeCursor("rating", "high", UUID.randomUUID())), "cursor");
    }

    private TestAgent seeded(String category, List<String> tags, List<String> domains, String type, long price,
            boolean verified, String availability) {
        TestAgent agent = TestAgent.published(owner, tags.toArray(String[]::new));
        agent.category = category;
        agent.domains = domains;
        agent.type = type;
        agent.priceAmount = price;
        agent.verified = verified;
        agent.availability = availability;
        agent.status = "active";
        return agent;
    }

    /** Pages through with the given sort; while paging, a new matching agent arrives after the first page. */
    private List<String> pageThrough(String sort, int limit, boolean insertWhilePaging) {
        List<String> ids = new ArrayList<>();
        Set<String> seen = new HashSet<>();
        String cursor = null;
        boolean inserted = false;
        do {
            RequestSpecification request = search().queryParam("q", word).queryParam("sort", sort).queryParam("limit", limit);
            if (cursor != null) {
                request.queryParam("cursor", cursor);
            }
            JsonPath page = request.when().get(AGENTS).then().statusCode(200).extract().jsonPath();
            List<String> items = page.getList("items.id");
            items.forEach(id -> assertTrue(seen.add(id), "duplicate " + id));
            ids.addAll(items);
            cursor = page.getString("nextCursor");
            if (insertWhilePaging && !inserted) {
                // an agent that matches arrives between two pages: the original agents are still each seen once
                TestAgent late = seeded("General", List.of(tag, "late"), List.of(), "api", 0, false, "available");
                late.name = word + " late arrival";
                TestDatabase.awaitProcessed(late.register());
                lateIds.add(late.id.toString());
                inserted = true;
            }
        } while (cursor != null);
        return ids;
    }

    private List<String> withoutLate(List<String> ids) {
        return ids.stream().filter(id -> !lateIds.contains(id)).toList();
    }

    private RequestSpecification search() {
        return given().queryParam("tag", tag);
    }

    private static List<String> ids(RequestSpecification request) {
        return request.when().get(AGENTS).then().statusCode(200).extract().jsonPath().getList("items.id");
    }

    private static void expectIds(RequestSpecification request, TestAgent... agents) {
        request.queryParam("limit", 200).when().get(AGENTS).then().statusCode(200)
                .body("items.id", containsInAnyOrder(Stream.of(agents).map(a -> a.id.toString()).toArray()));
    }

    private static void expectBadRequest(RequestSpecification request, String field) {
        request.when().get(AGENTS).then().statusCode(400).contentType("application/problem+json")
                .body("errors[0].field", equalTo(field));
    }

    private static int indexOf(List<TestAgent> agents, String id) {
        for (int i = 0; i < agents.size(); i++) {
            if (agents.get(i).id.toString().equals(id)) {
                return i;
            }
        }
        throw new AssertionError(id);
    }

    /** A word no other test uses, letters only, so the full-text match is exact to this test. */
    private static String randomWord() {
        Random random = new Random();
        StringBuilder word = new StringBuilder("zq");
        for (int i = 0; i < 8; i++) {
            word.append((char) ('a' + random.nextInt(26)));
        }
        // no English suffix ends in x: the stemmer keeps the word whole, so it stays a prefix of "<word>ology"
        return word.append('x').toString();
    }
}
