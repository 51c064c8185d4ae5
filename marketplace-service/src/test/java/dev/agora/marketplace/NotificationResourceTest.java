package dev.agora.marketplace;

import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.empty;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasSize;
import static org.hamcrest.Matchers.notNullValue;
import static org.hamcrest.Matchers.nullValue;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.UUID;

import org.junit.jupiter.api.Test;

import dev.agora.testsupport.KafkaTestResource;
import dev.agora.testsupport.PostgresTestResource;
import dev.agora.testsupport.TestDatabase;
import dev.agora.testsupport.TestTokens;
import io.quarkus.test.common.TestResourceScope;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import io.restassured.specification.RequestSpecification;

@QuarkusTest
@WithTestResource(value = PostgresTestResource.class, scope = TestResourceScope.GLOBAL)
@WithTestResource(value = KafkaTestResource.class, scope = TestResourceScope.GLOBAL)
class NotificationResourceTest {
    private static final String NOTIFICATIONS = "/api/marketplace/notifications";

    private final UUID owner = UUID.randomUUID();
    private final UUID stranger = UUID.randomUUID();

    @Test
    void statusChangesNotifyTheOwnerWithThePriorityOfTheNewStatus() {
        TestAgent agent = TestAgent.of(owner, "defi");
        agent.name = "Price \"oracle\"";
        agent.register();
        agent.changeStatus("active");
        agent.changeStatus("failed");
        agent.changeStatus("inactive");

        awaitNotifications(owner, 3);
        as(owner).when().get(NOTIFICATIONS).then().statusCode(200)
                .body("nextCursor", nullValue())
                .body("items.type", contains("agent_status_change", "agent_status_change", "agent_status_change"))
                .body("items.title", contains("Agent Status Updated", "Agent Status Updated", "Agent Status Updated"))
                .body("items.priority", contains("low", "high", "medium"))
                .body("items.message", contains(
                        "Agent \"Price \"oracle\"\" status changed from failed to inactive",
                        "Agent \"Price \"oracle\"\" status changed from active to failed",
                        "Agent \"Price \"oracle\"\" status changed from pending to active"))
                .body("items[2].data.agentId", equalTo(agent.id.toString()))
                .body("items[2].data.oldStatus", equalTo("pending"))
                .body("items[2].data.newStatus", equalTo("active"))
                .body("items[0].readAt", nullValue())
                .body("items[0].expiresAt", notNullValue())
                .body("items[0].createdAt", notNullValue())
                .body("items[0].id", notNullValue());
    }

    @Test
    void theSameEventDeliveredTwiceCreatesExactlyOneNotification() {
        TestAgent agent = TestAgent.of(owner);
        agent.register();
        String eventId = UUID.randomUUID().toString();
        agent.status = "active";
        agent.version = 1;
        String body = agent.envelope().put("name", agent.name).put("oldStatus", "pending").put("newStatus", "active")
                .toString();
        agent.sendAs(eventId, TestAgent.STATUS_CHANGED, body);
        agent.sendAs(eventId, TestAgent.STATUS_CHANGED, body);
        // same key, same partition: once this one is applied, the redelivery before it has been consumed
        TestDatabase.awaitProcessed(agent.changeStatus("inactive"));

        as(owner).when().get(NOTIFICATIONS).then().statusCode(200)
                .body("items.data.newStatus", contains("inactive", "active"));
    }

    @Test
    void anotherUserSeesNoneOfMyNotificationsAndCannotMarkThemRead() {
        TestAgent agent = TestAgent.of(owner);
        agent.registerActive();
        String id = awaitNotifications(owner, 1).get(0);

        as(stranger).when().get(NOTIFICATIONS).then().statusCode(200).body("items", empty()).body("nextCursor", nullValue());
        as(stranger).when().post(NOTIFICATIONS + "/" + id + "/read").then().statusCode(404)
                .contentType("application/problem+json").body("status", equalTo(404));
        as(owner).when().get(NOTIFICATIONS).then().body("items[0].readAt", nullValue());
        as(owner).when().post(NOTIFICATIONS + "/" + UUID.randomUUID() + "/read").then().statusCode(404);
    }

