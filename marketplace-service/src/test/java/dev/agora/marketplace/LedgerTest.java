package dev.agora.marketplace;

import static dev.agora.marketplace.Marketplace.TASKS;
import static dev.agora.marketplace.Marketplace.as;
import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.empty;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasSize;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.hasItem;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

import org.junit.jupiter.api.Test;

import dev.agora.common.events.Audience;
import dev.agora.testsupport.KafkaTestResource;
import dev.agora.testsupport.PostgresTestResource;
import dev.agora.testsupport.TestDatabase;
import dev.agora.testsupport.TopicReader;
import io.quarkus.test.common.TestResourceScope;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;

/**
 * Money follows the work: deposits credit the balance, a priced hire reserves its budget in escrow, completion pays
 * the agent's owner minus the platform fee (2.5 % in tests), failure and cancellation refund the hirer exactly.
 */
@QuarkusTest
@WithTestResource(value = PostgresTestResource.class, scope = TestResourceScope.GLOBAL)
@WithTestResource(value = KafkaTestResource.class, scope = TestResourceScope.GLOBAL)
class LedgerTest {
    static final String BALANCE = "/api/marketplace/balance";
    static final String TRANSACTIONS = "/api/marketplace/transactions";
    static final String NOTIFICATIONS = "/api/marketplace/notifications";

    private final UUID owner = UUID.randomUUID();
    private final UUID hirer = UUID.randomUUID();
    private final UUID stranger = UUID.randomUUID();
    private final UUID watcher = UUID.randomUUID();

    @Test
    void aConfirmedDepositCreditsTheAvailableBalanceOnce() {
        TestAgent agent = Marketplace.listedAgent(owner);
        String deposit = record(agent, "{\"type\":\"funding\",\"amount\":\"5000000\",\"asset\":\"microALGO\"");
        assertBalance(hirer, 0, 0); // pending: not yet money
        as(watcher, "payments").when().post(TRANSACTIONS + "/" + deposit + "/confirm").then().statusCode(200);
        assertBalance(hirer, 5_000_000, 0);
        as(watcher, "payments").when().post(TRANSACTIONS + "/" + deposit + "/confirm").then().statusCode(409);
        assertBalance(hirer, 5_000_000, 0);
        assertBalance(stranger, 0, 0);
        assertBalance(owner, 0, 0);
        given().when().get(BALANCE).then().statusCode(401);

        List<TopicReader.Received> events = Marketplace.awaitEvents(agent.id.toString(),
                r -> r.value().contains(deposit) && r.header("ce_type").startsWith("agora.balance"),
                List.of("agora.balance.funded.v1"));
        JsonPath funded = new JsonPath(events.get(0).value());
        assertEquals("5000000", funded.getString("amount"));
        assertEquals(hirer.toString(), funded.getString("userId"));
        assertEquals(Audience.users(hirer), Audience.fromJson(events.get(0).header(Audience.HEADER)),
                "seen by the depositor only");

        // a deposit is the depositor's own money: neither spent, nor earned by the agent it names, nor its owner's news
        await().atMost(TestDatabase.TIMEOUT).untilAsserted(() -> as(hirer).queryParam("type", "deposit_confirmed")
                .when().get(NOTIFICATIONS).then().statusCode(200).body("items", hasSize(1)));
        as(owner).when().get(NOTIFICATIONS).then().statusCode(200).body("items.type", not(hasItem("payment_received")));
        as(hirer).when().get(TRANSACTIONS + "/totals").then().statusCode(200).body("spent", empty());
        assertEquals(0, TestDatabase.queryLong("select count(*) from stats_transaction_facts where agent_id = ?",
                agent.id));
    }

