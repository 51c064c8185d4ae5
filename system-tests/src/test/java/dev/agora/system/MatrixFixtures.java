package dev.agora.system;

import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;

import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.Supplier;

import io.restassured.http.ContentType;
import io.restassured.specification.RequestSpecification;

/**
 * The world the authorization matrix runs in: an owner who created an organization and, in it, a listed agent (active
 * and published, never changed by a row), an agent the rows change, a deployed agent with its deployment and an
 * execution, a template, a trigger, API keys and a second session; another admin and a
 * viewer of that organization; a stranger; and a hirer who hired the agent, paid, messaged and reviewed. Each value has
 * a name that the matrix uses as a placeholder ({@code {agent}}); some can also be made anew for a call that uses its
 * value up (deleting it, moving it to a final state).
 */
final class MatrixFixtures {
    static final Duration EVENTUALLY = Duration.ofSeconds(60);
    static final String PASSWORD = "correct horse battery staple";

    final Accounts.Account owner;
    final Accounts.Account admin;
    final Accounts.Account viewer;
    final Accounts.Account stranger;
    final Accounts.Account hirer;
    final String org;
    private final Map<String, String> shared = new HashMap<>();
    private final Map<String, Supplier<String>> fresh = new HashMap<>();

    private MatrixFixtures(Accounts accounts, Deposits deposits) {
        Accounts.Account founder = accounts.register("owner");
        org = "matrix-" + unique();
        as(founder.token()).body("{\"slug\":\"" + org + "\",\"name\":\"Matrix\"}").when().post("/api/orgs").then()
                .statusCode(201);
        Accounts.Account other = accounts.register("admin");
        Accounts.Account member = accounts.register("viewer");
        addMember(founder.token(), other.email(), "admin");
        addMember(founder.token(), member.email(), "viewer");
        // tokens carry the organizations their user belonged to at sign-in
        owner = accounts.login(founder);
        admin = accounts.login(other);
        viewer = accounts.login(member);
        stranger = accounts.register("stranger");
        hirer = accounts.register("hirer");

        put("org", org);
        put("member", viewer.id());
        put("viewerEmail", viewer.email());
        put("ownerId", owner.id());
        fresh.put("newMemberEmail", () -> accounts.register("joiner").email());
        put("password", PASSWORD);
        put("random", UUID.randomUUID().toString());

        // the marketplace's agent is never changed by a row: tasks, payments and reviews are made on it
        String listed = listedAgent();
        put("listedAgent", listed);
        // priced hires draw on the hirer's balance: the hirer pays for every task, the others for the row's own hire
        deposits.fund(hirer.token(), listed, 100_000);
        for (Accounts.Account caller : List.of(stranger, viewer, admin)) {
            deposits.fund(caller.token(), listed, 100);
        }
        put("agentSlug", given().when().get("/api/marketplace/agents/" + listed).then().extract().path("slug"));
        put("agent", orgAgent());
        fresh.put("agent", this::orgAgent);
        fresh.put("publishedAgent", this::publishedAgent);
        put("template", template());
        fresh.put("template", this::template);

        fresh.put("deployableAgent", this::deployableAgent);
        String deployedAgent = orgAgent();
        put("deployedAgent", deployedAgent);
        String deployment = deployment(deployedAgent);
        put("deployment", deployment);
        fresh.put("deployment", () -> deployment(orgAgent()));
        put("job", as(owner.token()).when().get("/api/deployments/" + deployment).then().extract().path("jobId"));
        String agentToken = as(owner.token()).when().post("/api/agents/" + deployedAgent + "/token").then()
                .statusCode(200).extract().path("token");
        put("execution", execution(agentToken));

        put("trigger", trigger());
        fresh.put("trigger", this::trigger);

        String task = task(listed);
        put("task", task);
        fresh.put("task", () -> task(listed));
        String completed = completedTask(listed);
        put("completedTask", completed);
        fresh.put("completedTask", () -> completedTask(listed));
        put("transaction", payment(listed, completed));
        fresh.put("transaction", () -> payment(listed, completed));
        put("review", review(completed));
        fresh.put("review", () -> review(completedTask(listed)));
        as(hirer.token()).body("{\"taskId\":\"" + task + "\",\"text\":\"hello\"}").when().post("/api/marketplace/messages")
                .then().statusCode(201);
        put("notification", notification());
        fresh.put("notification", this::notification);

        put("orgKey", orgKey());
        fresh.put("orgKey", this::orgKey);
        put("ownerKey", ownerKey());
        fresh.put("ownerKey", this::ownerKey);
        put("ownerSession", otherSession(accounts));
        fresh.put("ownerSession", () -> otherSession(accounts));
    }

