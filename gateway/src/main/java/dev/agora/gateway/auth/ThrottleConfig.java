package dev.agora.gateway.auth;

import java.time.Duration;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/** Failed sign-ins: how many, within which window, lock an account or a client address, and for how long. */
@ConfigMapping(prefix = "agora.gateway.auth.throttle")
public interface ThrottleConfig {
    @WithDefault("5")
    int accountMaxFailures();

    @WithDefault("20")
    int ipMaxFailures();

    @WithDefault("15m")
    Duration window();

    @WithDefault("15m")
    Duration lockout();
}