    @Test
    void aRefundedDepositLeavesTheBalanceButNotOnceItIsSpent() {
        TestAgent agent = Marketplace.listedAgent(owner);
        String deposit = fund(agent, 3_000_000);
        hire(agent, 2_000_000).then().statusCode(201);
        assertBalance(hirer, 1_000_000, 2_000_000);
        as(watcher, "payments").body("{\"amount\":1500000}").when().post(TRANSACTIONS + "/" + deposit + "/refund")
                .then().statusCode(409).contentType("application/problem+json").body("errors[0].field", equalTo("amount"));
        as(watcher, "payments").body("{\"amount\":0.5}").when().post(TRANSACTIONS + "/" + deposit + "/refund")
                .then().statusCode(400).body("errors[0].field", equalTo("amount"));
        as(hirer).when().get(TRANSACTIONS + "/" + deposit).then().body("status", equalTo("confirmed"));
        as(watcher, "payments").body("{\"amount\":1000000}").when().post(TRANSACTIONS + "/" + deposit + "/refund")
                .then().statusCode(200).body("status", equalTo("refunded"));
        assertBalance(hirer, 0, 2_000_000);
        Marketplace.awaitEvents(agent.id.toString(),
                r -> r.value().contains(deposit) && r.header("ce_type").startsWith("agora.balance"),
                List.of("agora.balance.funded.v1", "agora.balance.funding-reversed.v1"));
    }

    @Test
    void aHireReservesTheBudgetAndCompletionPaysTheOwnerMinusTheFee() {
        TestAgent agent = Marketplace.listedAgent(owner);
        fund(agent, 1_500_001);
        String task = hire(agent, 1_000_001).then().statusCode(201).extract().path("id");
        assertBalance(hirer, 500_000, 1_000_001);
        assertEquals(1_000_001, TestDatabase.queryLong("select balance from ledger_accounts where account = ?",
                "escrow:" + task));

        as(owner).when().post(TASKS + "/" + task + "/start").then().statusCode(200);
        long feesBefore = platformFees();
        as(owner).when().post(TASKS + "/" + task + "/complete").then().statusCode(200);
        // 2.5 % of 1 000 001 is 25 000.025: the platform takes 25 000, the owner the rest
        assertBalance(owner, 975_001, 0);
        assertBalance(hirer, 500_000, 0);
        assertEquals(25_000, platformFees() - feesBefore);
        assertEquals(0, TestDatabase.queryLong("select balance from ledger_accounts where account = ?", "escrow:" + task));
        // a retried completion moves nothing
        as(owner).when().post(TASKS + "/" + task + "/complete").then().statusCode(409);
        assertBalance(owner, 975_001, 0);

        as(hirer).when().get(TRANSACTIONS).then().statusCode(200)
                .body("items.findAll { it.taskId == '" + task + "' }.type", hasItem("escrow"))
                .body("items.findAll { it.taskId == '" + task + "' }.size()", equalTo(3));
        List<TopicReader.Received> events = Marketplace.awaitEvents(agent.id.toString(),
                r -> r.value().contains(task) && r.header("ce_type").startsWith("agora.escrow"),
                List.of("agora.escrow.reserved.v1", "agora.escrow.released.v1"));
        JsonPath released = new JsonPath(events.get(1).value());
        assertEquals("1000001", released.getString("amount"));
        assertEquals("975001", released.getString("paidToOwner"));
        assertEquals("25000", released.getString("fee"));
        assertEquals(2, released.getList("transactionIds").size());
        assertLedgerBalanced();
    }

    @Test
    void failingOrCancellingRefundsTheHirerExactly() {
        TestAgent agent = Marketplace.listedAgent(owner);
        fund(agent, 3_333_333);
        String failed = hire(agent, 1_111_111).then().statusCode(201).extract().path("id");
        String cancelled = hire(agent, 2_222_221).then().statusCode(201).extract().path("id");
        assertBalance(hirer, 1, 3_333_332);

        as(owner).when().post(TASKS + "/" + failed + "/start").then().statusCode(200);
        as(owner).body("{\"reason\":\"out of gas\"}").when().post(TASKS + "/" + failed + "/fail").then().statusCode(200);
        assertBalance(hirer, 1_111_112, 2_222_221);
        as(hirer).when().post(TASKS + "/" + cancelled + "/cancel").then().statusCode(200);
        assertBalance(hirer, 3_333_333, 0);
        assertBalance(owner, 0, 0);
        as(hirer).when().post(TASKS + "/" + cancelled + "/cancel").then().statusCode(409);
        assertBalance(hirer, 3_333_333, 0);

        Marketplace.awaitEvents(agent.id.toString(),
                r -> r.value().contains(failed) && r.header("ce_type").startsWith("agora.escrow"),
                List.of("agora.escrow.reserved.v1", "agora.escrow.refunded.v1"));
        List<TopicReader.Received> events = Marketplace.awaitEvents(agent.id.toString(),
                r -> r.value().contains(cancelled) && r.header("ce_type").startsWith("agora.escrow"),
                List.of("agora.escrow.reserved.v1", "agora.escrow.refunded.v1"));
        assertEquals("2222221", new JsonPath(events.get(1).value()).getString("refunded"));
        assertEquals("cancelled", new JsonPath(events.get(1).value()).getString("taskStatus"));
        assertLedgerBalanced();
    }

