package dev.agora.testsupport;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItems;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

import io.quarkus.arc.Arc;
import io.quarkus.arc.ClientProxy;
import io.quarkus.arc.InstanceHandle;

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

    /**
     * Bearer tokens go through common's verified-token cache, not straight to smallrye-jwt (which would check the
     * RS256 signature again on every request). Checked by name: test-support does not depend on common.
     */
    @Test
    void verifiesBearerTokensThroughTheVerifiedTokenCache() throws ClassNotFoundException {
        Class<?> parserType = Class.forName("io.smallrye.jwt.auth.principal.JWTParser", false,
                Thread.currentThread().getContextClassLoader());
        InstanceHandle<?> parser = Arc.container().instance(parserType);
        assertTrue(parser.isAvailable(), "a JWTParser bean");
        assertEquals("dev.agora.common.auth.VerifiedTokenCache", ClientProxy.unwrap(parser.get()).getClass().getName());
    }

    /** GET /q/health/ready is 200 and UP, and its checks include every one named. */
    protected static void assertReadyWithChecks(String... checkNames) {
        given().when().get("/q/health/ready").then().log().ifValidationFails()
                .statusCode(200)
                .body("status", equalTo("UP"))
                .body("checks.name", hasItems(checkNames));
    }
}
