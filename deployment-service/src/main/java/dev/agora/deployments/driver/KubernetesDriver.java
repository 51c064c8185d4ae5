package dev.agora.deployments.driver;

import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;

import org.jboss.logging.Logger;

import io.fabric8.kubernetes.api.model.ContainerStatus;
import io.fabric8.kubernetes.api.model.EnvVarBuilder;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.IntOrString;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.SecretBuilder;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.ServiceBuilder;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.DeploymentBuilder;
import io.fabric8.kubernetes.api.model.apps.DeploymentCondition;
import io.fabric8.kubernetes.api.model.apps.DeploymentStatus;
import io.fabric8.kubernetes.api.model.networking.v1.Ingress;
import io.fabric8.kubernetes.api.model.networking.v1.IngressBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.Watch;
import io.fabric8.kubernetes.client.Watcher;
import io.fabric8.kubernetes.client.WatcherException;
import io.fabric8.kubernetes.client.dsl.NonDeletingOperation;

/**
 * Runs an agent in Kubernetes: a Deployment (image, port, resources, labels), a Service and an Ingress for
 * {@code {subdomain}.{baseDomain}}, all named {@code agent-{agentId}} in the agents' namespace, updated in place by the
 * next deployment. It follows the rollout with watches on the Deployment and its pods: all replicas updated and
 * available → succeeded; an image that cannot be pulled, a container in a crash loop or an exceeded progress
 * deadline → failed, with the pods' events in the log.
 * <p>
 * Each deployment's runtime token (minted by deployment-service, only its hash stored) goes into the Secret
 * {@code agent-{agentId}-token} (key {@code token}), which the pods read as {@code AGORA_AGENT_TOKEN}.
 */
@ApplicationScoped
public class KubernetesDriver implements DeploymentDriver {
    public static final String NAME = "kubernetes";
    public static final String AGENT_LABEL = "agora.dev/agent-id";
    public static final String DEPLOYMENT_LABEL = "agora.dev/deployment-id";
    public static final String VERSION_LABEL = "agora.dev/deployment-version";
    public static final String TOKEN_KEY = "token";
    private static final Logger LOG = Logger.getLogger(KubernetesDriver.class);
    private static final List<String> FATAL_WAITING_REASONS = List.of("ErrImagePull", "ImagePullBackOff",
            "InvalidImageName", "CrashLoopBackOff", "CreateContainerConfigError");

    private final KubernetesClient client;
    private final DriverConfig config;
    private final Map<UUID, Rollout> rollouts = new ConcurrentHashMap<>();
    private final ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor(runnable -> {
        Thread thread = new Thread(runnable, "kubernetes-rollouts");
        thread.setDaemon(true);
        return thread;
    });

    public KubernetesDriver(KubernetesClient client, DriverConfig config) {
        this.client = client;
        this.config = config;
    }

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public String jobIdFor(DeploymentSpec spec) {
        return "k8s-" + resourceName(spec) + "-v" + spec.version();
    }

    public static String resourceName(DeploymentSpec spec) {
        return "agent-" + spec.agentId();
    }

    public static String tokenSecretName(DeploymentSpec spec) {
        return resourceName(spec) + "-token";
    }

    private String namespace() {
        return config.kubernetes().namespace();
    }

    @Override
    public void deploy(DeploymentSpec spec, DeploymentProgress progress) {
        String name = resourceName(spec);
        progress.info("applying Secret " + tokenSecretName(spec) + ", Deployment, Service and Ingress " + name
                + " in namespace " + namespace());
        if (spec.runtimeToken() == null) {
            throw new IllegalArgumentException("no runtime token minted for deployment " + spec.deploymentId());
        }
        // the Secret first: the new pods read the deployment's runtime token from it when they start
        apply(tokenSecret(spec));
        apply(deployment(spec));
        apply(service(spec));
        apply(ingress(spec));
        progress.info("following the rollout of " + spec.image() + " (" + spec.replicas() + " replica(s))");
        follow(spec, progress);
    }

    private void apply(HasMetadata resource) {
        client.resource(resource).inNamespace(namespace()).createOr(NonDeletingOperation::update);
    }

