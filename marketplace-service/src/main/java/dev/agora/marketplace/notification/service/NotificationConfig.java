package dev.agora.marketplace.notification.service;

import java.time.Duration;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

@ConfigMapping(prefix = "agora.notifications")
public interface NotificationConfig {

    /** How long a notification lives (expires_at = created_at + retention); expired ones are hidden, then purged. */
    @WithDefault("P90D")
    Duration retention();

    /** How often expired notifications are purged (read by {@link NotificationPurge}'s schedule), e.g. 1h. */
    @WithDefault("1h")
    String purgeEvery();

    /** How many expired notifications one purge statement deletes (the purge repeats until none is left). */
    @WithDefault("1000")
    int purgeBatchSize();
}
