package dev.agora.gateway;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsInAnyOrder;
import static org.hamcrest.Matchers.endsWith;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.notNullValue;
import static org.hamcrest.Matchers.nullValue;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import jakarta.inject.Inject;

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import dev.agora.testsupport.KafkaTestResource;
import dev.agora.testsupport.PostgresTestResource;
import io.quarkus.test.common.TestResourceScope;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.response.Response;
import io.restassured.specification.RequestSpecification;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Tuple;

/** Organizations and memberships (with their roles) and the {@code orgs} claim of access tokens. */
@QuarkusTest
@WithTestResource(value = PostgresTestResource.class, scope = TestResourceScope.GLOBAL)
@WithTestResource(value = KafkaTestResource.class, scope = TestResourceScope.GLOBAL)
@WithTestResource(value = UpstreamStub.class, scope = TestResourceScope.GLOBAL)
class OrganizationsTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String PASSWORD = "correct horse battery";

    @Inject
    Pool database;

    /** A registered, signed-in user. */
    record Person(String id, String email, String accessToken, String refreshToken) {
        RequestSpecification as() {
            return given().auth().oauth2(accessToken).contentType(ContentType.JSON);
        }
    }

    @Test
    void createsAnOrganizationWhoseCreatorIsAdminAndTheNextTokensCarryTheRole() throws Exception {
        Person ada = person();
        String slug = slug();
        ada.as().body("{\"slug\":\"" + slug + "\",\"name\":\"  Acme Corp \",\"description\":\"Builds agents\","
                + "\"url\":\"https://acme.example\",\"settings\":{\"theme\":\"dark\",\"features\":[\"api-agents\"],"
                + "\"limits\":{\"maxAgents\":25}}}")
                .when().post("/api/orgs")
                .then().statusCode(201)
                .header("Location", endsWith("/api/orgs/" + slug))
                .body("id", notNullValue())
                .body("slug", equalTo(slug))
                .body("name", equalTo("Acme Corp"))
                .body("description", equalTo("Builds agents"))
                .body("url", equalTo("https://acme.example"))
                .body("settings.theme", equalTo("dark"))
                .body("settings.limits.maxAgents", equalTo(25))
                .body("role", equalTo("admin"))
                .body("createdBy", equalTo(ada.id()))
                .body("createdAt", notNullValue());

        ada.as().when().get("/api/orgs").then().statusCode(200)
                .body("items.slug", containsInAnyOrder(slug))
                .body("items[0].role", equalTo("admin"))
                .body("nextCursor", nullValue());
        ada.as().when().get("/api/orgs/" + slug).then().statusCode(200)
                .body("role", equalTo("admin")).body("settings.features", containsInAnyOrder("api-agents"));
        ada.as().when().get("/api/orgs/" + slug + "/members").then().statusCode(200)
                .body("items.userId", containsInAnyOrder(ada.id()))
                .body("items[0].role", equalTo("admin"))
                .body("items[0].email", equalTo(ada.email()))
                .body("items[0].grantedBy", equalTo(ada.id()));

        // the token issued before the organization existed does not know it; the next ones do
        assertEquals(Map.of(), orgsClaim(ada.accessToken()));
        Person refreshed = refresh(ada);
        assertEquals(Map.of(slug, "admin"), orgsClaim(refreshed.accessToken()));
        String signedIn = login(ada.email()).accessToken();
        assertEquals(Map.of(slug, "admin"), orgsClaim(signedIn));
    }

    @Test
    void addsAMemberByEmailChangesTheirRoleAndRemovesThemWithTokensFollowingAtTheNextRefresh() throws Exception {
        Person admin = person();
        Person bob = person();
        String slug = createOrg(admin);

        admin.as().body("{\"email\":\"  " + bob.email().toUpperCase() + " \",\"role\":\"viewer\"}")
                .when().post("/api/orgs/" + slug + "/members")
                .then().statusCode(201)
                .header("Location", endsWith("/api/orgs/" + slug + "/members/" + bob.id()))
                .body("userId", equalTo(bob.id()))
                .body("email", equalTo(bob.email()))
                .body("displayName", equalTo("Ada"))
                .body("role", equalTo("viewer"))
                .body("grantedBy", equalTo(admin.id()))
                .body("grantedAt", notNullValue());
        bob = refresh(bob);
        assertEquals(Map.of(slug, "viewer"), orgsClaim(bob.accessToken()));
        bob.as().when().get("/api/orgs").then().statusCode(200)
                .body("items.slug", containsInAnyOrder(slug)).body("items[0].role", equalTo("viewer"));
        admin.as().when().get("/api/orgs/" + slug + "/members/" + bob.id()).then().statusCode(200)
                .body("role", equalTo("viewer"));

        admin.as().body("{\"role\":\"agent_manager\"}").when().patch("/api/orgs/" + slug + "/members/" + bob.id())
                .then().statusCode(200).body("role", equalTo("agent_manager")).body("userId", equalTo(bob.id()));
        // the token in hand keeps the old role until it is refreshed
        assertEquals(Map.of(slug, "viewer"), orgsClaim(bob.accessToken()));
        bob = refresh(bob);
        assertEquals(Map.of(slug, "agent_manager"), orgsClaim(bob.accessToken()));
        bob.as().when().get("/api/orgs/" + slug).then().statusCode(200).body("role", equalTo("agent_manager"));

        admin.as().when().delete("/api/orgs/" + slug + "/members/" + bob.id()).then().statusCode(204);
        bob = refresh(bob);
        assertEquals(Map.of(), orgsClaim(bob.accessToken()));
        bob.as().when().get("/api/orgs/" + slug).then().statusCode(404).contentType("application/problem+json");
        admin.as().when().get("/api/orgs/" + slug + "/members").then().statusCode(200)
                .body("items.userId", containsInAnyOrder(admin.id()));
    }

    @Test
    void enforcesTheRoleMatrixOnEveryEndpoint() {
        Person admin = person();
        Person manager = person();
        Person viewer = person();
        Person outsider = person();
        Person target = person();
        String slug = createOrg(admin);
        addMember(admin, slug, manager, "agent_manager");
        addMember(admin, slug, viewer, "viewer");
        addMember(admin, slug, target, "viewer");
        String org = "/api/orgs/" + slug;
        String targetPath = org + "/members/" + target.id();

        // reads: every member; nobody else sees the organization at all
        for (Person member : List.of(admin, manager, viewer)) {
            member.as().when().get(org).then().statusCode(200).body("slug", equalTo(slug));
            member.as().when().get(org + "/members").then().statusCode(200).body("items.userId", hasItem(target.id()));
            member.as().when().get(targetPath).then().statusCode(200);
            member.as().when().get("/api/orgs").then().statusCode(200).body("items.slug", hasItem(slug));
        }
        outsider.as().when().get(org).then().statusCode(404).contentType("application/problem+json");
        outsider.as().when().get(org + "/members").then().statusCode(404);
        outsider.as().when().get(targetPath).then().statusCode(404);
        outsider.as().when().get("/api/orgs").then().statusCode(200).body("items.slug", not(hasItem(slug)));

        // admin actions: 403 to the other members, 404 to outsiders
        Person newcomer = person();
        for (Person notAdmin : List.of(manager, viewer, outsider)) {
            int expected = notAdmin == outsider ? 404 : 403;
            notAdmin.as().body("{\"name\":\"Taken over\"}").when().patch(org).then().statusCode(expected)
                    .contentType("application/problem+json").body("status", equalTo(expected));
            notAdmin.as().body("{\"email\":\"" + newcomer.email() + "\",\"role\":\"viewer\"}")
                    .when().post(org + "/members").then().statusCode(expected);
            notAdmin.as().body("{\"role\":\"admin\"}").when().patch(targetPath).then().statusCode(expected);
            notAdmin.as().when().delete(targetPath).then().statusCode(expected);
        }
        admin.as().when().get(org).then().body("name", equalTo("Organization " + slug));
        admin.as().when().get(targetPath).then().statusCode(200).body("role", equalTo("viewer"));

        // no token: 401 everywhere, the organization endpoints included
        for (Response anonymous : List.of(
                given().when().get("/api/orgs"),
                given().contentType(ContentType.JSON).body("{\"slug\":\"" + slug() + "\",\"name\":\"x\"}").when().post("/api/orgs"),
                given().when().get(org),
                given().contentType(ContentType.JSON).body("{\"name\":\"x\"}").when().patch(org),
                given().when().get(org + "/members"),
                given().contentType(ContentType.JSON).body("{\"email\":\"" + newcomer.email() + "\",\"role\":\"viewer\"}")
                        .when().post(org + "/members"),
                given().when().get(targetPath),
                given().contentType(ContentType.JSON).body("{\"role\":\"admin\"}").when().patch(targetPath),
                given().when().delete(targetPath))) {
            anonymous.then().statusCode(401).contentType("application/problem+json");
        }

        // the admin may do all of it
        admin.as().body("{\"name\":\"Renamed\"}").when().patch(org).then().statusCode(200).body("name", equalTo("Renamed"));
        admin.as().body("{\"email\":\"" + newcomer.email() + "\",\"role\":\"viewer\"}").when().post(org + "/members")
                .then().statusCode(201);
        admin.as().body("{\"role\":\"agent_manager\"}").when().patch(targetPath).then().statusCode(200)
                .body("role", equalTo("agent_manager"));
        admin.as().when().delete(targetPath).then().statusCode(204);

        // and any member may leave
        viewer.as().when().delete(org + "/members/" + viewer.id()).then().statusCode(204);
        manager.as().when().delete(org + "/members/" + manager.id()).then().statusCode(204);
        viewer.as().when().get(org).then().statusCode(404);
        admin.as().when().get(org + "/members").then().statusCode(200)
                .body("items.userId", containsInAnyOrder(admin.id(), newcomer.id()));
    }

    @Test
    void theLastAdminCanNeitherLeaveNorBeRemovedNorBeDemoted() {
        Person first = person();
        Person second = person();
        String slug = createOrg(first);
        String org = "/api/orgs/" + slug;

        first.as().when().delete(org + "/members/" + first.id()).then().statusCode(409)
                .contentType("application/problem+json").body("status", equalTo(409));
        first.as().body("{\"role\":\"viewer\"}").when().patch(org + "/members/" + first.id()).then().statusCode(409);
        first.as().body("{\"role\":\"admin\"}").when().patch(org + "/members/" + first.id()).then().statusCode(200)
                .body("role", equalTo("admin"));

        addMember(first, slug, second, "admin");
        // with two admins, one may demote the other, and then the remaining one is the last again
        second.as().body("{\"role\":\"viewer\"}").when().patch(org + "/members/" + first.id()).then().statusCode(200);
        second.as().when().delete(org + "/members/" + second.id()).then().statusCode(409);
        second.as().body("{\"role\":\"agent_manager\"}").when().patch(org + "/members/" + second.id()).then().statusCode(409);
        first.as().when().delete(org + "/members/" + second.id()).then().statusCode(403);

        second.as().body("{\"role\":\"admin\"}").when().patch(org + "/members/" + first.id()).then().statusCode(200);
        first.as().when().delete(org + "/members/" + second.id()).then().statusCode(204);
        first.as().when().delete(org + "/members/" + first.id()).then().statusCode(409);
        first.as().when().get(org + "/members").then().statusCode(200)
                .body("items.userId", containsInAnyOrder(first.id()))
                .body("items[0].role", equalTo("admin"));
    }

    @Test
    void twoAdminsDemotingEachOtherAtOnceLeaveOneAdmin() throws Exception {
        Person first = person();
        Person second = person();
        String slug = createOrg(first);
        String org = "/api/orgs/" + slug;
        addMember(first, slug, second, "admin");

        CyclicBarrier start = new CyclicBarrier(2);
        ExecutorService pool = Executors.newFixedThreadPool(2);
        try {
            Future<Integer> firstDemotes = pool.submit(() -> {
                start.await();
                return first.as().body("{\"role\":\"viewer\"}").when().patch(org + "/members/" + second.id()).statusCode();
            });
            Future<Integer> secondDemotes = pool.submit(() -> {
                start.await();
                return second.as().body("{\"role\":\"viewer\"}").when().patch(org + "/members/" + first.id()).statusCode();
            });
            List<Integer> statuses = new ArrayList<>(List.of(firstDemotes.get(30, TimeUnit.SECONDS),
                    secondDemotes.get(30, TimeUnit.SECONDS)));
            statuses.sort(null);
            // whichever runs second sees that it is now the last admin (or no longer an admin at all)
            assertTrue(statuses.equals(List.of(200, 409)) || statuses.equals(List.of(200, 403)), statuses.toString());
        } finally {
            pool.shutdownNow();
        }
        assertEquals(1, count("select count(*) from memberships m join organizations o on o.id = m.organization_id"
                + " where o.slug = $1 and m.role = 'admin'", slug));
    }

    @Test
    void rejectsInvalidOrganizationsNamingEachFieldAndWritesNothing() {
        Person ada = person();
        String good = slug();
        for (String badSlug : List.of("ab", "Upper-case", "has space", "under_score", "dots.not.allowed", "é-accent",
                "x".repeat(64), "")) {
            rejects(ada.as().body("{\"slug\":\"" + badSlug + "\",\"name\":\"Acme\"}").when().post("/api/orgs"), "slug");
        }
        rejects(ada.as().body("{\"name\":\"Acme\"}").when().post("/api/orgs"), "slug");
        rejects(ada.as().body("{\"slug\":\"" + good + "\"}").when().post("/api/orgs"), "name");
        rejects(ada.as().body("{\"slug\":\"" + good + "\",\"name\":\"   \"}").when().post("/api/orgs"), "name");
        rejects(ada.as().body("{\"slug\":\"" + good + "\",\"name\":\"" + "n".repeat(201) + "\"}").when().post("/api/orgs"),
                "name");
        rejects(ada.as().body("{\"slug\":\"" + good + "\",\"name\":\"Acme\",\"url\":\"ftp://acme.example\"}")
                .when().post("/api/orgs"), "url");
        rejects(ada.as().body("{\"slug\":\"" + good + "\",\"name\":\"Acme\",\"settings\":[1]}").when().post("/api/orgs"),
                "settings");
        rejects(ada.as().body("{\"slug\":\"" + good + "\",\"name\":\"Acme\",\"settings\":{\"theme\":\"neon\"}}")
                .when().post("/api/orgs"), "settings.theme");
        rejects(ada.as().body("{\"slug\":\"" + good + "\",\"name\":\"Acme\",\"settings\":{\"limits\":{\"maxAgents\":-1}}}")
                .when().post("/api/orgs"), "settings.limits.maxAgents");
        rejects(ada.as().body("{\"slug\":\"" + good + "\",\"name\":\"Acme\",\"settings\":{\"features\":\"all\"}}")
                .when().post("/api/orgs"), "settings.features");
        ada.as().body("{}").when().post("/api/orgs").then().statusCode(400)
                .body("errors.field", containsInAnyOrder("slug", "name"));
        ada.as().body("{\"slug\": ").when().post("/api/orgs").then().statusCode(400).contentType("application/problem+json");
        ada.as().when().post("/api/orgs").then().statusCode(400).contentType("application/problem+json");
        assertEquals(0, count("select count(*) from organizations where slug = $1", good));
        assertEquals(0, count("select count(*) from memberships where user_id = $1::uuid", ada.id()));

        ada.as().body("{\"slug\":\"" + good + "\",\"name\":\"Acme\"}").when().post("/api/orgs").then().statusCode(201)
                .body("settings", equalTo(Map.of()))
                .body("description", nullValue());
        String org = "/api/orgs/" + good;
        rejects(ada.as().body("{\"name\":\"  \"}").when().patch(org), "name");
        rejects(ada.as().body("{\"settings\":{\"theme\":3}}").when().patch(org), "settings.theme");

        Person bob = person();
        rejects(ada.as().body("{\"email\":\"" + bob.email() + "\",\"role\":\"owner\"}").when().post(org + "/members"), "role");
        rejects(ada.as().body("{\"email\":\"" + bob.email() + "\"}").when().post(org + "/members"), "role");
        rejects(ada.as().body("{\"role\":\"viewer\"}").when().post(org + "/members"), "email");
        rejects(ada.as().body("{\"email\":\"nobody-" + UUID.randomUUID() + "@example.org\",\"role\":\"viewer\"}")
                .when().post(org + "/members"), "email");
        rejects(ada.as().body("{\"role\":\"superuser\"}").when().patch(org + "/members/" + ada.id()), "role");
        rejects(ada.as().body("{}").when().patch(org + "/members/" + ada.id()), "role");
        assertEquals(1, count("select count(*) from memberships m join organizations o on o.id = m.organization_id"
                + " where o.slug = $1", good));
        ada.as().when().get(org).then().statusCode(200).body("name", equalTo("Acme"));
    }

    @Test
    void refusesADuplicateSlugWithConflictOnSlug() {
        Person ada = person();
        Person bob = person();
        String slug = createOrg(ada);
        bob.as().body("{\"slug\":\"" + slug + "\",\"name\":\"Copycat\"}").when().post("/api/orgs")
                .then().statusCode(409).contentType("application/problem+json")
                .body("status", equalTo(409))
                .body("errors[0].field", equalTo("slug"));
        assertEquals(1, count("select count(*) from organizations where slug = $1", slug));
        bob.as().when().get("/api/orgs").then().statusCode(200).body("items", equalTo(List.of()));
    }

    @Test
    void refusesToAddAMemberTwiceAndAnswers404ForUnknownMembers() {
        Person admin = person();
        Person bob = person();
        String slug = createOrg(admin);
        String org = "/api/orgs/" + slug;
        addMember(admin, slug, bob, "viewer");
        admin.as().body("{\"email\":\"" + bob.email() + "\",\"role\":\"admin\"}").when().post(org + "/members")
                .then().statusCode(409).contentType("application/problem+json").body("errors[0].field", equalTo("email"));
        admin.as().when().get(org + "/members/" + bob.id()).then().statusCode(200).body("role", equalTo("viewer"));

        String stranger = person().id();
        admin.as().when().get(org + "/members/" + stranger).then().statusCode(404);
        admin.as().body("{\"role\":\"viewer\"}").when().patch(org + "/members/" + stranger).then().statusCode(404);
        admin.as().when().delete(org + "/members/" + stranger).then().statusCode(404);
        admin.as().when().delete(org + "/members/not-a-uuid").then().statusCode(404).contentType("application/problem+json");
        admin.as().when().get("/api/orgs/no-such-org-" + UUID.randomUUID().toString().substring(0, 8))
                .then().statusCode(404).contentType("application/problem+json");
    }

    @Test
    void updatesAnOrganizationPartially() {
        Person admin = person();
        String slug = slug();
        admin.as().body("{\"slug\":\"" + slug + "\",\"name\":\"Acme\",\"description\":\"Old\",\"url\":\"https://old.example\"}")
                .when().post("/api/orgs").then().statusCode(201);
        String org = "/api/orgs/" + slug;
        admin.as().body("{\"description\":\"\",\"settings\":{\"limits\":{\"maxAgents\":3}}}").when().patch(org)
                .then().statusCode(200)
                .body("name", equalTo("Acme"))
                .body("description", nullValue())
                .body("url", equalTo("https://old.example"))
                .body("settings.limits.maxAgents", equalTo(3))
                .body("slug", equalTo(slug));
        admin.as().when().get(org).then().statusCode(200)
                .body("description", nullValue())
                .body("settings.limits.maxAgents", equalTo(3));
    }

    @Test
    void pagesThroughMyOrganizationsBySlug() {
        Person ada = person();
        List<String> slugs = new ArrayList<>(List.of(createOrg(ada), createOrg(ada), createOrg(ada)));
        slugs.sort(null);
        Response first = ada.as().queryParam("limit", 2).when().get("/api/orgs");
        first.then().statusCode(200).body("items.slug", equalTo(slugs.subList(0, 2))).body("nextCursor", notNullValue());
        ada.as().queryParam("limit", 2).queryParam("cursor", first.path("nextCursor").toString()).when().get("/api/orgs")
                .then().statusCode(200).body("items.slug", equalTo(slugs.subList(2, 3))).body("nextCursor", nullValue());
        rejects(ada.as().queryParam("limit", 0).when().get("/api/orgs"), "limit");
        rejects(ada.as().queryParam("cursor", "garbage").when().get("/api/orgs/" + slugs.get(0) + "/members"), "cursor");
    }

    @Test
    void servesOrganizationsItselfRatherThanProxyingThem() {
        Person ada = person();
        // the upstream stub would answer {service, method, path, ...}; the gateway answers a page
        ada.as().when().get("/api/orgs").then().statusCode(200)
                .body("items", equalTo(List.of()))
                .body("service", nullValue());
    }

    // --- helpers

    private static void rejects(Response response, String field) {
        response.then().statusCode(400).contentType("application/problem+json")
                .body("status", equalTo(400))
                .body("errors.field", hasItem(field));
    }

    static String createOrg(Person admin) {
        String slug = slug();
        admin.as().body("{\"slug\":\"" + slug + "\",\"name\":\"Organization " + slug + "\"}").when().post("/api/orgs")
                .then().statusCode(201);
        return slug;
    }

    static void addMember(Person admin, String slug, Person member, String role) {
        admin.as().body("{\"email\":\"" + member.email() + "\",\"role\":\"" + role + "\"}")
                .when().post("/api/orgs/" + slug + "/members").then().statusCode(201);
    }

    static Person person() {
        String email = AuthFlowTest.uniqueEmail();
        String id = AuthFlowTest.register(email);
        Person signedIn = login(email);
        return new Person(id, email, signedIn.accessToken(), signedIn.refreshToken());
    }

    private static Person login(String email) {
        Response response = AuthFlowTest.login(email, PASSWORD);
        response.then().statusCode(200);
        return new Person(null, email, response.path("accessToken"), response.path("refreshToken"));
    }

    private static Person refresh(Person person) {
        Response response = given().contentType(ContentType.JSON)
                .body("{\"refreshToken\":\"" + person.refreshToken() + "\"}").when().post("/auth/refresh");
        response.then().statusCode(200);
        return new Person(person.id(), person.email(), response.path("accessToken"), response.path("refreshToken"));
    }

    private static Map<String, String> orgsClaim(String accessToken) throws Exception {
        JsonNode claims = JSON.readTree(java.util.Base64.getUrlDecoder().decode(accessToken.split("\\.")[1]));
        JsonNode orgs = claims.path("orgs");
        assertTrue(orgs.isObject(), claims.toString());
        Map<String, String> roles = new LinkedHashMap<>();
        orgs.fields().forEachRemaining(entry -> roles.put(entry.getKey(), entry.getValue().asText()));
        assertNotNull(roles);
        return roles;
    }

    private static String slug() {
        return "org-" + UUID.randomUUID().toString().substring(0, 13);
    }

    private long count(String sql, String parameter) {
        return database.preparedQuery(sql).execute(Tuple.of(parameter)).await().atMost(Duration.ofSeconds(10))
                .iterator().next().getLong(0);
    }
}
