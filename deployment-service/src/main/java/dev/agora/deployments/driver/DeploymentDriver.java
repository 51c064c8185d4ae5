package dev.agora.deployments.driver;

/** Runs deployments somewhere: a Kubernetes cluster, or a simulation for the local stack. */
public interface DeploymentDriver {

    /** The name {@code agora.deployments.driver} selects the driver by. */
    String name();

    /** The job id the deployment is known by to this driver (GET /api/deployments/jobs/{jobId}). */
    String jobIdFor(DeploymentSpec spec);

    /**
     * Starts the deployment and returns; the outcome comes through {@code progress}, later and on any thread.
     * Throws when the deployment cannot even be started.
     */
    void deploy(DeploymentSpec spec, DeploymentProgress progress);

    /**
     * Follows again a deployment that {@link #deploy} started but nobody follows any more (this service restarted, or
     * the replica that followed it died): reports its outcome through {@code progress} like {@link #deploy}, or fails
     * it when the driver cannot pick it up again.
     */
    void resume(DeploymentSpec spec, DeploymentProgress progress);

    /** Removes what {@link #deploy} created for this deployment (after a cancel or stop), and stops following it. */
    void release(DeploymentSpec spec, DeploymentProgress progress);
}
