package dev.agora.marketplace.stream.service;

import java.time.Duration;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

@ConfigMapping(prefix = "agora.stream")
public interface StreamConfig {

    /** The PostgreSQL LISTEN/NOTIFY channel every replica listens on. */
    @WithDefault("agora_marketplace_stream")
    String channel();

    /** How long a stream ticket can be used (once). */
    @WithDefault("PT60S")
    Duration ticketTtl();

    /** How often an open stream gets a comment line, so that proxies keep it open. */
    @WithDefault("PT15S")
    Duration heartbeat();

    /**
     * How long a stream stays open; then it ends and the client reconnects with a new ticket (which needs a valid
     * token), so a user whose access ended does not keep a live feed forever.
     */
    @WithDefault("PT1H")
    Duration maxAge();

    /** Messages queued for a slow client before its stream is closed (the client reconnects with a new ticket). */
    @WithDefault("256")
    int bufferSize();

    /** How often expired tickets are deleted (read by {@link StreamTicketService}'s schedule), e.g. 10m. */
    @WithDefault("10m")
    String ticketCleanupEvery();

    /** Wait before reconnecting the listener after its connection to PostgreSQL broke. */
    @WithDefault("PT1S")
    Duration reconnectDelay();
}