    @Test
    void anInsufficientBalanceIsRefusedNamingTheBudgetAndWritesNothing() {
        TestAgent agent = Marketplace.listedAgent(owner);
        fund(agent, 999_999);
        hire(agent, 1_000_000).then().statusCode(409).contentType("application/problem+json")
                .body("type", equalTo("https://agora.dev/problems/insufficient-balance"))
                .body("errors[0].field", equalTo("budget"));
        assertBalance(hirer, 999_999, 0);
        assertEquals(0, TestDatabase.queryLong("select count(*) from tasks where agent_id = ?", agent.id));
        assertEquals(0, TestDatabase.queryLong("select count(*) from transactions where agent_id = ? and chain = 'agora'",
                agent.id));
        given().when().get("/api/marketplace/agents/" + agent.id).then().body("hireCount", equalTo(0));
        // a hire without a budget needs no money
        as(stranger).body(taskJson(agent, "0", "hourly")).when().post(TASKS).then().statusCode(201);
    }

    @Test
    void aHundredParallelHiresNeverOverdrawTheBalance() throws Exception {
        TestAgent agent = Marketplace.listedAgent(owner);
        fund(agent, 10_500_000);
        ExecutorService pool = Executors.newFixedThreadPool(25);
        try {
            List<CompletableFuture<Integer>> hires = new ArrayList<>();
            for (int i = 0; i < 100; i++) {
                hires.add(CompletableFuture.supplyAsync(() -> hire(agent, 1_000_000).statusCode(), pool));
            }
            List<Integer> statuses = new ArrayList<>();
            for (CompletableFuture<Integer> hire : hires) {
                statuses.add(hire.get());
            }
            assertEquals(10, statuses.stream().filter(s -> s == 201).count(), "hires: " + statuses);
            assertEquals(90, statuses.stream().filter(s -> s == 409).count(), "refusals: " + statuses);
        } finally {
            pool.shutdownNow();
        }
        assertBalance(hirer, 500_000, 10_000_000);
        assertEquals(10, TestDatabase.queryLong("select count(*) from tasks where agent_id = ?", agent.id));
        assertEquals(10, TestDatabase.queryLong("select count(*) from ledger_entries e join tasks t on t.id = e.task_id"
                + " where t.agent_id = ? and e.kind = 'escrow'", agent.id));
        assertLedgerBalanced();
    }

    @Test
    void badInputIsRefusedNamingTheField() {
        TestAgent agent = Marketplace.listedAgent(owner);
        fund(agent, 5_000_000);
        expectBadRequest(hire(agent, "12.5", "fixed"), "budget");
        expectBadRequest(hire(agent, "1000", "hourly"), "paymentType");
        expectBadRequest(hire(agent, "1000", "subscription"), "paymentType");
        expectBadRequest(as(hirer).body(transaction(agent, "{\"type\":\"funding\",\"amount\":\"1.5\",\"asset\":\"microALGO\""))
                .when().post(TRANSACTIONS).then(), "amount");
        expectBadRequest(as(hirer).body(transaction(agent, "{\"type\":\"funding\",\"amount\":\"1\",\"asset\":\"ALGO\""))
                .when().post(TRANSACTIONS).then(), "asset");
        assertBalance(hirer, 5_000_000, 0);
        assertEquals(0, TestDatabase.queryLong("select count(*) from tasks where agent_id = ?", agent.id));
    }

