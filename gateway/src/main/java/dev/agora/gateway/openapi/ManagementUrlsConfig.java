package dev.agora.gateway.openapi;

import java.net.URI;

import io.smallrye.config.ConfigMapping;

/**
 * Base URLs of the services' management interfaces, where each serves its own {@code /q/openapi} (env:
 * {@code AGORA_GATEWAY_MANAGEMENT_URLS_AGENTS}, ...). Only the merged OpenAPI document reads them; nothing is proxied
 * there.
 */
@ConfigMapping(prefix = "agora.gateway.management-urls")
public interface ManagementUrlsConfig {
    URI agents();

    URI deployments();

    URI marketplace();

    URI triggers();
}
