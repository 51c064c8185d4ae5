package dev.agora.agents;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.containsInAnyOrder;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.hasItems;
import static org.hamcrest.Matchers.hasSize;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.nullValue;

import org.junit.jupiter.api.Test;

import dev.agora.agents.TestAgents.Caller;
import dev.agora.testsupport.KafkaTestResource;
import dev.agora.testsupport.PostgresTestResource;
import io.quarkus.test.common.TestResourceScope;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;

/** Profile, slug, I/O schema and examples, pricing, on-chain links, domains and skills, new list filters. */
@QuarkusTest
@WithTestResource(value = PostgresTestResource.class, scope = TestResourceScope.GLOBAL)
@WithTestResource(value = KafkaTestResource.class, scope = TestResourceScope.GLOBAL)
class AgentProfileTest {
    private static final String ALGORAND = "AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA";
    private static final String SOLANA = "4Nd1mBQtrMJVYVfKf2PJy9NZUZdTAsp7D4xWLs4gDB4T";
    private static final String EVM = "0x52908400098527886E0F7030069857D2E4169EE7";
    private static final String IO_SCHEMA = """
            {"input":{"type":"object","required":["city"],"properties":{"city":{"type":"string"},"days":{"type":"integer","minimum":1}}},
             "output":{"type":"object","required":["forecast"],"properties":{"forecast":{"type":"array","items":{"type":"string"}}}}}""";

    private final Caller owner = Caller.user();

    /** A minimal valid api agent with a repository, plus extra fields ({@code "k":v,...}). */
    static String agent(String subdomain, String extra) {
        String repo = TestAgents.uniqueSlug("repo");
        return """
                {"name":"Weather","subdomain":"%s","repoOwner":"acme","repoName":"%s","githubUrl":"https://github.com/acme/%s"%s}
                """.formatted(subdomain, repo, repo, extra.isEmpty() ? "" : "," + extra);
    }

    private String create(String extra) {
        return owner.request().body(agent(TestAgents.uniqueSlug("p"), extra)).when().post("/api/agents")
                .then().log().ifValidationFails().statusCode(201).extract().path("id");
    }

    @Test
    void storesTheProfileFields() {
        String metadata = "{\"author\":\"Ada\",\"license\":\"MIT\",\"documentation_url\":\"https://docs.example.com\",\"limitations\":[\"slow\"]}";
        String id = create("""
                "slug":"%s","tagline":"Forecasts for any city","avatarUrl":"https://img.example.com/a.png",
                "coverImageUrl":"https://img.example.com/c.png","department":"research","metadata":%s,
                "config":{"retries":2},"deploymentConfig":{"image":"ghcr.io/acme/weather:1","port":8080,"cpu":"500m","memory":"256Mi","replicas":1,"autoRedeploy":true},
                "availability":"busy","capabilities":["forecast","alerts"]""".formatted(TestAgents.uniqueSlug("weather"), metadata));
        owner.request().when().get("/api/agents/" + id).then().statusCode(200)
                .body("tagline", equalTo("Forecasts for any city"))
                .body("avatarUrl", equalTo("https://img.example.com/a.png"))
                .body("coverImageUrl", equalTo("https://img.example.com/c.png"))
                .body("department", equalTo("research"))
                .body("metadata.author", equalTo("Ada"))
                .body("metadata.limitations", contains("slow"))
                .body("config.retries", equalTo(2))
                .body("deploymentConfig.autoRedeploy", equalTo(true))
                .body("availability", equalTo("busy"))
                .body("capabilities", contains("forecast", "alerts"));
    }

