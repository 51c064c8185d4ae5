package dev.agora.deployments.deployment.service;

import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.function.Supplier;

import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;

import org.jboss.logging.Logger;

import dev.agora.deployments.deployment.repository.Deployment;
import dev.agora.deployments.driver.DeploymentDriver;
import dev.agora.deployments.driver.DeploymentProgress;
import dev.agora.deployments.driver.DeploymentSpec;
import dev.agora.deployments.driver.DriverConfig;
import dev.agora.deployments.driver.Drivers;
import dev.agora.deployments.runtime.service.RuntimeAuth;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.vertx.VertxContextSupport;
import io.smallrye.mutiny.Uni;

/**
 * Hands claimed deployments to the configured driver and writes back what the driver reports. Everything runs on one
 * worker thread, in order: the driver's blocking calls, then each report it makes (queued behind the call that made
 * them), each applied through {@link DeploymentService} in its own transaction on a fresh Vert.x context.
 */
@ApplicationScoped
public class DeploymentRunner {
    private static final Logger LOG = Logger.getLogger(DeploymentRunner.class);

    private final DeploymentService service;
    private final Drivers drivers;
    private final int releaseMaxAttempts;
    private final Counter abandonedReleases;
    /** deploying deployments this replica follows; the dispatcher renews their leases */
    private final Set<UUID> following = ConcurrentHashMap.newKeySet();
    private final ExecutorService worker = Executors.newSingleThreadExecutor(runnable -> {
        Thread thread = new Thread(runnable, "deployment-runner");
        thread.setDaemon(true);
        return thread;
    });

    public DeploymentRunner(DeploymentService service, Drivers drivers, DriverConfig config, MeterRegistry registry) {
        this.service = service;
        this.drivers = drivers;
        this.releaseMaxAttempts = config.release().maxAttempts();
        this.abandonedReleases = Counter.builder("agora.deployments.releases.abandoned")
                .description("releases of driver resources given up after the last allowed attempt").register(registry);
    }

    /** The deploying deployments this replica follows. */
    public Set<UUID> following() {
        return Set.copyOf(following);
    }

    /** Starts a claimed pending deployment (nothing happens when it is no longer pending). */
    public void start(UUID deploymentId) {
        submit(deploymentId, () -> {
            Deployment d = await(() -> service.find(deploymentId));
            if (d == null || !DeploymentStatus.PENDING.equals(d.status)) {
                return;
            }
            DeploymentDriver driver = drivers.current();
            DeploymentSpec spec = DeploymentService.specOf(d);
            String jobId = driver.jobIdFor(spec);
            String token = RuntimeTokens.mint();
            if (!await(() -> service.started(deploymentId, jobId, driver.name(), RuntimeAuth.sha256(token)))) {
                return;
            }
            following.add(deploymentId);
            Progress progress = new Progress(deploymentId);
            try {
                driver.deploy(spec.withRuntimeToken(token), progress);
            } catch (RuntimeException e) {
                LOG.warnf(e, "driver %s could not start deployment %s", driver.name(), deploymentId);
                progress.failed("driver " + driver.name() + " could not start the deployment: " + e.getMessage());
            }
        });
    }

    /** Follows again a claimed deploying deployment whose follower is gone (nothing happens when it is not deploying). */
    public void resume(UUID deploymentId) {
        submit(deploymentId, () -> {
            Deployment d = await(() -> service.find(deploymentId));
            if (d == null || !DeploymentStatus.DEPLOYING.equals(d.status) || !following.add(deploymentId)) {
                return;
            }
            DeploymentDriver driver = drivers.current();
            Progress progress = new Progress(deploymentId);
            LOG.infof("following deployment %s again with driver %s", deploymentId, driver.name());
            try {
                driver.resume(DeploymentService.specOf(d), progress);
            } catch (RuntimeException e) {
                LOG.warnf(e, "driver %s could not follow deployment %s again", driver.name(), deploymentId);
                progress.failed("driver " + driver.name() + " could not follow the deployment again: " + e.getMessage());
            }
        });
    }

    /**
     * Removes what the driver created for a cancelled or stopped deployment. A failed attempt is retried by the
     * dispatcher with backoff; after {@code release.max-attempts} it is given up with an error line and a metric.
     */
    public void release(UUID deploymentId) {
        following.remove(deploymentId);
        submit(deploymentId, () -> {
            Deployment d = await(() -> service.find(deploymentId));
            if (d == null) {
                return;
            }
            DeploymentDriver driver = drivers.current();
            Progress progress = new Progress(deploymentId);
            try {
                driver.release(DeploymentService.specOf(d), progress);
            } catch (RuntimeException e) {
                String reason = "driver " + driver.name() + " could not remove the deployment: " + e.getMessage();
                if (await(() -> service.releaseFailed(deploymentId, reason, releaseMaxAttempts))) {
                    abandonedReleases.increment();
                    LOG.errorf(e, "gave up releasing deployment %s after %d attempts", deploymentId, releaseMaxAttempts);
                } else {
                    LOG.warnf(e, "driver %s could not release deployment %s; retrying", driver.name(), deploymentId);
                }
                return;
            }
            await(() -> service.released(deploymentId));
        });
    }

    private void submit(UUID deploymentId, Runnable task) {
        worker.execute(() -> {
            try {
                task.run();
            } catch (RuntimeException e) {
                LOG.errorf(e, "handling deployment %s failed", deploymentId);
            }
        });
    }

    private static <T> T await(Supplier<Uni<T>> work) {
        try {
            return VertxContextSupport.subscribeAndAwait(work);
        } catch (RuntimeException e) {
            throw e;
        } catch (Throwable e) {
            throw new IllegalStateException(e);
        }
    }

    @PreDestroy
    void shutdown() {
        worker.shutdownNow();
    }

    /** The driver's reports about one deployment, queued on the worker in the order they were made. */
    private final class Progress implements DeploymentProgress {
        private final UUID deploymentId;

        Progress(UUID deploymentId) {
            this.deploymentId = deploymentId;
        }

        @Override
        public void log(String level, String line) {
            submit(deploymentId, () -> await(() -> service.log(deploymentId, level, line)));
        }

        @Override
        public void succeeded(String summary) {
            following.remove(deploymentId);
            submit(deploymentId, () -> await(() -> service.succeeded(deploymentId, summary)));
        }

        @Override
        public void failed(String reason) {
            following.remove(deploymentId);
            submit(deploymentId, () -> await(() -> service.failed(deploymentId, reason)));
        }
    }
}
