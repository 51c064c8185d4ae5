package dev.agora.triggers.trigger;

import static org.junit.jupiter.api.Assertions.assertEquals;

import jakarta.inject.Inject;

import org.junit.jupiter.api.Test;

import dev.agora.testsupport.KafkaTestResource;
import dev.agora.testsupport.PostgresTestResource;
import io.quarkus.test.common.TestResourceScope;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;

/** Events consumed right after a start are evaluated against every enabled trigger, not an empty index. */
@QuarkusTest
@WithTestResource(value = PostgresTestResource.class, scope = TestResourceScope.GLOBAL)
@WithTestResource(value = KafkaTestResource.class, scope = TestResourceScope.GLOBAL)
class TriggerIndexStartupTest {
    @Inject
    StartupOrderProbe probe;

    @Test
    void theIndexIsLoadedBeforeTheKafkaConsumersStart() {
        assertEquals(Boolean.TRUE, probe.indexLoadedWhenConsumersStarted());
    }
}
