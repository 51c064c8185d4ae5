package dev.agora.gateway;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.greaterThanOrEqualTo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.junit.jupiter.api.Test;

import dev.agora.testsupport.EventContracts;
import dev.agora.testsupport.KafkaTestResource;
import dev.agora.testsupport.PostgresTestResource;
import dev.agora.testsupport.TestDatabase;
import dev.agora.testsupport.TopicReader;
import io.quarkus.test.common.TestResourceScope;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;

/**
 * A platform admin asks for every organization's member list: one {@code agora.org.members-snapshot.v1} per
 * organization, after its member events, with every member and role, seen by its members.
 */
@QuarkusTest
@WithTestResource(value = PostgresTestResource.class, scope = TestResourceScope.GLOBAL)
@WithTestResource(value = KafkaTestResource.class, scope = TestResourceScope.GLOBAL)
@WithTestResource(value = UpstreamStub.class, scope = TestResourceScope.GLOBAL)
class OrgSnapshotsTest {
    private static final String SNAPSHOTS = "/api/admin/organizations/snapshots";
    private static final String SNAPSHOT = "agora.org.members-snapshot.v1";

    @Test
    void sendsEveryOrganizationsWholeMemberList() {
        OrganizationsTest.Person owner = OrganizationsTest.person();
        OrganizationsTest.Person viewer = OrganizationsTest.person();
        String slug = OrganizationsTest.createOrg(owner);
        OrganizationsTest.addMember(owner, slug, viewer, "viewer");

        try (TopicReader reader = TopicReader.of("identity.v1")) {
            platformAdmin().as().when().post(SNAPSHOTS).then().statusCode(200)
                    .body("organizations", greaterThanOrEqualTo(1));
            TopicReader.Received snapshot = reader.await(r -> SNAPSHOT.equals(r.header("ce_type"))
                    && r.value().contains("\"" + slug + "\""), Duration.ofSeconds(30));

            assertEquals(List.of(), new EventContracts(Path.of("../contracts")).violations("identity.v1", SNAPSHOT,
                    snapshot.value()), snapshot.value());
            JsonPath body = JsonPath.from(snapshot.value());
            assertEquals(Map.of(owner.id(), "admin", viewer.id(), "viewer"), Map.of(
                    body.getString("members.find { it.role == 'admin' }.userId"), "admin",
                    body.getString("members.find { it.role == 'viewer' }.userId"), "viewer"));
            assertEquals(2, body.getList("members").size());
            assertTrue(snapshot.header("ce_audience").contains(slug), "its members see it");
        }
    }

    @Test
    void sendingSnapshotsNeedsAToken() {
        given().when().post(SNAPSHOTS).then().statusCode(401).contentType("application/problem+json");
    }

    @Test
    void sendingSnapshotsIsForPlatformAdminsOnly() {
        OrganizationsTest.person().as().when().post(SNAPSHOTS).then().statusCode(403)
                .contentType("application/problem+json");
    }

    private static SignIns.SignIn platformAdmin() {
        SignIns.SignIn admin = SignIns.newAccount();
        TestDatabase.execute("update users set platform_admin = true where id = ?", UUID.fromString(admin.userId()));
        return SignIns.again(admin);
    }
}
