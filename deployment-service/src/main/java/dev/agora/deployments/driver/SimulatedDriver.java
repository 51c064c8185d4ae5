package dev.agora.deployments.driver;

import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;

import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;

/**
 * The local stack's driver: walks a deployment through the same states as the Kubernetes driver, with realistic log
 * lines, without any cluster. Every line it writes says it is simulated.
 */
@ApplicationScoped
public class SimulatedDriver implements DeploymentDriver {
    public static final String NAME = "simulated";
    private static final String PREFIX = "[simulated] ";

    private final DriverConfig config;
    private final ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor(runnable -> {
        Thread thread = new Thread(runnable, "simulated-deployments");
        thread.setDaemon(true);
        return thread;
    });
    private final Map<UUID, ScheduledFuture<?>> running = new ConcurrentHashMap<>();

    public SimulatedDriver(DriverConfig config) {
        this.config = config;
    }

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public String jobIdFor(DeploymentSpec spec) {
        return "sim-" + spec.deploymentId();
    }

    @Override
    public void deploy(DeploymentSpec spec, DeploymentProgress progress) {
        List<String> steps = List.of(
                "pulling image " + spec.image(),
                "creating " + spec.replicas() + " replica(s) with cpu " + spec.cpu() + " and memory " + spec.memory(),
                "starting the agent on port " + spec.port(),
                "waiting for " + spec.url() + " to answer its health check");
        progress.info(PREFIX + "deployment of " + spec.image() + " accepted, job " + jobIdFor(spec));
        step(spec, progress, steps, 0);
    }

    private void step(DeploymentSpec spec, DeploymentProgress progress, List<String> steps, int index) {
        long delay = config.simulated().stepDuration().toMillis();
        running.put(spec.deploymentId(), timer.schedule(() -> {
            if (index < steps.size()) {
                progress.info(PREFIX + steps.get(index));
                step(spec, progress, steps, index + 1);
                return;
            }
            running.remove(spec.deploymentId());
            if (ThreadLocalRandom.current().nextDouble() < config.simulated().failureRate()) {
                progress.error(PREFIX + "health check failed: no answer on port " + spec.port());
                progress.failed(PREFIX + "the agent did not become healthy");
            } else {
                progress.info(PREFIX + "the agent is available at " + spec.url());
                progress.succeeded(PREFIX + spec.replicas() + " replica(s) of " + spec.image() + " available");
            }
        }, delay, TimeUnit.MILLISECONDS));
    }

    /** A simulation lives only in memory: one interrupted by a restart cannot go on, so it fails, saying why. */
    @Override
    public void resume(DeploymentSpec spec, DeploymentProgress progress) {
        if (running.containsKey(spec.deploymentId())) {
            return;
        }
        String reason = PREFIX + "the simulated rollout was interrupted by a restart of deployment-service; deploy again";
        progress.error(reason);
        progress.failed(reason);
    }

    @Override
    public void release(DeploymentSpec spec, DeploymentProgress progress) {
        ScheduledFuture<?> step = running.remove(spec.deploymentId());
        if (step != null) {
            step.cancel(false);
        }
        progress.info(PREFIX + "removed the agent's containers");
    }

    @PreDestroy
    void shutdown() {
        timer.shutdownNow();
    }
}
