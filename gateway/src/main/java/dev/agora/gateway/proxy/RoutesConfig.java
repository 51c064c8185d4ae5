package dev.agora.gateway.proxy;

import java.net.URI;

import io.smallrye.config.ConfigMapping;

/** Base URLs of the services behind the gateway (env: {@code AGORA_GATEWAY_ROUTES_AGENTS}, ...). */
@ConfigMapping(prefix = "agora.gateway.routes")
public interface RoutesConfig {
    /** agent-service: {@code /api/agents/**}. */
    URI agents();

    /** deployment-service: {@code /api/deployments/**} and {@code /api/runtime/**}. */
    URI deployments();

    /** marketplace-service: {@code /api/marketplace/**}. */
    URI marketplace();

    /** trigger-service: {@code /api/triggers/**}. */
    URI triggers();
}