    @Test
    void listsUnreadFirstThenNewestAcrossPages() {
        TestAgent agent = TestAgent.of(owner);
        agent.register();
        agent.changeStatus("active");
        agent.changeStatus("inactive");
        agent.changeStatus("active");
        List<String> newestFirst = awaitNotifications(owner, 3);
        String newest = newestFirst.get(0);

        String readAt = as(owner).when().post(NOTIFICATIONS + "/" + newest + "/read").then().statusCode(200)
                .body("id", equalTo(newest))
                .body("readAt", notNullValue())
                .extract().path("readAt");
        // reading again keeps the first read time
        as(owner).when().post(NOTIFICATIONS + "/" + newest + "/read").then().statusCode(200).body("readAt", equalTo(readAt));

        List<String> expected = List.of(newestFirst.get(1), newestFirst.get(2), newest);
        as(owner).when().get(NOTIFICATIONS).then().body("items.id", equalTo(expected));
        assertEquals(expected, pageThrough(owner, 1, null));
        assertEquals(expected, pageThrough(owner, 2, null));
        assertEquals(expected.subList(0, 2), pageThrough(owner, 1, "true"));
        assertEquals(List.of(newest), pageThrough(owner, 1, "false"));
    }

    @Test
    void expiredNotificationsAreHidden() throws Exception {
        Instant now = Instant.now().truncatedTo(ChronoUnit.MICROS);
        UUID expired = UUID.randomUUID();
        UUID current = UUID.randomUUID();
        String insert = "insert into notifications (id, user_id, type, title, message, priority, expires_at, created_at)"
                + " values (?, ?, 'rate_limit_warning', 'Rate limit', 'Slow down', 'critical', ?, ?)";
        TestDatabase.execute(insert, expired, owner, java.sql.Timestamp.from(now.minusSeconds(60)),
                java.sql.Timestamp.from(now.minusSeconds(120)));
        TestDatabase.execute(insert, current, owner, java.sql.Timestamp.from(now.plusSeconds(3600)),
                java.sql.Timestamp.from(now.minusSeconds(120)));

        as(owner).when().get(NOTIFICATIONS).then().statusCode(200)
                .body("items.id", contains(current.toString()))
                .body("items[0].priority", equalTo("critical"))
                .body("items[0].data.size()", equalTo(0))
                .body("items[0].expiresAt", notNullValue());
        as(owner).when().post(NOTIFICATIONS + "/" + expired + "/read").then().statusCode(404);
    }

    @Test
    void requiresABearerToken() {
        given().when().get(NOTIFICATIONS).then().statusCode(401)
                .contentType("application/problem+json").body("status", equalTo(401));
        given().when().post(NOTIFICATIONS + "/" + UUID.randomUUID() + "/read").then().statusCode(401)
                .contentType("application/problem+json");
        given().auth().oauth2("not-a-jwt").when().get(NOTIFICATIONS).then().statusCode(401);
    }

    @Test
    void rejectsBadQueryParametersNamingTheField() {
        expectBadRequest(as(owner).queryParam("limit", 0), "limit");
        expectBadRequest(as(owner).queryParam("limit", 500), "limit");
        expectBadRequest(as(owner).queryParam("limit", "many"), "limit");
        expectBadRequest(as(owner).queryParam("cursor", "garbage!"), "cursor");
        expectBadRequest(as(owner).queryParam("cursor", encode("x|2025-01-01T00:00:00Z|" + UUID.randomUUID())), "cursor");
        expectBadRequest(as(owner).queryParam("cursor", encode("u|2025-01-01T00:00:00Z")), "cursor");
        expectBadRequest(as(owner).queryParam("unread", "maybe"), "unread");
    }

    @Test
    void countsUnreadMarksAllReadAndDeletesOnlyMine() {
        UUID high = insert(owner, "deployment_failed", "high", null);
        UUID low = insert(owner, "new_follower", "low", null);
        UUID theirs = insert(stranger, "new_follower", "low", null);
        insert(owner, "new_follower", "low", Instant.now().minusSeconds(5));

        as(owner).when().get(NOTIFICATIONS + "/unread-count").then().statusCode(200).body("unread", equalTo(2));
        as(owner).queryParam("priority", "high").when().get(NOTIFICATIONS).then().body("items.id", contains(high.toString()));
        as(owner).queryParam("type", "new_follower").when().get(NOTIFICATIONS).then().body("items.id", contains(low.toString()));
        as(owner).queryParam("type", "new_follower").queryParam("priority", "high").when().get(NOTIFICATIONS).then()
                .body("items", empty());

        as(stranger).when().delete(NOTIFICATIONS + "/" + low).then().statusCode(404)
                .contentType("application/problem+json");
        as(owner).when().delete(NOTIFICATIONS + "/" + theirs).then().statusCode(404);
        as(owner).when().delete(NOTIFICATIONS + "/" + low).then().statusCode(204);
        as(owner).when().delete(NOTIFICATIONS + "/" + low).then().statusCode(404);
        as(owner).when().get(NOTIFICATIONS).then().body("items.id", contains(high.toString()));

        as(owner).when().post(NOTIFICATIONS + "/read-all").then().statusCode(200).body("marked", equalTo(1));
        as(owner).when().post(NOTIFICATIONS + "/read-all").then().statusCode(200).body("marked", equalTo(0));
        as(owner).when().get(NOTIFICATIONS + "/unread-count").then().body("unread", equalTo(0));
        as(owner).queryParam("unread", "false").when().get(NOTIFICATIONS).then().body("items.id", contains(high.toString()));
        as(stranger).when().get(NOTIFICATIONS + "/unread-count").then().body("unread", equalTo(1));
    }

