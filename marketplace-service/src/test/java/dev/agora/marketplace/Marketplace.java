package dev.agora.marketplace;

import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.UUID;

import dev.agora.testsupport.EventContracts;
import dev.agora.testsupport.TestDatabase;
import dev.agora.testsupport.TestTokens;
import dev.agora.testsupport.TopicReader;
import io.restassured.http.ContentType;
import io.restassured.specification.RequestSpecification;

/** Shared steps of the marketplace's REST tests. */
final class Marketplace {
    static final String TASKS = "/api/marketplace/tasks";
    static final String TOPIC = "marketplace.v1";
    /** The budget of {@link #taskJson}: 12.5 ALGO, in microALGO. */
    static final long BUDGET = 12_500_000L;
    private static final EventContracts CONTRACTS = new EventContracts(Path.of("../contracts"));

    private Marketplace() {
    }

    /** A published, active agent of {@code owner}, once the catalog has it. */
    static TestAgent listedAgent(UUID owner) {
        TestAgent agent = TestAgent.published(owner);
        agent.status = "active";
        TestDatabase.awaitProcessed(agent.register());
        return agent;
    }

    /** A hire of {@code agent} with the budget of {@link #taskJson}, which the hirer is given first. */
    static String createTask(UUID hirer, TestAgent agent) {
        deposit(hirer, BUDGET);
        return as(hirer).body(taskJson(agent.id)).when().post(TASKS).then().statusCode(201).extract().path("id");
    }

    /** A task that the owner has started and completed. */
    static String completedTask(UUID hirer, TestAgent agent) {
        String task = createTask(hirer, agent);
        as(agent.owner).body("{}").when().post(TASKS + "/" + task + "/start").then().statusCode(200);
        as(agent.owner).body("{}").when().post(TASKS + "/" + task + "/complete").then().statusCode(200);
        return task;
    }

    static String taskJson(UUID agentId) {
        return "{\"agentId\":\"" + agentId + "\",\"title\":\"Audit my contract\",\"description\":\"Find the bugs\","
                + "\"taskType\":\"audit\",\"priority\":\"high\",\"budget\":" + BUDGET + ",\"paymentType\":\"fixed\","
                + "\"dueDate\":\"2099-01-01T00:00:00Z\"}";
    }

    /**
     * Credits {@code amount} microALGO to the user's available balance as a confirmed deposit does, without a
     * transaction naming an agent (so no agent's stats nor owner's notifications move). The ledger's own tests
     * fund through the transactions API instead.
     */
    static void deposit(UUID user, long amount) {
        String account = "user:" + user;
        TestDatabase.execute("insert into ledger_accounts (account, kind, balance, updated_at) values"
                + " ('external:deposits', 'external', 0, now()), (?, 'user', 0, now()) on conflict do nothing", account);
        TestDatabase.execute("insert into ledger_entries (id, kind, source_id, debit_account, credit_account, amount,"
                + " created_at) values (?, 'funding', ?, 'external:deposits', ?, ?, now())", UUID.randomUUID(),
                UUID.randomUUID(), account, amount);
        TestDatabase.execute("update ledger_accounts set balance = balance - ? where account = 'external:deposits'",
                amount);
        TestDatabase.execute("update ledger_accounts set balance = balance + ? where account = ?", amount, account);
    }

    static RequestSpecification as(UUID user) {
        return given().auth().oauth2(TestTokens.forUser(user)).contentType(ContentType.JSON);
    }

    static RequestSpecification as(UUID user, String group) {
        return given().auth().oauth2(TestTokens.forUser(user, List.of(group), java.util.Map.of())).contentType(ContentType.JSON);
    }

    /**
     * Reads {@code marketplace.v1} until the events with {@code key} of the given types arrived in this order,
     * and checks each against its JSON Schema. Returns them.
     */
    static List<TopicReader.Received> awaitEvents(String key, java.util.function.Predicate<TopicReader.Received> match,
            List<String> types) {
        try (TopicReader reader = TopicReader.of(TOPIC)) {
            List<TopicReader.Received> events = reader.awaitCount(r -> key.equals(r.key()) && match.test(r), types.size(),
                    Duration.ofSeconds(60));
            assertEquals(types, events.stream().map(e -> e.header("ce_type")).toList(), "published in order");
            for (TopicReader.Received event : events) {
                assertEquals(List.of(), CONTRACTS.violations(TOPIC, event.header("ce_type"), event.value()),
                        event.header("ce_type") + " " + event.value());
                assertEquals("/marketplace-service", event.header("ce_source"));
            }
            return events;
        }
    }
}
