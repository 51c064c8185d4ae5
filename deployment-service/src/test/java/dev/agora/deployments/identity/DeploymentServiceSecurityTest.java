package dev.agora.deployments.identity;

import dev.agora.testsupport.KafkaTestResource;
import dev.agora.testsupport.PostgresTestResource;
import dev.agora.testsupport.ServiceSessionRevocationTest;
import io.quarkus.test.common.TestResourceScope;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;

/** Tokens of sessions the gateway ended are refused here too (the caller's deployments). */
@QuarkusTest
@WithTestResource(value = PostgresTestResource.class, scope = TestResourceScope.GLOBAL)
@WithTestResource(value = KafkaTestResource.class, scope = TestResourceScope.GLOBAL)
class DeploymentServiceSecurityTest extends ServiceSessionRevocationTest {

    @Override
    protected String signedInRoute() {
        return "/api/deployments";
    }
}