    private Map<String, String> labels(DeploymentSpec spec) {
        return Map.of("app.kubernetes.io/name", "agora-agent",
                "app.kubernetes.io/instance", resourceName(spec),
                "app.kubernetes.io/managed-by", "agora-deployment-service",
                AGENT_LABEL, spec.agentId().toString(),
                DEPLOYMENT_LABEL, spec.deploymentId().toString(),
                VERSION_LABEL, Integer.toString(spec.version()));
    }

    private Secret tokenSecret(DeploymentSpec spec) {
        return new SecretBuilder()
                .withNewMetadata().withName(tokenSecretName(spec)).withNamespace(namespace()).withLabels(labels(spec))
                .endMetadata()
                .withType("Opaque")
                .withStringData(Map.of(TOKEN_KEY, spec.runtimeToken()))
                .build();
    }

    private Deployment deployment(DeploymentSpec spec) {
        String name = resourceName(spec);
        Map<String, Quantity> resources = Map.of("cpu", new Quantity(spec.cpu()), "memory", new Quantity(spec.memory()));
        return new DeploymentBuilder()
                .withNewMetadata().withName(name).withNamespace(namespace()).withLabels(labels(spec)).endMetadata()
                .withNewSpec()
                .withReplicas(spec.replicas())
                .withProgressDeadlineSeconds((int) config.kubernetes().rolloutTimeout().toSeconds())
                .withNewSelector().addToMatchLabels(AGENT_LABEL, spec.agentId().toString()).endSelector()
                .withNewTemplate()
                .withNewMetadata().withLabels(labels(spec)).endMetadata()
                .withNewSpec()
                .addNewContainer()
                .withName("agent")
                .withImage(spec.image())
                .addNewPort().withName("http").withContainerPort(spec.port()).endPort()
                .withEnv(new EnvVarBuilder().withName("AGORA_AGENT_ID").withValue(spec.agentId().toString()).build(),
                        new EnvVarBuilder().withName("AGORA_DEPLOYMENT_ID").withValue(spec.deploymentId().toString()).build(),
                        new EnvVarBuilder().withName("PORT").withValue(Integer.toString(spec.port())).build(),
                        new EnvVarBuilder().withName("AGORA_AGENT_TOKEN").withNewValueFrom().withNewSecretKeyRef()
                                .withName(tokenSecretName(spec)).withKey(TOKEN_KEY)
                                .endSecretKeyRef().endValueFrom().build())
                .withNewResources().withRequests(resources).withLimits(resources).endResources()
                .endContainer()
                .endSpec()
                .endTemplate()
                .endSpec()
                .build();
    }

    private Service service(DeploymentSpec spec) {
        return new ServiceBuilder()
                .withNewMetadata().withName(resourceName(spec)).withNamespace(namespace()).withLabels(labels(spec))
                .endMetadata()
                .withNewSpec()
                .addToSelector(AGENT_LABEL, spec.agentId().toString())
                .addNewPort().withName("http").withPort(80).withTargetPort(new IntOrString(spec.port())).endPort()
                .endSpec()
                .build();
    }

    private Ingress ingress(DeploymentSpec spec) {
        IngressBuilder ingress = new IngressBuilder()
                .withNewMetadata().withName(resourceName(spec)).withNamespace(namespace()).withLabels(labels(spec))
                .endMetadata();
        var ingressSpec = ingress.withNewSpec();
        config.kubernetes().ingressClass().ifPresent(ingressSpec::withIngressClassName);
        config.kubernetes().tlsSecret().ifPresent(secret -> ingressSpec.addNewTl().withHosts(spec.host())
                .withSecretName(secret).endTl());
        return ingressSpec
                .addNewRule().withHost(spec.host())
                .withNewHttp().addNewPath().withPath("/").withPathType("Prefix")
                .withNewBackend().withNewService().withName(resourceName(spec)).withNewPort().withNumber(80).endPort()
                .endService().endBackend()
                .endPath().endHttp().endRule()
                .endSpec()
                .build();
    }

