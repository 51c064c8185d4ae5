package dev.agora.deployments.driver;

import java.time.Duration;
import java.util.Optional;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

@ConfigMapping(prefix = "agora.deployments")
public interface DriverConfig {

    /** {@code simulated} (local stack) or {@code kubernetes} (production). */
    @WithDefault("simulated")
    String driver();

    /** Agents are served at https://{subdomain}.{baseDomain}. */
    @WithDefault("agents.localhost")
    String baseDomain();

    Defaults defaults();

    /** How often the dispatcher looks for due deployments and for cancelled/stopped ones to remove. */
    @WithDefault("1s")
    Duration dispatchInterval();

    /** How often a log stream looks for new lines. */
    @WithDefault("500ms")
    Duration logPollInterval();

    /** Seconds after which a claimed deployment that never started (its service died) is claimed again. */
    @WithDefault("300")
    int staleClaim();

    /**
     * A deploying deployment whose follower renewed no lease (on every dispatch) for this long is followed again: its
     * service restarted or its replica died.
     */
    @WithDefault("30s")
    Duration followLease();

    Release release();

    Simulated simulated();

    Kubernetes kubernetes();

    /** Removing a cancelled or stopped deployment's resources: retried with backoff, then given up. */
    interface Release {
        @WithDefault("5")
        int maxAttempts();

        /** Wait before the second attempt, doubled for each one after. */
        @WithDefault("10s")
        Duration backoff();
    }

    /** Resources for agents whose deploymentConfig does not name them. */
    interface Defaults {
        @WithDefault("500m")
        String cpu();

        @WithDefault("512Mi")
        String memory();

        @WithDefault("1")
        int replicas();

        @WithDefault("8080")
        int port();

        /** Image registry for agents deployed from their repository: {registry}/{repoOwner}/{repoName}:{version}. */
        @WithDefault("ghcr.io")
        String registry();
    }

    interface Simulated {
        /** Time between two steps of a simulated deployment (four steps in all). */
        @WithDefault("2s")
        Duration stepDuration();

        /** Share of simulated deployments that fail at their health check, 0..1. */
        @WithDefault("0")
        double failureRate();
    }

    interface Kubernetes {
        @WithDefault("agora-agents")
        String namespace();

        /** The Ingress class of the agents' Ingresses; the cluster default when empty. */
        Optional<String> ingressClass();

        /** A TLS Secret (e.g. a wildcard certificate for *.{baseDomain}) the Ingresses terminate TLS with. */
        Optional<String> tlsSecret();

        /** The Deployment's progressDeadlineSeconds, and how long the driver follows a rollout at most. */
        @WithDefault("10m")
        Duration rolloutTimeout();
    }
}
