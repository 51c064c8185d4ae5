package dev.agora.deployments.driver;

/**
 * How a driver reports a deployment's progress, from any of its threads. The first of {@link #succeeded} and
 * {@link #failed} ends the deployment; anything after is ignored.
 */
public interface DeploymentProgress {
    void log(String level, String line);

    default void info(String line) {
        log("info", line);
    }

    default void warn(String line) {
        log("warn", line);
    }

    default void error(String line) {
        log("error", line);
    }

    void succeeded(String summary);

    void failed(String reason);
}
