package dev.agora.deployments.deployment.service;

import java.util.UUID;
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
import dev.agora.deployments.driver.Drivers;
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
    private final ExecutorService worker = Executors.newSingleThreadExecutor(runnable -> {
        Thread thread = new Thread(runnable, "deployment-runner");
        thread.setDaemon(true);
        return thread;
    });

    public DeploymentRunner(DeploymentService service, Drivers drivers) {
        this.service = service;
        this.drivers = drivers;
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
            if (!await(() -> service.started(deploymentId, jobId, driver.name()))) {
                return;
            }
            Progress progress = new Progress(deploymentId);
            try {
                driver.deploy(spec, progress);
            } catch (RuntimeException e) {
                LOG.warnf(e, "driver %s could not start deployment %s", driver.name(), deploymentId);
                progress.failed("driver " + driver.name() + " could not start the deployment: " + e.getMessage());
            }
        });
    }

    /** Removes what the driver created for a cancelled or stopped deployment. */
    public void release(UUID deploymentId) {
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
                LOG.warnf(e, "driver %s could not release deployment %s", driver.name(), deploymentId);
                progress.error("driver " + driver.name() + " could not remove the deployment: " + e.getMessage());
            }
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
            submit(deploymentId, () -> await(() -> service.succeeded(deploymentId, summary)));
        }

        @Override
        public void failed(String reason) {
            submit(deploymentId, () -> await(() -> service.failed(deploymentId, reason)));
        }
    }
}
