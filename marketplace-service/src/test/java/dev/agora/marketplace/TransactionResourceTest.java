package dev.agora.marketplace;

import static dev.agora.marketplace.Marketplace.as;
import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.notNullValue;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import java.util.UUID;

import org.junit.jupiter.api.Test;

import dev.agora.testsupport.KafkaTestResource;
import dev.agora.testsupport.PostgresTestResource;
import dev.agora.testsupport.TestDatabase;
import dev.agora.testsupport.TopicReader;
import io.quarkus.test.common.TestResourceScope;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;

@QuarkusTest
@WithTestResource(value = PostgresTestResource.class, scope = TestResourceScope.GLOBAL)
@WithTestResource(value = KafkaTestResource.class, scope = TestResourceScope.GLOBAL)
class TransactionResourceTest {
    static final String TRANSACTIONS = "/api/marketplace/transactions";

    private final UUID owner = UUID.randomUUID();
    private final UUID hirer = UUID.randomUUID();
    private final UUID stranger = UUID.randomUUID();
    private final UUID watcher = UUID.randomUUID();

    @Test
    void aPaymentIsConfirmedThenPartlyRefundedAndTotalsFollow() {
        TestAgent agent = Marketplace.listedAgent(owner);
        String task = Marketplace.createTask(hirer, agent);
        String signature = signature();
        String id = as(hirer).body(payment(agent, task, "12.500000001", signature)).when().post(TRANSACTIONS).then()
                .statusCode(201).body("status", equalTo("pending")).body("amount", equalTo(12.500000001f))
                .extract().path("id");
        // the same signature again: the recorded transaction, not a second one
        as(hirer).body(payment(agent, task, "99", signature)).when().post(TRANSACTIONS).then().statusCode(200)
                .body("id", equalTo(id));
        as(stranger).body(payment(agent, task, "99", signature)).when().post(TRANSACTIONS).then().statusCode(409);
        assertEquals(1, TestDatabase.queryLong("select count(*) from transactions where signature = ?", signature));

        as(hirer).when().post(TRANSACTIONS + "/" + id + "/confirm").then().statusCode(403);
        as(watcher, "payments").when().post(TRANSACTIONS + "/" + id + "/confirm").then().statusCode(200)
                .body("status", equalTo("confirmed")).body("confirmedAt", notNullValue());
        as(watcher, "payments").when().post(TRANSACTIONS + "/" + id + "/confirm").then().statusCode(409);
        as(watcher, "payments").body("{\"amount\":12.500000002}").when().post(TRANSACTIONS + "/" + id + "/refund").then()
                .statusCode(400).body("errors[0].field", equalTo("amount"));
        as(watcher, "admin").body("{\"amount\":2.5}").when().post(TRANSACTIONS + "/" + id + "/refund").then()
                .statusCode(200).body("status", equalTo("refunded")).body("refundedAmount", equalTo(2.5f));
        as(watcher, "payments").body("{\"amount\":1}").when().post(TRANSACTIONS + "/" + id + "/refund").then().statusCode(409);

        as(hirer).when().get(TRANSACTIONS + "/totals").then().statusCode(200)
                .body("spent.asset", contains("microALGO")).body("spent[0].amount", equalTo(10.000000001f));
        as(owner).when().get(TRANSACTIONS + "/totals").then().statusCode(200)
                .body("earned[0].amount", equalTo(10.000000001f));
        // besides the task's escrow, a movement of the platform's ledger
        as(hirer).when().get(TRANSACTIONS).then().statusCode(200).body("items.id", hasItem(id))
                .body("items.type", org.hamcrest.Matchers.containsInAnyOrder("payment", "escrow"));

        List<TopicReader.Received> events = Marketplace.awaitEvents(agent.id.toString(),
                r -> r.header("ce_type").startsWith("agora.transaction"),
                List.of("agora.transaction.confirmed.v1", "agora.transaction.refunded.v1"));
        assertEquals(owner.toString(), new JsonPath(events.get(0).value()).getString("ownerId"));
    }

    @Test
    void aPendingTransactionCanFailAndNothingElse() {
        TestAgent agent = Marketplace.listedAgent(owner);
        String id = as(hirer).body(funding(agent, "5", signature())).when().post(TRANSACTIONS).then().statusCode(201)
                .extract().path("id");
        as(watcher, "payments").body("{\"amount\":1}").when().post(TRANSACTIONS + "/" + id + "/refund").then().statusCode(409);
        as(watcher, "payments").body("{\"reason\":\"dropped\"}").when().post(TRANSACTIONS + "/" + id + "/fail").then()
                .statusCode(200).body("status", equalTo("failed")).body("failureReason", equalTo("dropped"));
        as(watcher, "payments").when().post(TRANSACTIONS + "/" + id + "/confirm").then().statusCode(409);
        as(watcher, "payments").when().post(TRANSACTIONS + "/" + UUID.randomUUID() + "/confirm").then().statusCode(404);
        as(hirer).when().get(TRANSACTIONS + "/totals").then().body("spent", org.hamcrest.Matchers.empty());
        Marketplace.awaitEvents(agent.id.toString(), r -> r.header("ce_type").startsWith("agora.transaction"),
                List.of("agora.transaction.failed.v1"));
    }

    @Test
    void rejectsBadTransactionsNamingTheField() {
        TestAgent agent = Marketplace.listedAgent(owner);
        String task = Marketplace.createTask(hirer, agent);
        String valid = payment(agent, task, "1", signature());
        expectBadRequest(valid.replace("\"payment\"", "\"refund\""), "type");
        expectBadRequest(valid.replace("\"1\"", "\"0\""), "amount");
        expectBadRequest(valid.replace("\"1\"", "\"0.0000000001\""), "amount");
        expectBadRequest(valid.replace("\"solana\"", "\"bitcoin\""), "chain");
        expectBadRequest(valid.replace("\"microALGO\"", "\"micro ALGO\""), "asset");
        expectBadRequest(valid.replace("\"taskId\":\"" + task + "\",", ""), "taskId");
        expectBadRequest(payment(agent, task, "1", "short"), "signature");
        as(hirer).body(funding(TestAgent.of(owner), "1", signature())).when().post(TRANSACTIONS).then().statusCode(404);
        given().contentType("application/json").body(valid).when().post(TRANSACTIONS).then().statusCode(401);
        assertEquals(0, TestDatabase.queryLong("select count(*) from transactions where agent_id = ? and chain <> 'agora'",
                agent.id));
    }

    private void expectBadRequest(String body, String field) {
        as(hirer).body(body).when().post(TRANSACTIONS).then().statusCode(400).contentType("application/problem+json")
                .body("errors.field", hasItem(field));
    }

    static String payment(TestAgent agent, String task, String amount, String signature) {
        return "{\"type\":\"payment\",\"agentId\":\"" + agent.id + "\",\"taskId\":\"" + task + "\",\"amount\":\"" + amount
                + "\",\"asset\":\"microALGO\",\"chain\":\"solana\",\"signature\":\"" + signature + "\"}";
    }

    private static String funding(TestAgent agent, String amount, String signature) {
        return "{\"type\":\"funding\",\"agentId\":\"" + agent.id + "\",\"amount\":\"" + amount
                + "\",\"asset\":\"microALGO\",\"chain\":\"algorand\",\"signature\":\"" + signature + "\"}";
    }

    static String signature() {
        return "sig" + UUID.randomUUID().toString().replace("-", "");
    }
}