    /**
     * Looks at the Deployment as it is now and watches it again (a rollout that ended meanwhile is reported at once);
     * the rollout timeout counts from now. A Deployment that is gone, or was taken over, fails the deployment.
     */
    @Override
    public void resume(DeploymentSpec spec, DeploymentProgress progress) {
        if (rollouts.containsKey(spec.deploymentId())) {
            return;
        }
        String name = resourceName(spec);
        Deployment current = client.apps().deployments().inNamespace(namespace()).withName(name).get();
        String owner = current == null || current.getMetadata().getLabels() == null ? null
                : current.getMetadata().getLabels().get(DEPLOYMENT_LABEL);
        if (!spec.deploymentId().toString().equals(owner)) {
            String reason = current == null ? "Deployment " + name + " is gone; its rollout cannot be followed again"
                    : "Deployment " + name + " now belongs to deployment " + owner;
            progress.error(reason);
            progress.failed(reason);
            return;
        }
        progress.info("following the rollout of " + spec.image() + " again (deployment-service restarted)");
        follow(spec, progress);
    }

    private void follow(DeploymentSpec spec, DeploymentProgress progress) {
        Rollout rollout = new Rollout(spec, progress);
        rollouts.put(spec.deploymentId(), rollout);
        rollout.start();
    }

    @Override
    public void release(DeploymentSpec spec, DeploymentProgress progress) {
        Rollout rollout = rollouts.remove(spec.deploymentId());
        if (rollout != null) {
            rollout.close();
        }
        String name = resourceName(spec);
        Deployment current = client.apps().deployments().inNamespace(namespace()).withName(name).get();
        String owner = current == null || current.getMetadata().getLabels() == null ? null
                : current.getMetadata().getLabels().get(DEPLOYMENT_LABEL);
        if (current != null && !spec.deploymentId().toString().equals(owner)) {
            // a later deployment of the agent has taken the resources over: they are not this one's to remove
            progress.info("resources " + name + " now belong to deployment " + owner + "; nothing to remove");
            return;
        }
        client.network().v1().ingresses().inNamespace(namespace()).withName(name).delete();
        client.services().inNamespace(namespace()).withName(name).delete();
        client.apps().deployments().inNamespace(namespace()).withName(name).delete();
        client.secrets().inNamespace(namespace()).withName(tokenSecretName(spec)).delete();
        progress.info("deleted Deployment, Service, Ingress " + name + " and Secret " + tokenSecretName(spec)
                + " in namespace " + namespace());
    }

    @PreDestroy
    void shutdown() {
        rollouts.values().forEach(Rollout::close);
        timer.shutdownNow();
    }

    /** One deployment's rollout, followed until it succeeds, fails or times out. */
    private final class Rollout {
        private final DeploymentSpec spec;
        private final DeploymentProgress progress;
        private final AtomicBoolean done = new AtomicBoolean();
        private Watch deploymentWatch;
        private Watch podWatch;
        private ScheduledFuture<?> deadline;

        Rollout(DeploymentSpec spec, DeploymentProgress progress) {
            this.spec = spec;
            this.progress = progress;
        }

        void start() {
            String name = resourceName(spec);
            deploymentWatch = client.apps().deployments().inNamespace(namespace()).withName(name)
                    .watch(new Follow<>(this::onDeployment));
            podWatch = client.pods().inNamespace(namespace()).withLabel(DEPLOYMENT_LABEL, spec.deploymentId().toString())
                    .watch(new Follow<>(this::onPod));
            if (done.get()) {
                // the rollout ended while the pod watch was opening: close() could not close it yet
                closeQuietly(podWatch);
                return;
            }
            long timeout = config.kubernetes().rolloutTimeout().toMillis();
            deadline = timer.schedule(() -> fail("the rollout did not complete within " + config.kubernetes().rolloutTimeout()),
                    timeout, TimeUnit.MILLISECONDS);
            // anything that happened before the watches opened
            onDeployment(client.apps().deployments().inNamespace(namespace()).withName(name).get());
            client.pods().inNamespace(namespace()).withLabel(DEPLOYMENT_LABEL, spec.deploymentId().toString()).list()
                    .getItems().forEach(this::onPod);
        }

