package dev.agora.common.outbound;

import java.util.List;
import java.util.NoSuchElementException;
import java.util.Optional;

import jakarta.annotation.Priority;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.interceptor.Interceptor;

import org.eclipse.microprofile.config.Config;

import io.quarkus.runtime.LaunchMode;
import io.quarkus.runtime.StartupEvent;
import io.smallrye.config.SmallRyeConfig;

/**
 * A built service running the prod profile stops at start-up when its outbound allow-list admits addresses that are
 * not public ({@link AllowListGuard}), before it serves anything. Dev mode, tests and the local stack (which runs the
 * jars with the {@code local} profile) may allow loopback.
 */
@ApplicationScoped
public class AllowListStartupCheck {
    private final Config config;

    public AllowListStartupCheck(Config config) {
        this.config = config;
    }

    void refuseNonPublicAllowList(@Observes @Priority(Interceptor.Priority.PLATFORM_BEFORE) StartupEvent started) {
        if (applies(LaunchMode.current(), config.unwrap(SmallRyeConfig.class).getProfiles())) {
            new AllowListGuard(this::value).check();
        }
    }

    /** Whether a service launched in {@code mode} with these active profiles is checked. */
    static boolean applies(LaunchMode mode, List<String> profiles) {
        return mode == LaunchMode.NORMAL && profiles.contains("prod");
    }

    private Optional<String> value(String property) {
        try {
            return config.getOptionalValue(property, String.class);
        } catch (NoSuchElementException | IllegalArgumentException unresolvable) {
            return Optional.empty();
        }
    }
}
