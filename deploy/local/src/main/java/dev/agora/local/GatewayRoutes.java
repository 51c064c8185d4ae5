package dev.agora.local;

import java.util.List;

/** Points the gateway's routes at the services' ports. */
final class GatewayRoutes {
    private GatewayRoutes() {
    }

    static List<String> systemProperties(StackOptions options) {
        return List.of(
                "-Dagora.gateway.routes.agents=" + options.url(ServiceSpec.AGENT_SERVICE),
                "-Dagora.gateway.routes.deployments=" + options.url(ServiceSpec.DEPLOYMENT_SERVICE),
                "-Dagora.gateway.routes.marketplace=" + options.url(ServiceSpec.MARKETPLACE_SERVICE),
                "-Dagora.gateway.routes.triggers=" + options.url(ServiceSpec.TRIGGER_SERVICE));
    }
}