        void onDeployment(Deployment deployment) {
            if (deployment == null || deployment.getStatus() == null || done.get()) {
                return;
            }
            DeploymentStatus status = deployment.getStatus();
            for (DeploymentCondition condition : status.getConditions() == null ? List.<DeploymentCondition> of()
                    : status.getConditions()) {
                if ("Progressing".equals(condition.getType()) && "False".equals(condition.getStatus())
                        && "ProgressDeadlineExceeded".equals(condition.getReason())) {
                    fail("ProgressDeadlineExceeded: " + Objects.requireNonNullElse(condition.getMessage(),
                            "the rollout made no progress in time"));
                    return;
                }
            }
            int wanted = spec.replicas();
            Long generation = deployment.getMetadata().getGeneration();
            boolean observed = generation == null || status.getObservedGeneration() == null
                    || status.getObservedGeneration() >= generation;
            int updated = Objects.requireNonNullElse(status.getUpdatedReplicas(), 0);
            int available = Objects.requireNonNullElse(status.getAvailableReplicas(), 0);
            if (observed && updated >= wanted && available >= wanted && (wanted > 0 || status.getReplicas() != null)) {
                if (done.compareAndSet(false, true)) {
                    close();
                    progress.info("rollout complete: " + available + "/" + wanted + " replica(s) available");
                    progress.succeeded(available + " replica(s) of " + spec.image() + " available at " + spec.url());
                }
            }
        }

        void onPod(Pod pod) {
            if (pod == null || pod.getStatus() == null || done.get()) {
                return;
            }
            List<ContainerStatus> containers = pod.getStatus().getContainerStatuses();
            for (ContainerStatus container : containers == null ? List.<ContainerStatus> of() : containers) {
                if (container.getState() == null || container.getState().getWaiting() == null) {
                    continue;
                }
                String reason = container.getState().getWaiting().getReason();
                if (FATAL_WAITING_REASONS.contains(reason)) {
                    logEvents(pod.getMetadata().getName());
                    String message = container.getState().getWaiting().getMessage();
                    fail(reason + " in pod " + pod.getMetadata().getName() + (message == null ? "" : ": " + message));
                    return;
                }
            }
        }

        private void logEvents(String podName) {
            try {
                client.v1().events().inNamespace(namespace()).list().getItems().stream()
                        .filter(event -> event.getInvolvedObject() != null
                                && podName.equals(event.getInvolvedObject().getName()))
                        .forEach(event -> progress.warn("pod " + podName + " event " + event.getReason() + ": "
                                + event.getMessage()));
            } catch (RuntimeException e) {
                progress.warn("could not read the events of pod " + podName + ": " + e.getMessage());
            }
        }

        private void fail(String reason) {
            if (done.compareAndSet(false, true)) {
                close();
                progress.error(reason);
                progress.failed(reason);
            }
        }

        void close() {
            rollouts.remove(spec.deploymentId(), this);
            if (deadline != null) {
                deadline.cancel(false);
            }
            closeQuietly(deploymentWatch);
            closeQuietly(podWatch);
        }

        private void closeQuietly(Watch watch) {
            if (watch != null) {
                try {
                    watch.close();
                } catch (RuntimeException e) {
                    LOG.debugf(e, "closing a watch of %s", spec.deploymentId());
                }
            }
        }
    }

    /** A watcher that hands every added or modified object to {@code onChange}. */
    private static final class Follow<T> implements Watcher<T> {
        private final java.util.function.Consumer<T> onChange;

        Follow(java.util.function.Consumer<T> onChange) {
            this.onChange = onChange;
        }

        @Override
        public void eventReceived(Action action, T resource) {
            if (action == Action.ADDED || action == Action.MODIFIED) {
                onChange.accept(resource);
            }
        }

        @Override
        public void onClose(WatcherException cause) {
            if (cause != null) {
                LOG.warnf(cause, "a rollout watch closed");
            }
        }
    }
}