    @Test
    void replacesJsonFieldsOnUpdateAndKeepsThoseNotNamed() {
        String id = create("""
                "metadata":{"author":"Ada"},"config":{"retries":2},
                "domains":[{"slug":"research"}],"skills":[{"name":"SQL","category":"Data"}]""");
        owner.request().body("""
                {"metadata":{"author":"Grace","license":"MIT"},"skills":[{"name":"Go","category":"Programming"}],
                 "domains":[{"slug":"design","proficiency":5}]}""")
                .when().patch("/api/agents/" + id).then().statusCode(200);
        owner.request().body("{\"description\":\"Only the description\"}")
                .when().patch("/api/agents/" + id).then().statusCode(200);

        owner.request().when().get("/api/agents/" + id).then().statusCode(200)
                .body("description", equalTo("Only the description"))
                .body("metadata.author", equalTo("Grace"))
                .body("metadata.license", equalTo("MIT"))
                .body("config.retries", equalTo(2))
                .body("skills.name", contains("Go"))
                .body("domains.slug", contains("design"))
                .body("domains[0].proficiency", equalTo(5));
    }

    @Test
    void rejectsMalformedProfileFieldsNamingThem() {
        owner.request().body(agent(TestAgents.uniqueSlug("p"), """
                "slug":"No Caps!","tagline":"%s","avatarUrl":"javascript:alert(1)","availability":"asleep",
                "metadata":[1,2],"config":"x" """.formatted("t".repeat(201)))).when().post("/api/agents")
                .then().statusCode(400)
                .body("errors.field", hasItems("slug", "tagline", "avatarUrl", "availability"));
        owner.request().body(agent(TestAgents.uniqueSlug("p"), "\"metadata\":[1,2],\"config\":\"x\"")).when().post("/api/agents")
                .then().statusCode(400).body("errors.field", hasItems("metadata", "config"));
        owner.request().body(agent(TestAgents.uniqueSlug("p"), "\"slug\":\"ab\"")).when().post("/api/agents")
                .then().statusCode(400).body("errors.field", hasItem("slug"));
        owner.request().body(agent(TestAgents.uniqueSlug("p"), "\"slug\":\"templates\"")).when().post("/api/agents")
                .then().statusCode(400).body("errors.field", hasItem("slug"));
    }

    @Test
    void slugsAreUniqueAmongLiveAgents() {
        String slug = TestAgents.uniqueSlug("unique");
        String id = create("\"slug\":\"" + slug + "\"");
        Caller.user().request().body(agent(TestAgents.uniqueSlug("p"), "\"slug\":\"" + slug + "\"")).when().post("/api/agents")
                .then().statusCode(409).body("errors[0].field", equalTo("slug"));
        String other = create("");
        owner.request().body("{\"slug\":\"" + slug + "\"}").when().patch("/api/agents/" + other)
                .then().statusCode(409).body("errors[0].field", equalTo("slug"));
        owner.request().when().delete("/api/agents/" + id).then().statusCode(204);
        owner.request().body("{\"slug\":\"" + slug + "\"}").when().patch("/api/agents/" + other)
                .then().statusCode(200).body("slug", equalTo(slug));
    }

