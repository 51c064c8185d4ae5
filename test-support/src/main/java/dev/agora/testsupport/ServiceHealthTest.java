package dev.agora.testsupport;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItems;
import static org.hamcrest.Matchers.startsWith;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.File;
import java.io.IOException;
import java.lang.annotation.Annotation;
import java.lang.reflect.Modifier;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;

import io.quarkus.arc.Arc;
import io.quarkus.arc.ClientProxy;
import io.quarkus.arc.InstanceHandle;

/**
 * The health endpoints every service has, on its management interface only. A subclass adds {@code @QuarkusTest} and
 * the {@link PostgresTestResource} and {@link KafkaTestResource} {@code @WithTestResource}s (GLOBAL scope), and tests
 * for its own further readiness checks with {@link #assertReadyWithChecks}.
 */
public abstract class ServiceHealthTest {

    @Test
    void isReadyWithItsDatabaseAndKafkaChecks() {
        assertReadyWithChecks("Reactive PostgreSQL connections health check", "Kafka connection health check");
    }

    @Test
    void isLive() {
        ManagementInterface.given().when().get("/q/health/live").then().statusCode(200).body("status", equalTo("UP"));
    }

    /**
     * Health, metrics and OpenAPI are served on the management interface's port, which is neither routed from outside
     * nor proxied by the gateway; the main port (the API) has none of them, nor Swagger UI.
     */
    @Test
    void servesHealthMetricsAndOpenApiOnlyOnTheManagementPort() {
        for (String path : List.of("/q/health", "/q/health/ready", "/q/metrics", "/q/openapi", "/q/swagger-ui/")) {
            given().when().get(path).then().statusCode(404);
        }
        ManagementInterface.given().when().get("/q/health/ready").then().statusCode(200);
        ManagementInterface.given().when().get("/q/metrics").then().statusCode(200)
                .body(containsString("jvm_memory_used_bytes"));
        ManagementInterface.given().accept("application/json").when().get("/q/openapi").then().statusCode(200)
                .body("openapi", startsWith("3."));
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

    /**
     * Every REST resource of the service carries {@code @Cancellable(false)}: a request whose caller hangs up still
     * runs to its end. Cancelling it mid-transaction would leave Hibernate Reactive's session and its pooled database
     * connection behind (quarkusio/quarkus#51576), one lost connection per unlucky hang-up. Checked by name over the
     * module's compiled classes ({@code target/classes}): test-support does not depend on Quarkus REST.
     */
    @Test
    void everyResourceRunsToItsEndWhenItsCallerHangsUp() throws IOException {
        ClassLoader loader = Thread.currentThread().getContextClassLoader();
        Path classes = Path.of("target", "classes");
        List<String> resources = new ArrayList<>();
        List<String> cancellable = new ArrayList<>();
        try (Stream<Path> files = Files.walk(classes)) {
            for (Path file : (Iterable<Path>) files.filter(p -> p.toString().endsWith(".class"))::iterator) {
                String name = classes.relativize(file).toString().replace(File.separatorChar, '.').replaceAll("\\.class$", "");
                Class<?> type;
                try {
                    type = Class.forName(name, false, loader);
                } catch (ClassNotFoundException | LinkageError e) {
                    continue;
                }
                if (annotation(type, "jakarta.ws.rs.Path") == null || Modifier.isAbstract(type.getModifiers())) {
                    continue;
                }
                resources.add(type.getName());
                Annotation cancel = annotation(type, "org.jboss.resteasy.reactive.server.Cancellable");
                if (cancel == null || Boolean.TRUE.equals(valueOf(cancel))) {
                    cancellable.add(type.getName());
                }
            }
        }
        assertFalse(resources.isEmpty(), "no REST resource found under " + classes.toAbsolutePath());
        assertEquals(List.of(), cancellable, "resources without @Cancellable(false)");
    }

    private static Annotation annotation(Class<?> type, String name) {
        for (Annotation annotation : type.getAnnotations()) {
            if (annotation.annotationType().getName().equals(name)) {
                return annotation;
            }
        }
        return null;
    }

    private static Object valueOf(Annotation annotation) {
        try {
            return annotation.annotationType().getMethod("value").invoke(annotation);
        } catch (ReflectiveOperationException e) {
            throw new AssertionError("cannot read " + annotation, e);
        }
    }

    /** GET /q/health/ready (management port) is 200 and UP, and its checks include every one named. */
    protected static void assertReadyWithChecks(String... checkNames) {
        ManagementInterface.given().when().get("/q/health/ready").then().log().ifValidationFails()
                .statusCode(200)
                .body("status", equalTo("UP"))
                .body("checks.name", hasItems(checkNames));
    }
}