    static MatrixFixtures create(Accounts accounts, Deposits deposits) {
        return new MatrixFixtures(accounts, deposits);
    }

    /** The shared value of a placeholder, or a new one when {@code anew} and the placeholder can be made anew. */
    String value(String name, boolean anew) {
        if (anew && fresh.containsKey(name)) {
            return fresh.get(name).get();
        }
        if (!shared.containsKey(name) && fresh.containsKey(name)) {
            shared.put(name, fresh.get(name).get());
        }
        String value = shared.get(name);
        if (value == null) {
            throw new IllegalArgumentException("the matrix names an unknown fixture {" + name + "}");
        }
        return value;
    }

    Accounts.Account account(AuthorizationMatrix.Role role) {
        return switch (role) {
            case NONE -> null;
            case STRANGER -> stranger;
            case VIEWER -> viewer;
            case ADMIN -> admin;
            case OWNER -> owner;
        };
    }

    private void put(String name, String value) {
        shared.put(name, value);
    }

    private String publishedAgent() {
        String agent = orgAgent();
        as(owner.token()).body("{\"status\":\"active\"}").when().put("/api/agents/" + agent + "/status").then()
                .statusCode(200);
        as(owner.token()).body("{\"changes\":\"first\"}").when().post("/api/agents/" + agent + "/publish").then()
                .statusCode(200);
        return agent;
    }

    private String listedAgent() {
        String agent = publishedAgent();
        await().atMost(EVENTUALLY).untilAsserted(() -> given().when().get("/api/marketplace/agents/" + agent).then()
                .statusCode(200));
        return agent;
    }

    private String orgAgent() {
        String name = "mx-" + unique();
        return as(owner.token()).body("{\"name\":\"Matrix " + name + "\",\"description\":\"Reads prices\",\"subdomain\":\""
                + name + "\",\"repoOwner\":\"acme\",\"repoName\":\"" + name + "\",\"githubUrl\":\"https://github.com/"
                + "acme/" + name + "\",\"category\":\"Finance\",\"tags\":[\"defi\"],\"priceMicroalgo\":1000000,"
                + "\"organizationSlugs\":[\"" + org + "\"]}").when().post("/api/agents").then().statusCode(201)
                .extract().path("id");
    }

    /** An agent deployment-service has heard of (from agents.v1), so that it can be deployed. */
    private String deployableAgent() {
        String agent = orgAgent();
        await().atMost(EVENTUALLY).untilAsserted(() -> as(owner.token()).queryParam("agentId", agent).when()
                .get("/api/deployments/stats").then().statusCode(200));
        return agent;
    }

    private String template() {
        return as(owner.token()).body("{\"name\":\"Matrix template " + unique() + "\",\"type\":\"api\"}").when()
                .post("/api/agents/templates").then().statusCode(201).extract().path("id");
    }

    private String deployment(String agent) {
        String id = await().atMost(EVENTUALLY).until(() -> as(owner.token()).body("{\"agentId\":\"" + agent + "\"}")
                .when().post("/api/deployments").then().extract(), response -> response.statusCode() == 201).path("id");
        await().atMost(EVENTUALLY).untilAsserted(() -> as(owner.token()).when().get("/api/deployments/" + id).then()
                .statusCode(200).body("status", equalTo("succeeded")));
        return id;
    }

    private static String execution(String agentToken) {
        return await().atMost(EVENTUALLY).until(() -> given().auth().oauth2(agentToken).contentType(ContentType.JSON)
                .body("{\"status\":\"running\"}").when().post("/api/runtime/executions").then().extract(),
                response -> response.statusCode() == 201).path("id");
    }

