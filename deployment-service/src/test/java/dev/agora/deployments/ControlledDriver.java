package dev.agora.deployments;

import static org.awaitility.Awaitility.await;

import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;

import jakarta.enterprise.context.ApplicationScoped;

import dev.agora.deployments.driver.DeploymentDriver;
import dev.agora.deployments.driver.DeploymentProgress;
import dev.agora.deployments.driver.DeploymentSpec;
import dev.agora.testsupport.TestDatabase;

/** The tests' driver ({@code %test.agora.deployments.driver=controlled}): deployments end when a test says so. */
@ApplicationScoped
public class ControlledDriver implements DeploymentDriver {
    private final Map<UUID, DeploymentProgress> running = new ConcurrentHashMap<>();
    private final Map<UUID, DeploymentSpec> specs = new ConcurrentHashMap<>();
    private final Set<UUID> released = ConcurrentHashMap.newKeySet();
    private final Set<UUID> resumed = ConcurrentHashMap.newKeySet();
    private final Map<UUID, Integer> failingReleases = new ConcurrentHashMap<>();

    @Override
    public String name() {
        return "controlled";
    }

    @Override
    public String jobIdFor(DeploymentSpec spec) {
        return "ctl-" + spec.deploymentId();
    }

    @Override
    public void deploy(DeploymentSpec spec, DeploymentProgress progress) {
        specs.put(spec.deploymentId(), spec);
        running.put(spec.deploymentId(), progress);
        progress.info("controlled driver deploying " + spec.image());
    }

    @Override
    public void resume(DeploymentSpec spec, DeploymentProgress progress) {
        specs.put(spec.deploymentId(), spec);
        running.put(spec.deploymentId(), progress);
        resumed.add(spec.deploymentId());
        progress.info("controlled driver following " + spec.deploymentId() + " again");
    }

    @Override
    public void release(DeploymentSpec spec, DeploymentProgress progress) {
        Integer failing = failingReleases.computeIfPresent(spec.deploymentId(), (id, left) -> left - 1);
        if (failing != null && failing >= 0) {
            throw new IllegalStateException("the cluster is unreachable");
        }
        released.add(spec.deploymentId());
        progress.info("controlled driver released " + spec.deploymentId());
    }

    /** Waits until the driver has the deployment, and returns how to report its progress. */
    public DeploymentProgress awaitRunning(UUID deploymentId) {
        return await().atMost(TestDatabase.TIMEOUT).until(() -> running.get(deploymentId), p -> p != null);
    }

    public DeploymentSpec spec(UUID deploymentId) {
        return specs.get(deploymentId);
    }

    /** The next {@code times} releases of the deployment fail. */
    public void failReleases(UUID deploymentId, int times) {
        failingReleases.put(deploymentId, times);
    }

    public boolean wasResumed(UUID deploymentId) {
        return resumed.contains(deploymentId);
    }

    public boolean wasReleased(UUID deploymentId) {
        return released.contains(deploymentId);
    }
}