    @Test
    void validatesTheIoSchemaAndTheExamplesAgainstIt() {
        String id = create("\"ioSchema\":" + IO_SCHEMA + ",\"exampleInput\":{\"city\":\"Lyon\",\"days\":3},"
                + "\"exampleOutput\":\"{\\\"forecast\\\":[\\\"sun\\\"]}\"");
        owner.request().when().get("/api/agents/" + id).then().statusCode(200)
                .body("ioSchema.input.required", contains("city"))
                .body("exampleInput", equalTo("{\"city\":\"Lyon\",\"days\":3}"));

        owner.request().body(agent(TestAgents.uniqueSlug("p"), "\"ioSchema\":" + IO_SCHEMA + ",\"exampleInput\":{\"days\":0}"))
                .when().post("/api/agents").then().statusCode(400)
                .body("errors.field", hasItems("exampleInput.city", "exampleInput.days"));
        owner.request().body(agent(TestAgents.uniqueSlug("p"), "\"ioSchema\":" + IO_SCHEMA + ",\"exampleOutput\":{\"forecast\":[1]}"))
                .when().post("/api/agents").then().statusCode(400)
                .body("errors.field", hasItem("exampleOutput.forecast[0]"));
        owner.request().body(agent(TestAgents.uniqueSlug("p"), "\"ioSchema\":" + IO_SCHEMA + ",\"exampleInput\":\"not json\""))
                .when().post("/api/agents").then().statusCode(400).body("errors.field", hasItem("exampleInput"));
        owner.request().body(agent(TestAgents.uniqueSlug("p"), "\"ioSchema\":{\"input\":{\"type\":\"banana\"}}"))
                .when().post("/api/agents").then().statusCode(400)
                .body("errors.field", hasItem(org.hamcrest.Matchers.startsWith("ioSchema.input")));
        owner.request().body(agent(TestAgents.uniqueSlug("p"), "\"ioSchema\":{\"input\":{\"minLength\":-1},\"extra\":{}}"))
                .when().post("/api/agents").then().statusCode(400)
                .body("errors.field", hasItems("ioSchema.extra"));
        owner.request().body(agent(TestAgents.uniqueSlug("p"), "\"ioSchema\":[1]"))
                .when().post("/api/agents").then().statusCode(400).body("errors.field", hasItem("ioSchema"));

        // a PATCH of the schema alone re-checks the stored examples
        owner.request().body("{\"ioSchema\":{\"input\":{\"type\":\"object\",\"required\":[\"country\"]}}}")
                .when().patch("/api/agents/" + id).then().statusCode(400).body("errors.field", hasItem("exampleInput.country"));
    }

    @Test
    void keepsPricingAndTheMicroalgoPriceConsistent() {
        String id = create("\"pricing\":{\"amount\":5000,\"asset\":\"USDC\",\"hourlyRate\":20000000,\"subscriptionMonthly\":99000000}");
        owner.request().when().get("/api/agents/" + id).then().statusCode(200)
                .body("pricing.amount", equalTo(5000)).body("pricing.asset", equalTo("USDC"))
                .body("pricing.hourlyRate", equalTo(20000000)).body("pricing.subscriptionMonthly", equalTo(99000000))
                .body("priceMicroalgo", equalTo(1000000));
        owner.request().body("{\"pricing\":{\"amount\":750000,\"asset\":\"microALGO\"}}").when().patch("/api/agents/" + id)
                .then().statusCode(200).body("priceMicroalgo", equalTo(750000)).body("pricing.hourlyRate", nullValue());
        owner.request().body("{\"priceMicroalgo\":800000}").when().patch("/api/agents/" + id)
                .then().statusCode(200).body("pricing.amount", equalTo(800000));

        owner.request().body(agent(TestAgents.uniqueSlug("p"), "\"pricing\":{\"amount\":-1,\"asset\":\"USDC\",\"hourlyRate\":-5,\"subscriptionMonthly\":-1}"))
                .when().post("/api/agents").then().statusCode(400)
                .body("errors.field", hasItems("pricing.amount", "pricing.hourlyRate", "pricing.subscriptionMonthly"));
        owner.request().body(agent(TestAgents.uniqueSlug("p"), "\"pricing\":{\"amount\":1,\"asset\":\"microALGO\"},\"priceMicroalgo\":2"))
                .when().post("/api/agents").then().statusCode(400).body("errors.field", hasItem("priceMicroalgo"));
        owner.request().body(agent(TestAgents.uniqueSlug("p"), "\"pricing\":{\"amount\":1}"))
                .when().post("/api/agents").then().statusCode(400).body("errors.field", hasItem("pricing.asset"));
    }

