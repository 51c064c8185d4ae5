package dev.agora.agents.run.service;

import java.time.Duration;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/** How hired work is sent to agents and followed. */
@ConfigMapping(prefix = "agora.agents.runs")
public interface RunConfig {
    /** Runs one replica works on at once (calls in flight; waiting runs hold nothing). */
    @WithDefault("64")
    int workers();

    /** How often the workers look for due runs (they are also woken right after a run is queued); at least 1s. */
    @WithDefault("1s")
    Duration pollInterval();

    /** How long a claimed run is held: a worker that dies lets it lapse and the run is taken again. */
    @WithDefault("2m")
    Duration lease();

    /** How long a deployed agent's runtime holds a claimed task without a heartbeat or report before it is put back. */
    @WithDefault("60s")
    Duration runtimeLease();

    /** The deadline of one call to an agent. */
    @WithDefault("30s")
    Duration callTimeout();

    /** The deadline of a streamed answer (A2A message/stream, an LLM's tokens), from request to last byte. */
    @WithDefault("10m")
    Duration streamTimeout();

    /** How often a running A2A task or HTTP job is asked how it is going. */
    @WithDefault("2s")
    Duration followInterval();

    /**
     * How often a running A2A task is asked when its agent accepted push notifications: a safety net for a lost
     * notification (each notification makes the task due at once).
     */
    @WithDefault("30s")
    Duration pushFollowInterval();

    /** Calls that could not reach the agent before the run is dead-lettered (the owner may retry it). */
    @WithDefault("5")
    int maxAttempts();

    /** The first retry's delay; each next one doubles, with jitter, up to {@link #backoffMax()}. */
    @WithDefault("2s")
    Duration backoffBase();

    @WithDefault("5m")
    Duration backoffMax();

    /**
     * How long an agent may stay silent (since dispatch or its last report) before its task fails; an agent may set
     * its own with {@code config.taskTimeoutSeconds}.
     */
    @WithDefault("10m")
    Duration silenceTimeout();

    /**
     * How long an A2A agent's card (where its JSON-RPC endpoint is, whether it streams or notifies) is reused before
     * it is read again: a card rarely changes, and reading it before every call would double the calls.
     */
    @WithDefault("60s")
    Duration cardTtl();
}
