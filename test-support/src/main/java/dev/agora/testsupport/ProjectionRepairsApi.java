package dev.agora.testsupport;

import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

import io.restassured.specification.RequestSpecification;

/** A service's {@code /api/<service>/admin/projections/repairs}, read as a platform admin. */
public final class ProjectionRepairsApi {
    private ProjectionRepairsApi() {
    }

    public static RequestSpecification asAdmin() {
        return given().auth().oauth2(TestTokens.forUser(UUID.randomUUID(), Set.of("admin"), Map.of()));
    }

    /** The one repair of {@code subject} in {@code projection} the endpoint at {@code path} lists. */
    public static Map<String, Object> repairOf(String path, String projection, String subject) {
        List<Map<String, Object>> repairs = asAdmin().queryParam("projection", projection).queryParam("limit", "1000")
                .when().get(path).then().statusCode(200).extract().jsonPath()
                .getList("findAll { it.subject == '" + subject + "' }");
        assertEquals(1, repairs.size(), "one repair of " + subject + ": " + repairs);
        return repairs.get(0);
    }
}