    @Test
    void expiredNotificationsArePurgedOnSchedule() {
        UUID expired = insert(owner, "new_follower", "low", Instant.now().minusSeconds(1));
        UUID current = insert(owner, "new_follower", "low", null);
        // the test profile purges every 2 s
        await().atMost(TestDatabase.TIMEOUT).until(
                () -> TestDatabase.queryLong("select count(*) from notifications where id = ?", expired) == 0);
        assertEquals(1, TestDatabase.queryLong("select count(*) from notifications where id = ?", current));
    }

    @Test
    void everyEndpointNeedsABearerToken() {
        given().when().get(NOTIFICATIONS + "/unread-count").then().statusCode(401).contentType("application/problem+json");
        given().when().post(NOTIFICATIONS + "/read-all").then().statusCode(401).contentType("application/problem+json");
        given().when().delete(NOTIFICATIONS + "/" + UUID.randomUUID()).then().statusCode(401)
                .contentType("application/problem+json");
    }

    @Test
    void rejectsBadFiltersAndIdsNamingTheField() {
        expectBadRequest(as(owner).queryParam("priority", "urgent"), "priority");
        expectBadRequest(as(owner).queryParam("type", "Task Created!"), "type");
        as(owner).when().post(NOTIFICATIONS + "/not-a-uuid/read").then().statusCode(400)
                .contentType("application/problem+json").body("errors[0].field", equalTo("id"));
        as(owner).when().delete(NOTIFICATIONS + "/not-a-uuid").then().statusCode(400)
                .contentType("application/problem+json").body("errors[0].field", equalTo("id"));
    }

    /** A notification as a consumer would write it; {@code expiresAt} null: a day from now. */
    private static UUID insert(UUID user, String type, String priority, Instant expiresAt) {
        UUID id = UUID.randomUUID();
        TestDatabase.execute("insert into notifications (id, user_id, type, title, message, priority, expires_at)"
                + " values (?, ?, ?, 'Title', 'Message', ?, ?)", id, user, type, priority,
                java.sql.Timestamp.from(expiresAt != null ? expiresAt : Instant.now().plusSeconds(86_400)));
        return id;
    }

    /** Waits until the user has {@code count} notifications and returns their ids as listed. */
    private List<String> awaitNotifications(UUID user, int count) {
        await().atMost(TestDatabase.TIMEOUT).untilAsserted(() -> as(user).when().get(NOTIFICATIONS)
                .then().statusCode(200).body("items", hasSize(count)));
        return as(user).when().get(NOTIFICATIONS).then().extract().jsonPath().getList("items.id");
    }

    private List<String> pageThrough(UUID user, int limit, String unread) {
        List<String> ids = new ArrayList<>();
        String cursor = null;
        do {
            RequestSpecification request = as(user).queryParam("limit", limit);
            if (unread != null) {
                request.queryParam("unread", unread);
            }
            if (cursor != null) {
                request.queryParam("cursor", cursor);
            }
            JsonPath page = request.when().get(NOTIFICATIONS).then().statusCode(200).extract().jsonPath();
            ids.addAll(page.getList("items.id"));
            cursor = page.getString("nextCursor");
        } while (cursor != null);
        return ids;
    }

    private static void expectBadRequest(RequestSpecification request, String field) {
        request.when().get(NOTIFICATIONS).then().statusCode(400).contentType("application/problem+json")
                .body("errors[0].field", equalTo(field));
    }

    private static RequestSpecification as(UUID user) {
        return given().auth().oauth2(TestTokens.forUser(user));
    }

    private static String encode(String cursor) {
        return Base64.getUrlEncoder().withoutPadding().encodeToString(cursor.getBytes(StandardCharsets.UTF_8));
    }
}
