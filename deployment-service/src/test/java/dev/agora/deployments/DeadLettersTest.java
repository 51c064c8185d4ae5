package dev.agora.deployments;

import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.hasSize;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static dev.agora.testsupport.TestDatabase.TIMEOUT;

import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.junit.jupiter.api.Test;

import dev.agora.testsupport.KafkaTestResource;
import dev.agora.testsupport.PostgresTestResource;
import dev.agora.testsupport.TestDatabase;
import dev.agora.testsupport.TestEvents;
import dev.agora.testsupport.TestTokens;
import dev.agora.testsupport.TopicReader;
import io.quarkus.test.common.TestResourceScope;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;
import io.restassured.specification.RequestSpecification;

@QuarkusTest
@WithTestResource(value = PostgresTestResource.class, scope = TestResourceScope.GLOBAL)
@WithTestResource(value = KafkaTestResource.class, scope = TestResourceScope.GLOBAL)
class DeadLettersTest {
    private static final String PATH = "/api/deployments/admin/dead-letters";
    private static final String DLQ = "agents.v1.dlq";

    @Test
    void listsAPoisonEventWithWhoGaveItUpAndWhy() {
        String eventId = deadLetter();

        Map<String, Object> record = recordOf(eventId);

        assertEquals("agents.v1", record.get("sourceTopic"));
        assertEquals("deployment-service", record.get("deadLetteredBy"));
        assertTrue(String.valueOf(record.get("reason")).contains("not JSON"), "reason: " + record.get("reason"));
        assertEquals("agora.agent.registered.v1", record.get("eventType"));
        assertEquals(null, record.get("replayedAt"));
    }

    @Test
    void replaysAChosenRecordToItsSourceTopicWithoutTheDeadLetterHeadersAndMarksIt() {
        String eventId = deadLetter();
        Map<String, Object> record = recordOf(eventId);

        try (TopicReader source = TopicReader.of("agents.v1")) {
            admin().contentType(ContentType.JSON)
                    .body(Map.of("topic", DLQ, "records", List.of(Map.of("partition", record.get("partition"),
                            "offset", record.get("offset")))))
                    .when().post(PATH + "/replay").then().statusCode(200)
                    .body("replayed", hasSize(1)).body("replayed[0].eventId", equalTo(eventId))
                    .body("skipped", equalTo(0));

            TopicReader.Received replayed = source.await(r -> eventId.equals(r.header("ce_id"))
                    && r.header("agora-replayed-from") != null, TIMEOUT);
            assertEquals(DLQ + "/" + record.get("partition") + "/" + record.get("offset"), replayed.header("agora-replayed-from"));
            assertEquals(null, replayed.header("dead-letter-reason"));
            assertEquals("not json", replayed.value());
        }
        // the replayed poison is dead-lettered again, a new record; the one replayed is marked
        await().atMost(TIMEOUT).until(() -> recordsOf(eventId).size() == 2);
        Map<String, Object> original = recordsOf(eventId).stream()
                .filter(r -> r.get("offset").equals(record.get("offset")) && r.get("partition").equals(record.get("partition")))
                .findFirst().orElseThrow();
        assertTrue(original.get("replayedAt") != null, "marked as replayed: " + original);
    }

    @Test
    void replaysEveryRecordThisServiceGaveUpOnceAndThenSkipsThem() {
        String eventId = deadLetter();

        JsonPath first = admin().contentType(ContentType.JSON).body(Map.of("topic", DLQ, "all", true))
                .when().post(PATH + "/replay").then().statusCode(200).extract().jsonPath();
        assertTrue(first.getList("replayed.eventId").contains(eventId));

        // the replayed poison is dead-lettered again, a new record: replayed now, while the first one is skipped
        await().atMost(TIMEOUT).until(() -> recordsOf(eventId).size() == 2);
        admin().contentType(ContentType.JSON).body(Map.of("topic", DLQ, "all", true))
                .when().post(PATH + "/replay").then().statusCode(200)
                .body("replayed.eventId", hasItem(eventId))
                .body("skipped", org.hamcrest.Matchers.greaterThanOrEqualTo(1));
    }

    @Test
    void refusesCallersWithoutATokenAndAnyoneButAPlatformAdminBeforeReadingTheRequest() {
        given().when().get(PATH).then().statusCode(401);
        given().contentType(ContentType.JSON).body("{}").when().post(PATH + "/replay").then().statusCode(401);
        String user = TestTokens.forUser(UUID.randomUUID());
        given().auth().oauth2(user).when().get(PATH + "?limit=oops").then().statusCode(403);
        given().auth().oauth2(user).contentType(ContentType.JSON).body("not json").when().post(PATH + "/replay")
                .then().statusCode(403);
    }

    @Test
    void namesTheFieldOfABadRequest() {
        problem(admin().when().get(PATH + "?limit=0"), "limit");
        problem(admin().when().get(PATH + "?topic=agents.v1"), "topic");
        problem(replay("not json"), "body");
        problem(replay("{\"records\":[]}"), "topic");
        problem(replay("{\"topic\":\"usage.v1.dlq\",\"all\":true}"), "topic");
        problem(replay("{\"topic\":\"" + DLQ + "\"}"), "records");
        problem(replay("{\"topic\":\"" + DLQ + "\",\"all\":true,\"records\":[{\"partition\":0,\"offset\":0}]}"), "records");
        problem(replay("{\"topic\":\"" + DLQ + "\",\"records\":\"everything\"}"), "records");
        problem(replay("{\"topic\":\"" + DLQ + "\",\"records\":[{\"partition\":-1,\"offset\":0}]}"), "records[0].partition");
        problem(replay("{\"topic\":\"" + DLQ + "\",\"records\":[{\"partition\":0}]}"), "records[0].offset");
        problem(replay("{\"topic\":\"" + DLQ + "\",\"records\":[{\"partition\":0,\"offset\":999999999}]}"), "records[0]");
        problem(replay("{\"topic\":\"" + DLQ + "\",\"everything\":true}"), "everything");
    }

    private static void problem(io.restassured.response.Response response, String field) {
        response.then().statusCode(400).contentType("application/problem+json")
                .body("errors.field", hasItem(field));
    }

    private static io.restassured.response.Response replay(String body) {
        return admin().contentType(ContentType.JSON).body(body).when().post(PATH + "/replay");
    }

    /** Sends an event the projection cannot read, and waits until it is dead-lettered. */
    private static String deadLetter() {
        String eventId = UUID.randomUUID().toString();
        TestEvents.sendAs("agents.v1", UUID.randomUUID().toString(), eventId, "agora.agent.registered.v1", "not json");
        await().atMost(TIMEOUT).until(() -> !recordsOf(eventId).isEmpty());
        return eventId;
    }

    private static Map<String, Object> recordOf(String eventId) {
        List<Map<String, Object>> records = recordsOf(eventId);
        assertEquals(1, records.size(), "records of " + eventId + ": " + records);
        return records.get(0);
    }

    private static List<Map<String, Object>> recordsOf(String eventId) {
        List<Map<String, Object>> records = admin().when().get(PATH + "?topic=" + DLQ + "&limit=1000").then()
                .statusCode(200).body("[0].topic", equalTo(DLQ)).extract().jsonPath().getList("[0].records");
        return records.stream().filter(record -> eventId.equals(record.get("eventId"))).toList();
    }

    private static RequestSpecification admin() {
        return given().auth().oauth2(TestTokens.forUser(UUID.randomUUID(), List.of("admin"), Map.of()));
    }
}
