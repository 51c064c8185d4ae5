package dev.agora.marketplace;

import org.junit.jupiter.api.Test;

import dev.agora.testsupport.KafkaTestResource;
import dev.agora.testsupport.PostgresTestResource;
import dev.agora.testsupport.ServiceHealthTest;
import io.quarkus.test.common.TestResourceScope;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;

@QuarkusTest
@WithTestResource(value = PostgresTestResource.class, scope = TestResourceScope.GLOBAL)
@WithTestResource(value = KafkaTestResource.class, scope = TestResourceScope.GLOBAL)
class HealthTest extends ServiceHealthTest {

    @Test
    void isReadyWithItsJdbcAndMessagingChecks() {
        assertReadyWithChecks("Database connections health check", "SmallRye Reactive Messaging - readiness check");
    }
}