    @Test
    void validatesOnChainAddressesPerChain() {
        String algorand = create("\"onChain\":{\"chain\":\"algorand\",\"address\":\"" + ALGORAND + "\",\"appId\":42}");
        owner.request().when().get("/api/agents/" + algorand).then()
                .body("onChain.chain", equalTo("algorand")).body("agentAddress", equalTo(ALGORAND)).body("appId", equalTo(42));
        String solana = create("\"onChain\":{\"chain\":\"solana\",\"address\":\"" + SOLANA + "\"}");
        owner.request().when().get("/api/agents/" + solana).then()
                .body("onChain.address", equalTo(SOLANA)).body("agentAddress", nullValue());
        String evm = create("\"onChain\":{\"chain\":\"ethereum\",\"chainId\":8453,\"address\":\"" + EVM + "\",\"erc8004AgentId\":\"17\"}");
        owner.request().when().get("/api/agents/" + evm).then()
                .body("onChain.chainId", equalTo(8453)).body("onChain.erc8004AgentId", equalTo("17"));
        String legacy = create("\"agentAddress\":\"" + ALGORAND + "\"");
        owner.request().when().get("/api/agents/" + legacy).then().body("onChain.chain", equalTo("algorand"));

        owner.request().body(agent(TestAgents.uniqueSlug("p"), "\"onChain\":{\"chain\":\"algorand\",\"address\":\"" + EVM + "\"}"))
                .when().post("/api/agents").then().statusCode(400).body("errors.field", hasItem("onChain.address"));
        owner.request().body(agent(TestAgents.uniqueSlug("p"), "\"onChain\":{\"chain\":\"solana\",\"address\":\"0OIl" + SOLANA.substring(4) + "\"}"))
                .when().post("/api/agents").then().statusCode(400).body("errors.field", hasItem("onChain.address"));
        owner.request().body(agent(TestAgents.uniqueSlug("p"), "\"onChain\":{\"chain\":\"ethereum\",\"address\":\"0x1234\"}"))
                .when().post("/api/agents").then().statusCode(400).body("errors.field", hasItems("onChain.address", "onChain.chainId"));
        owner.request().body(agent(TestAgents.uniqueSlug("p"), "\"onChain\":{\"chain\":\"solana\",\"address\":\"" + SOLANA + "\",\"appId\":1,\"chainId\":1}"))
                .when().post("/api/agents").then().statusCode(400).body("errors.field", hasItems("onChain.appId", "onChain.chainId"));
        owner.request().body(agent(TestAgents.uniqueSlug("p"), "\"onChain\":{\"chain\":\"bitcoin\",\"address\":\"x\"}"))
                .when().post("/api/agents").then().statusCode(400).body("errors.field", hasItem("onChain.chain"));
    }

    @Test
    void listsTheTenSeededDomainsPublicly() {
        given().when().get("/api/agents/domains").then().statusCode(200)
                .body("$", hasSize(10))
                .body("slug", hasItems("code-debugging", "trading-strategies", "security-audit", "customer-support"))
                .body("find { it.slug == 'devops' }.icon", equalTo("⚙️"))
                .body("find { it.slug == 'design' }.name", equalTo("Design"));
    }

    @Test
    void linksDomainsWithOnePrimaryAndSkills() {
        String id = create("""
                "domains":[{"slug":"research","proficiency":4},{"slug":"data-analysis","primary":true,"proficiency":5}],
                "skills":[{"name":"Python","category":"Programming","level":"Expert","yearsExperience":3.5},{"name":"SQL","category":"Data"}]""");
        owner.request().when().get("/api/agents/" + id).then().statusCode(200)
                .body("domains.slug", contains("research", "data-analysis"))
                .body("domains.find { it.slug == 'data-analysis' }.primary", equalTo(true))
                .body("domains.find { it.slug == 'research' }.primary", equalTo(false))
                .body("domains.find { it.slug == 'research' }.name", equalTo("Research"))
                .body("skills.name", contains("Python", "SQL"))
                .body("skills[0].level", equalTo("Expert"));
        String firstIsPrimary = create("\"domains\":[{\"slug\":\"design\"}]");
        owner.request().when().get("/api/agents/" + firstIsPrimary).then()
                .body("domains[0].primary", equalTo(true)).body("domains[0].proficiency", equalTo(3));

        owner.request().body(agent(TestAgents.uniqueSlug("p"), "\"domains\":[{\"slug\":\"astrology\"}]"))
                .when().post("/api/agents").then().statusCode(400).body("errors.field", hasItem("domains[0].slug"));
        owner.request().body(agent(TestAgents.uniqueSlug("p"), "\"domains\":[{\"slug\":\"design\",\"primary\":true},{\"slug\":\"research\",\"primary\":true}]"))
                .when().post("/api/agents").then().statusCode(400).body("errors.field", hasItem("domains"));
        owner.request().body(agent(TestAgents.uniqueSlug("p"), "\"domains\":[{\"slug\":\"design\",\"proficiency\":6}]"))
                .when().post("/api/agents").then().statusCode(400).body("errors.field", hasItem("domains[0].proficiency"));
        owner.request().body(agent(TestAgents.uniqueSlug("p"), "\"domains\":[{\"slug\":\"design\"},{\"slug\":\"design\"}]"))
                .when().post("/api/agents").then().statusCode(400).body("errors.field", hasItem("domains[1].slug"));
        owner.request().body(agent(TestAgents.uniqueSlug("p"), "\"skills\":[{\"name\":\"Go\",\"category\":\"Programming\",\"level\":\"Guru\",\"yearsExperience\":-1}]"))
                .when().post("/api/agents").then().statusCode(400)
                .body("errors.field", hasItems("skills[0].level", "skills[0].yearsExperience"));
    }