    private String trigger() {
        return as(owner.token()).body("{\"name\":\"matrix " + unique() + "\",\"source\":{\"type\":\"platform\","
                + "\"eventTypes\":[\"agora.deployment.failed.v1\"]},\"actions\":[{\"type\":\"notification\","
                + "\"config\":{}}]}").when().post("/api/triggers").then().statusCode(201).extract().path("id");
    }

    private String task(String agent) {
        return as(hirer.token()).body("{\"agentId\":\"" + agent + "\",\"title\":\"Audit\",\"description\":\"Find bugs\","
                + "\"budget\":5,\"paymentType\":\"fixed\"}").when().post("/api/marketplace/tasks").then().statusCode(201)
                .extract().path("id");
    }

    private String completedTask(String agent) {
        String task = task(agent);
        as(owner.token()).body("{}").when().post("/api/marketplace/tasks/" + task + "/start").then().statusCode(200);
        as(owner.token()).body("{}").when().post("/api/marketplace/tasks/" + task + "/complete").then().statusCode(200);
        return task;
    }

    private String payment(String agent, String task) {
        return as(hirer.token()).body("{\"type\":\"payment\",\"agentId\":\"" + agent + "\",\"taskId\":\"" + task
                + "\",\"amount\":\"1\",\"asset\":\"microALGO\",\"chain\":\"solana\",\"signature\":\"sig" + unique()
                + unique() + "\"}").when().post("/api/marketplace/transactions").then().statusCode(201).extract().path("id");
    }

    private String review(String completedTask) {
        return as(hirer.token()).body("{\"taskId\":\"" + completedTask + "\",\"rating\":4,\"pros\":[],\"cons\":[]}")
                .when().post("/api/marketplace/reviews").then().statusCode(201).extract().path("id");
    }

    /** A notification of the owner's: the status change of a new agent of theirs. */
    private String notification() {
        String agent = orgAgent();
        as(owner.token()).body("{\"status\":\"active\"}").when().put("/api/agents/" + agent + "/status").then()
                .statusCode(200);
        return await().atMost(EVENTUALLY).until(() -> as(owner.token()).queryParam("limit", 200).when()
                .get("/api/marketplace/notifications").then().statusCode(200).extract().jsonPath()
                .<String> getList("items.findAll { it.data.agentId == '" + agent + "' }.id"), ids -> !ids.isEmpty()).get(0);
    }

    private String orgKey() {
        return as(owner.token()).body("{\"name\":\"matrix " + unique() + "\",\"scopes\":[\"agents:read\"],\"password\":\""
                + PASSWORD + "\"}").when().post("/api/orgs/" + org + "/api-keys").then().statusCode(201).extract().path("id");
    }

    private String ownerKey() {
        return as(owner.token()).body("{\"name\":\"matrix " + unique() + "\",\"scopes\":[\"agents:read\"],\"password\":\""
                + PASSWORD + "\"}").when().post("/api/users/me/api-keys").then().statusCode(201).extract().path("id");
    }

    /** Another sign-in of the owner's, so that ending it leaves the owner's own session alone. */
    private String otherSession(Accounts accounts) {
        accounts.login(owner);
        List<Map<String, Object>> sessions = as(owner.token()).when().get("/api/users/me/sessions").then().statusCode(200)
                .body("current", hasItem(true)).extract().jsonPath().getList("$");
        return sessions.stream().filter(s -> !Boolean.TRUE.equals(s.get("current")))
                .map(s -> (String) s.get("id")).reduce((first, second) -> second).orElseThrow();
    }

    private void addMember(String token, String email, String role) {
        as(token).body("{\"email\":\"" + email + "\",\"role\":\"" + role + "\"}").when()
                .post("/api/orgs/" + org + "/members").then().statusCode(201);
    }

    static String unique() {
        return UUID.randomUUID().toString().substring(0, 8);
    }

    static RequestSpecification as(String token) {
        return given().auth().oauth2(token).contentType(ContentType.JSON);
    }
}
