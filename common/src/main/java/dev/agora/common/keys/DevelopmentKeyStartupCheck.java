package dev.agora.common.keys;

import java.util.NoSuchElementException;
import java.util.Optional;

import jakarta.annotation.Priority;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.interceptor.Interceptor;

import org.eclipse.microprofile.config.Config;

import io.quarkus.runtime.LaunchMode;
import io.quarkus.runtime.StartupEvent;

/**
 * A built service (any profile it is run with, not dev or test mode) stops at start-up when one of its keys is a
 * known development or test key ({@link DevelopmentKeyGuard}), before it serves anything.
 */
@ApplicationScoped
public class DevelopmentKeyStartupCheck {
    private final Config config;

    public DevelopmentKeyStartupCheck(Config config) {
        this.config = config;
    }

    void refuseKnownKeys(@Observes @Priority(Interceptor.Priority.PLATFORM_BEFORE) StartupEvent started) {
        if (LaunchMode.current() == LaunchMode.NORMAL) {
            new DevelopmentKeyGuard(this::value).check();
        }
    }

    private Optional<String> value(String property) {
        try {
            return config.getOptionalValue(property, String.class);
        } catch (NoSuchElementException | IllegalArgumentException unresolvable) {
            // e.g. ${AGORA_AGENTS_SECRET_KEY} unset: the service's own configuration check reports it
            return Optional.empty();
        }
    }
}
