package dev.agora.triggers.platform;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.UUID;

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

import dev.agora.testsupport.KafkaTestResource;
import dev.agora.testsupport.PostgresTestResource;
import dev.agora.testsupport.ProjectionRepairsApi;
import dev.agora.testsupport.TestDatabase;
import dev.agora.testsupport.TestEvents;
import dev.agora.testsupport.TopicReader;
import io.quarkus.test.common.TestResourceScope;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;

/**
 * An organization's member list sent again for reconciliation ({@code agora.org.members-snapshot.v1}) replaces its
 * {@code org_members} rows when they differ, and the repair names each member that differed; an equal list changes
 * nothing; a malformed list is dead-lettered.
 */
@QuarkusTest
@WithTestResource(value = PostgresTestResource.class, scope = TestResourceScope.GLOBAL)
@WithTestResource(value = KafkaTestResource.class, scope = TestResourceScope.GLOBAL)
class OrgMembersReconciliationTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String SNAPSHOT = "agora.org.members-snapshot.v1";
    private static final String REPAIRS = "/api/triggers/admin/projections/repairs";

    private final UUID organization = UUID.randomUUID();
    private final String slug = "org-" + organization.toString().substring(0, 8);

    @Test
    void membersThatDifferAreRepairedAndListed() {
        UUID admin = UUID.randomUUID();
        UUID viewer = UUID.randomUUID();
        UUID stranger = UUID.randomUUID();
        TestDatabase.execute("insert into org_members (org_slug, user_id, role) values (?, ?, 'admin'), (?, ?, 'viewer')",
                slug, viewer, slug, stranger);
        // the admin's row is missing, the viewer holds the wrong role and the stranger should not be there

        String snapshot = send(snapshot(Map.of(admin, "admin", viewer, "viewer")));
        TestDatabase.awaitProcessed(snapshot);

        assertEquals(new TreeMap<>(Map.of(admin, "admin", viewer, "viewer")), membersOf(slug));
        TreeSet<UUID> order = new TreeSet<>(List.of(admin, viewer, stranger));
        Map<UUID, String> expected = Map.of(admin, admin + ":missing", viewer, viewer + ":role",
                stranger, stranger + ":extra");
        List<Map<String, Object>> repairs = ProjectionRepairsApi.asAdmin().queryParam("projection", "org_members").queryParam("limit", "1000")
                .when().get(REPAIRS).then().statusCode(200).extract().jsonPath()
                .getList("findAll { it.subject == '" + slug + "' }");
        assertEquals(1, repairs.size(), repairs.toString());
        assertEquals(order.stream().map(expected::get).toList(), repairs.get(0).get("fields"));
        assertEquals(snapshot, repairs.get(0).get("eventId"));
    }

    @Test
    void anEqualListChangesNothing() {
        UUID admin = UUID.randomUUID();
        TestDatabase.execute("insert into org_members (org_slug, user_id, role) values (?, ?, 'admin')", slug, admin);

        TestDatabase.awaitProcessed(send(snapshot(Map.of(admin, "admin"))));

        assertEquals(0, TestDatabase.queryLong("select count(*) from projection_repairs where subject = ?", slug));
        assertEquals(Map.of(admin, "admin"), membersOf(slug));
    }

    @Test
    void aMalformedListIsDeadLetteredAndChangesNothing() {
        UUID admin = UUID.randomUUID();
        TestDatabase.execute("insert into org_members (org_slug, user_id, role) values (?, ?, 'admin')", slug, admin);
        ObjectNode malformed = snapshot(Map.of());
        malformed.putArray("members").addObject().put("userId", "not-a-uuid").put("role", "admin");

        try (TopicReader dlq = TopicReader.of("identity.v1.dlq")) {
            String id = send(malformed);
            dlq.await(record -> id.equals(record.header("ce_id")), Duration.ofSeconds(60));
        }
        assertEquals(Map.of(admin, "admin"), membersOf(slug));
    }

    private ObjectNode snapshot(Map<UUID, String> members) {
        ObjectNode body = JSON.createObjectNode().put("organizationId", organization.toString()).put("slug", slug);
        members.forEach((user, role) -> body.withArray("members").addObject().put("userId", user.toString())
                .put("role", role));
        if (members.isEmpty()) {
            body.putArray("members");
        }
        return body;
    }

    private String send(Object body) {
        return TestEvents.send("identity.v1", organization.toString(), SNAPSHOT, body.toString());
    }

    private static Map<UUID, String> membersOf(String slug) {
        return TestDatabase.query("select user_id, role from org_members where org_slug = ?", slug, rows -> {
            Map<UUID, String> members = new TreeMap<>();
            while (rows.next()) {
                members.put(rows.getObject(1, UUID.class), rows.getString(2));
            }
            return members;
        });
    }
}
