package dev.agora.testsupport;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;

import java.util.List;
import java.util.UUID;

import org.junit.jupiter.api.Test;

/**
 * The authorization and the bad input of a service's {@code /api/<service>/admin/projections/repairs}, the same for
 * every service that repairs projections. A subclass adds {@code @QuarkusTest} and its test resources, and names the
 * path and a projection it does not keep.
 */
public abstract class ProjectionRepairsEndpointTest {

    protected abstract String repairsPath();

    /** A projection another service keeps: this one answers 400 for it. */
    protected abstract String projectionKeptElsewhere();

    @Test
    void repairsAreForPlatformAdminsOnly() {
        given().when().get(repairsPath()).then().statusCode(401).contentType("application/problem+json");
        given().auth().oauth2(TestTokens.forUser(UUID.randomUUID())).when().get(repairsPath()).then().statusCode(403)
                .contentType("application/problem+json");
        ProjectionRepairsApi.asAdmin().when().get(repairsPath()).then().statusCode(200);
    }

    @Test
    void rejectsAnUnknownProjectionOrABadLimitNamingTheField() {
        ProjectionRepairsApi.asAdmin().queryParam("projection", projectionKeptElsewhere()).when().get(repairsPath())
                .then().statusCode(400).contentType("application/problem+json")
                .body("errors[0].field", equalTo("projection"));
        for (String limit : List.of("0", "1001", "many")) {
            ProjectionRepairsApi.asAdmin().queryParam("limit", limit).when().get(repairsPath()).then().statusCode(400)
                    .body("errors[0].field", equalTo("limit"));
        }
    }
}
