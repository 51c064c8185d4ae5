package dev.agora.triggers.delivery;

import static dev.agora.triggers.TestChain.as;
import static dev.agora.triggers.delivery.Deliveries.awaitResults;
import static dev.agora.triggers.delivery.Deliveries.fire;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;

import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import dev.agora.testsupport.KafkaTestResource;
import dev.agora.testsupport.PostgresTestResource;
import dev.agora.testsupport.TestDatabase;
import dev.agora.triggers.TestReceiver;
import dev.agora.triggers.TestReceiver.Answer;
import io.quarkus.test.common.TestResourceScope;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;

/** Secrets of actions are sealed at rest, masked in every answer, kept when sent back masked, and never logged. */
@QuarkusTest
@WithTestResource(value = PostgresTestResource.class, scope = TestResourceScope.GLOBAL)
@WithTestResource(value = KafkaTestResource.class, scope = TestResourceScope.GLOBAL)
class SecretsTest {
    private static final List<String> SECRETS = List.of("hdr-Secret-1111", "rest-Token-2222", "bot-Token-3333",
            "mcp-Token-4444");
    private static final List<String> LOGGED = new ArrayList<>();
    private static final Handler CAPTURE = new Handler() {
        @Override
        public void publish(LogRecord record) {
            synchronized (LOGGED) {
                LOGGED.add(record.getMessage() + " " + java.util.Arrays.toString(record.getParameters())
                        + (record.getThrown() == null ? "" : " " + record.getThrown()));
            }
        }

        @Override
        public void flush() {
        }

        @Override
        public void close() {
        }
    };
    private static TestReceiver receiver;

    private final UUID owner = UUID.randomUUID();

    @BeforeAll
    static void start() {
        receiver = TestReceiver.start();
        CAPTURE.setLevel(Level.ALL);
        Logger.getLogger("").addHandler(CAPTURE);
    }

    @AfterAll
    static void stop() {
        Logger.getLogger("").removeHandler(CAPTURE);
        receiver.close();
    }

    private String actions(String apiKey) {
        return ("[{'type':'rest','config':{'url':'" + receiver.url("/secret") + "','headers':{'X-Api-Key':'" + apiKey
                + "','X-Plain':'visible'},'authToken':'rest-Token-2222'}},"
                + "{'type':'telegram','config':{'chatId':1,'message':'m','botToken':'bot-Token-3333'}},"
                + "{'type':'mcp','config':{'serverUrl':'" + receiver.url("/mcp-secret")
                + "','toolName':'t','authToken':'mcp-Token-4444'}}]");
    }

    private String body(String chain, String apiKey) {
        return ("{'name':'Secretive','source':{'type':'chain','chainId':" + chain + ",'registry':'reputation'},"
                + "'actions':" + actions(apiKey) + "}").replace('\'', '"');
    }

    @Test
    void secretsAreSealedMaskedKeptWhenMaskedAndNeverLoggedOrReturned() {
        receiver.script("/secret", Answer.of(500), Answer.of(200));
        long chain = dev.agora.triggers.TestChain.newChainId();
        List<String> answers = new ArrayList<>();
        String created = as(owner).body(body(Long.toString(chain), "hdr-Secret-1111")).when().post("/api/triggers").then()
                .statusCode(201).body("actions[0].config.headers.X-Api-Key", equalTo("********"))
                .body("actions[0].config.headers.X-Plain", equalTo("visible"))
                .body("actions[0].config.authToken", equalTo("********"))
                .body("actions[1].config.botToken", equalTo("********"))
                .body("actions[2].config.authToken", equalTo("********")).extract().asString();
        answers.add(created);
        String id = io.restassured.path.json.JsonPath.from(created).getString("id");
        String signingSecret = io.restassured.path.json.JsonPath.from(created).getString("signingSecret");

        String stored = TestDatabase.query("select string_agg(config, ' ') || coalesce(max(t.signing_secret), '')"
                + " from trigger_actions a join triggers t on t.id = a.trigger_id where a.trigger_id = cast(? as uuid)", id,
                rows -> rows.next() ? rows.getString(1) : "");
        assertTrue(stored.contains("enc:v2:"));
        for (String secret : SECRETS) {
            assertFalse(stored.contains(secret), "stored in plain text: " + secret);
        }
        assertFalse(stored.contains(signingSecret.substring(6)));

        // sending the masks back keeps the stored secrets
        answers.add(as(owner).body(body(Long.toString(chain), "********")
                .replace("rest-Token-2222", "********").replace("bot-Token-3333", "********")
                .replace("mcp-Token-4444", "********")).when().put("/api/triggers/" + id).then().statusCode(200)
                .extract().asString());
        answers.add(as(owner).when().get("/api/triggers/" + id).then().statusCode(200).extract().asString());
        answers.add(as(owner).when().get("/api/triggers").then().statusCode(200).extract().asString());

        Deliveries.Created trigger = new Deliveries.Created(id, null, chain);
        fire(trigger, 5);
        TestReceiver.Received delivered = receiver.await("/secret", 2).get(1);
        awaitResults(owner, id, "retrying", 1);
        assertEquals("hdr-Secret-1111", delivered.header("X-Api-Key"));
        assertEquals("Bearer rest-Token-2222", delivered.header("Authorization"));
        answers.add(as(owner).queryParam("limit", 200).when().get("/api/triggers/" + id + "/results").then()
                .statusCode(200).extract().asString());
        answers.add(as(owner).when().get("/api/triggers/" + id + "/dead-letters").then().statusCode(200).extract()
                .asString());
        answers.add(as(owner).when().get("/api/triggers/" + id + "/firings").then().statusCode(200).extract().asString());

        for (String answer : answers) {
            for (String secret : SECRETS) {
                assertFalse(answer.contains(secret), "answer shows " + secret + ": " + answer);
            }
        }
        // the telegram action (no Bot API listening) and the MCP action (no MCP server) end as logged dead letters
        Awaitility.await().atMost(Duration.ofSeconds(60)).until(() -> {
            synchronized (LOGGED) {
                return LOGGED.stream().filter(line -> line.contains("is a dead letter") && line.contains(id)).count() >= 2;
            }
        });
        synchronized (LOGGED) {
            for (String line : LOGGED) {
                for (String secret : SECRETS) {
                    assertFalse(line.contains(secret), "logged " + secret + ": " + line);
                }
                assertFalse(line.contains(signingSecret.substring(6)), "logged the signing secret: " + line);
            }
        }
    }

    @Test
    void theMaskWhereNoSecretIsStoredIsABadRequestNamingTheField() {
        long chain = dev.agora.triggers.TestChain.newChainId();
        as(owner).body(body(Long.toString(chain), "********")).when().post("/api/triggers").then().statusCode(400)
                .body("errors.field", hasItem("actions[0].config.headers.X-Api-Key"));
    }
}
