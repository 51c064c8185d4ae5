package dev.agora.gateway.proxy;

import java.time.Duration;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

@ConfigMapping(prefix = "agora.gateway.proxy")
public interface ProxyConfig {
    /** An upstream that sends nothing for this long is given up on: 504 if it had not answered yet. */
    @WithDefault("30s")
    Duration timeout();

    @WithDefault("5s")
    Duration connectTimeout();

    /** Pooled connections per upstream service. */
    @WithDefault("100")
    int maxConnectionsPerUpstream();
}
