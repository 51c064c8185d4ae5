package dev.agora.testsupport;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItems;

import org.junit.jupiter.api.Test;

/**
 * The health endpoints every service has. A subclass adds {@code @QuarkusTest} and the
 * {@link PostgresTestResource} and {@link KafkaTestResource} {@code @WithTestResource}s (GLOBAL scope), and tests
 * for its own further readiness checks with {@link #assertReadyWithChecks}.
 */
public abstract class ServiceHealthTest {

    @Test
    void isReadyWithItsDatabaseAndKafkaChecks() {
        assertReadyWithChecks("Reactive PostgreSQL connections health check", "Kafka connection health check");
    }

    @Test
    void isLive() {
        given().when().get("/q/health/live").then().statusCode(200).body("status", equalTo("UP"));
    }

    /** GET /q/health/ready is 200 and UP, and its checks include every one named. */
    protected static void assertReadyWithChecks(String... checkNames) {
        given().when().get("/q/health/ready").then().log().ifValidationFails()
                .statusCode(200)
                .body("status", equalTo("UP"))
                .body("checks.name", hasItems(checkNames));
    }
}
