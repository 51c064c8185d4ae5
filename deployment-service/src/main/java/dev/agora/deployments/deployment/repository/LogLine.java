package dev.agora.deployments.deployment.repository;

import java.time.Instant;

import io.quarkus.runtime.annotations.RegisterForReflection;

/** One line of a deployment's log; {@code sequence} increases with every line written (across deployments). */
@RegisterForReflection
public record LogLine(long sequence, Instant time, String level, String line) {
}