    @Test
    void someoneElsesMoneyIsNotVisibleAndLedgerMovementsAreFinal() {
        TestAgent agent = Marketplace.listedAgent(owner);
        fund(agent, 2_000_000);
        String task = hire(agent, 2_000_000).then().statusCode(201).extract().path("id");
        String escrow = TestDatabase.query("select id from transactions where task_id = ? and transaction_type = 'escrow'",
                UUID.fromString(task), rows -> rows.next() ? rows.getString(1) : null);
        as(hirer).when().get(TRANSACTIONS + "/" + escrow).then().statusCode(200).body("type", equalTo("escrow"))
                .body("chain", equalTo("agora")).body("status", equalTo("confirmed"));
        as(stranger).when().get(TRANSACTIONS + "/" + escrow).then().statusCode(404);
        assertBalance(stranger, 0, 0);
        as(watcher, "payments").body("{\"amount\":1}").when().post(TRANSACTIONS + "/" + escrow + "/refund").then()
                .statusCode(409);
        // the rows are append-only, and a movement happens once per task and kind, even written by hand
        assertThrows(RuntimeException.class, () -> TestDatabase.execute(
                "update ledger_entries set amount = 1 where task_id = ?", UUID.fromString(task)));
        assertThrows(RuntimeException.class, () -> TestDatabase.execute(
                "delete from ledger_entries where task_id = ?", UUID.fromString(task)));
        assertThrows(RuntimeException.class, () -> TestDatabase.execute("insert into ledger_entries (id, kind,"
                + " source_id, debit_account, credit_account, amount, task_id, created_at) values (?, 'escrow', ?,"
                + " ?, ?, 1, ?, now())", UUID.randomUUID(), UUID.fromString(task), "user:" + hirer, "escrow:" + task,
                UUID.fromString(task)));
        // and no balance goes below zero
        assertThrows(RuntimeException.class, () -> TestDatabase.execute(
                "update ledger_accounts set balance = -1 where account = ?", "user:" + hirer));
        assertBalance(hirer, 0, 2_000_000);
    }

    // --- steps

    /** A deposit of {@code amount} microALGO by the hirer, confirmed by the chain watcher; returns its id. */
    private String fund(TestAgent agent, long amount) {
        String id = record(agent, "{\"type\":\"funding\",\"amount\":\"" + amount + "\",\"asset\":\"microALGO\"");
        as(watcher, "payments").when().post(TRANSACTIONS + "/" + id + "/confirm").then().statusCode(200);
        return id;
    }

    private String record(TestAgent agent, String start) {
        return as(hirer).body(transaction(agent, start)).when().post(TRANSACTIONS).then().statusCode(201)
                .extract().path("id");
    }

    private static String transaction(TestAgent agent, String start) {
        return start + ",\"agentId\":\"" + agent.id + "\",\"chain\":\"algorand\",\"signature\":\"sig"
                + UUID.randomUUID().toString().replace("-", "") + "\"}";
    }

    private io.restassured.response.Response hire(TestAgent agent, long budget) {
        return hire(agent, Long.toString(budget), "fixed");
    }

    private io.restassured.response.Response hire(TestAgent agent, String budget, String paymentType) {
        return as(hirer).body(taskJson(agent, budget, paymentType)).when().post(TASKS);
    }

    private static String taskJson(TestAgent agent, String budget, String paymentType) {
        return "{\"agentId\":\"" + agent.id + "\",\"title\":\"Audit\",\"description\":\"Find the bugs\",\"budget\":"
                + budget + ",\"paymentType\":\"" + paymentType + "\"}";
    }

    private static void expectBadRequest(io.restassured.response.Response response, String field) {
        expectBadRequest(response.then(), field);
    }

    private static void expectBadRequest(io.restassured.response.ValidatableResponse response, String field) {
        response.statusCode(400).contentType("application/problem+json").body("errors.field", hasItem(field));
    }

    private static void assertBalance(UUID user, long available, long inEscrow) {
        as(user).when().get(BALANCE).then().statusCode(200).body("asset", equalTo("microALGO"))
                .body("available", equalTo(Long.toString(available))).body("inEscrow", equalTo(Long.toString(inEscrow)));
    }

    private static long platformFees() {
        return TestDatabase.queryLong("select coalesce(sum(balance), 0) from ledger_accounts where account = 'platform:fees'");
    }

    /** Every account's balance is what its rows credited minus what they debited, and all of it sums to zero. */
    private static void assertLedgerBalanced() {
        assertEquals(0, TestDatabase.queryLong("select count(*) from ledger_accounts a where a.balance <>"
                + " coalesce((select sum(amount) from ledger_entries where credit_account = a.account), 0)"
                + " - coalesce((select sum(amount) from ledger_entries where debit_account = a.account), 0)"));
        assertEquals(0, TestDatabase.queryLong("select coalesce(sum(balance), 0) from ledger_accounts"));
    }
}