    @Test
    void filtersTheListByTypeAndDomain() {
        Caller lister = Caller.user();
        String api = lister.request().body(agent(TestAgents.uniqueSlug("p"), "\"domains\":[{\"slug\":\"devops\"}]"))
                .when().post("/api/agents").then().statusCode(201).extract().path("id");
        String context = lister.request().body(AgentTypesTest.contextAgent(TestAgents.uniqueSlug("c"))
                .replace("\"department\"", "\"domains\":[{\"slug\":\"marketing\"},{\"slug\":\"devops\"}],\"department\""))
                .when().post("/api/agents").then().statusCode(201).extract().path("id");

        lister.request().queryParam("type", "context").when().get("/api/agents").then().statusCode(200)
                .body("items.id", contains(context));
        lister.request().queryParam("type", "api").when().get("/api/agents").then().body("items.id", contains(api));
        lister.request().queryParam("domain", "devops").when().get("/api/agents").then()
                .body("items.id", containsInAnyOrder(api, context));
        lister.request().queryParam("domain", "marketing").queryParam("type", "context").when().get("/api/agents").then()
                .body("items.id", contains(context));
        lister.request().queryParam("domain", "research").when().get("/api/agents").then().body("items", hasSize(0));
        lister.request().queryParam("type", "robot").queryParam("domain", "Not A Slug").when().get("/api/agents").then()
                .statusCode(400).body("errors.field", hasItems("type", "domain"));
        Caller.user().request().queryParam("domain", "devops").when().get("/api/agents").then()
                .body("items.id", not(hasItems(api)));
    }

    @Test
    void pausedIsPartOfTheStatusStateMachine() {
        String id = create("");
        owner.request().body("{\"status\":\"paused\"}").when().put("/api/agents/" + id + "/status").then().statusCode(409);
        owner.request().body("{\"status\":\"active\"}").when().put("/api/agents/" + id + "/status").then().statusCode(200);
        owner.request().body("{\"status\":\"paused\"}").when().put("/api/agents/" + id + "/status")
                .then().statusCode(200).body("status", equalTo("paused"));
        owner.request().queryParam("status", "paused").when().get("/api/agents").then().body("items.id", contains(id));
        owner.request().body("{\"status\":\"failed\"}").when().put("/api/agents/" + id + "/status").then().statusCode(409);
        owner.request().body("{\"status\":\"active\"}").when().put("/api/agents/" + id + "/status").then().statusCode(200);
        owner.request().body("{\"status\":\"paused\"}").when().put("/api/agents/" + id + "/status").then().statusCode(200);
        owner.request().body("{\"status\":\"inactive\"}").when().put("/api/agents/" + id + "/status").then().statusCode(200);
    }
}
