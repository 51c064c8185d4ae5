package dev.agora.local;

import java.util.List;

/** Points the gateway's routes at the services' ports, and its OpenAPI merge at their management interfaces. */
final class GatewayRoutes {
    private GatewayRoutes() {
    }

    static List<String> systemProperties(StackOptions options) {
        return List.of(
                "-Dagora.gateway.routes.agents=" + options.url(ServiceSpec.AGENT_SERVICE),
                "-Dagora.gateway.routes.deployments=" + options.url(ServiceSpec.DEPLOYMENT_SERVICE),
                "-Dagora.gateway.routes.marketplace=" + options.url(ServiceSpec.MARKETPLACE_SERVICE),
                "-Dagora.gateway.routes.triggers=" + options.url(ServiceSpec.TRIGGER_SERVICE),
                "-Dagora.gateway.management-urls.agents=" + options.managementUrl(ServiceSpec.AGENT_SERVICE),
                "-Dagora.gateway.management-urls.deployments=" + options.managementUrl(ServiceSpec.DEPLOYMENT_SERVICE),
                "-Dagora.gateway.management-urls.marketplace=" + options.managementUrl(ServiceSpec.MARKETPLACE_SERVICE),
                "-Dagora.gateway.management-urls.triggers=" + options.managementUrl(ServiceSpec.TRIGGER_SERVICE));
    }
}
