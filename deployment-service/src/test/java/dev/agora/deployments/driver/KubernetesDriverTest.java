package dev.agora.deployments.driver;

import static dev.agora.deployments.TestAgents.as;
import static dev.agora.deployments.TestAgents.awaitStatus;
import static dev.agora.deployments.TestAgents.deploy;
import static dev.agora.testsupport.TestDatabase.TIMEOUT;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.util.Base64;

import java.util.List;
import java.util.Map;
import java.util.UUID;

import jakarta.inject.Inject;

import org.junit.jupiter.api.Test;

import dev.agora.deployments.TestAgents;
import dev.agora.deployments.runtime.service.RuntimeAuth;
import dev.agora.testsupport.TestDatabase;
import dev.agora.testsupport.KafkaTestResource;
import dev.agora.testsupport.PostgresTestResource;
import io.fabric8.kubernetes.api.model.EventBuilder;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.DeploymentConditionBuilder;
import io.fabric8.kubernetes.api.model.apps.DeploymentStatusBuilder;
import io.fabric8.kubernetes.api.model.networking.v1.Ingress;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.quarkus.test.common.TestResourceScope;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.quarkus.test.kubernetes.client.WithKubernetesTestServer;

/**
 * The Kubernetes driver against the fabric8 mock API server in CRUD mode: the tests play the cluster's controllers
 * by writing the Deployment's status and the pods the driver watches.
 */
@QuarkusTest
@TestProfile(KubernetesDriverTest.KubernetesDriverProfile.class)
@WithKubernetesTestServer
@WithTestResource(value = PostgresTestResource.class, scope = TestResourceScope.GLOBAL)
@WithTestResource(value = KafkaTestResource.class, scope = TestResourceScope.GLOBAL)
class KubernetesDriverTest {
    private static final String NAMESPACE = "agora-agents";

    public static class KubernetesDriverProfile implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("agora.deployments.driver", "kubernetes",
                    "agora.deployments.kubernetes.ingress-class", "nginx",
                    "agora.deployments.kubernetes.tls-secret", "agents-wildcard-tls");
        }
    }

    @Inject
    KubernetesClient client;

    @Inject
    KubernetesDriver kubernetesDriver;

    private final UUID owner = UUID.randomUUID();

    @Test
    void createsDeploymentServiceAndIngressAndSucceedsOnceTheReplicasAreAvailable() {
        TestAgents.Agent agent = agent();
        UUID id = deploy(owner, agent);
        awaitStatus(id, "deploying");
        Deployment deployment = awaitDeployment(agent);

        var container = deployment.getSpec().getTemplate().getSpec().getContainers().get(0);
        assertEquals("ghcr.io/acme/oracle:7", container.getImage());
        assertEquals(9000, container.getPorts().get(0).getContainerPort());
        assertEquals("250m", container.getResources().getLimits().get("cpu").toString());
        assertEquals("256Mi", container.getResources().getRequests().get("memory").toString());
        assertEquals(2, deployment.getSpec().getReplicas());
        assertEquals(id.toString(), deployment.getMetadata().getLabels().get("agora.dev/deployment-id"));
        assertEquals("agent-" + agent.id + "-token", container.getEnv().stream()
                .filter(e -> e.getName().equals("AGORA_AGENT_TOKEN")).findFirst().orElseThrow()
                .getValueFrom().getSecretKeyRef().getName());
        var tokenRef = container.getEnv().stream().filter(e -> e.getName().equals("AGORA_AGENT_TOKEN")).findFirst()
                .orElseThrow().getValueFrom().getSecretKeyRef();
        assertEquals("token", tokenRef.getKey());
        assertTrue(tokenRef.getOptional() == null || !tokenRef.getOptional());
        Secret secret = client.secrets().inNamespace(NAMESPACE).withName(name(agent) + "-token").get();
        String token = token(secret);
        assertTrue(token.startsWith("agr_"));
        assertEquals(RuntimeAuth.sha256(token), TestDatabase.query(
                "select runtime_token_hash from deployments where id = ?", id, rows -> rows.next() ? rows.getString(1) : null));
        assertEquals(id.toString(), secret.getMetadata().getLabels().get("agora.dev/deployment-id"));
        assertEquals(agent.id.toString(), secret.getMetadata().getLabels().get("agora.dev/agent-id"));
        assertEquals(9000, client.services().inNamespace(NAMESPACE).withName(name(agent)).get().getSpec().getPorts().get(0)
                .getTargetPort().getIntVal());
        Ingress ingress = client.network().v1().ingresses().inNamespace(NAMESPACE).withName(name(agent)).get();
        assertEquals(agent.subdomain + ".agents.test", ingress.getSpec().getRules().get(0).getHost());
        assertEquals("nginx", ingress.getSpec().getIngressClassName());
        assertEquals("agents-wildcard-tls", ingress.getSpec().getTls().get(0).getSecretName());

        deployment.setStatus(new DeploymentStatusBuilder().withReplicas(2).withUpdatedReplicas(2)
                .withAvailableReplicas(2).withReadyReplicas(2).build());
        client.resource(deployment).inNamespace(NAMESPACE).updateStatus();

        awaitStatus(id, "succeeded");
        as(owner).when().get("/api/deployments/" + id).then()
                .body("jobId", equalTo("k8s-agent-" + agent.id + "-v1"))
                .body("deploymentUrl", equalTo("https://" + agent.subdomain + ".agents.test"));
        as(owner).queryParam("limit", 200).when().get("/api/deployments/" + id + "/logs").then()
                .body("items.line", hasItem(containsString("rollout complete: 2/2")));
    }

    @Test
    void failsWhenThePodsImageCannotBePulledAndLogsThePodsEvents() {
        TestAgents.Agent agent = agent();
        UUID id = deploy(owner, agent);
        awaitDeployment(agent);
        String pod = "agent-" + agent.id + "-abc12";
        client.v1().events().inNamespace(NAMESPACE).resource(new EventBuilder().withNewMetadata().withName(pod + ".1")
                .endMetadata().withNewInvolvedObject().withKind("Pod").withName(pod).endInvolvedObject()
                .withReason("Failed").withMessage("Failed to pull image \"ghcr.io/acme/oracle:7\": not found").build())
                .create();

        waitingPod(id, pod, "ImagePullBackOff", "Back-off pulling image \"ghcr.io/acme/oracle:7\"");

        awaitStatus(id, "failed");
        as(owner).when().get("/api/deployments/" + id).then()
                .body("errorMessage", containsString("ImagePullBackOff in pod " + pod));
        as(owner).queryParam("limit", 200).when().get("/api/deployments/" + id + "/logs").then()
                .body("items.line", hasItem(containsString("Failed to pull image")));
    }

    @Test
    void failsWhenTheContainerIsInACrashLoop() {
        TestAgents.Agent agent = agent();
        UUID id = deploy(owner, agent);
        awaitDeployment(agent);

        waitingPod(id, "agent-" + agent.id + "-xyz89", "CrashLoopBackOff", "back-off 10s restarting failed container");

        awaitStatus(id, "failed");
        as(owner).when().get("/api/deployments/" + id).then().body("errorMessage", containsString("CrashLoopBackOff"));
    }

    @Test
    void failsWhenTheRolloutExceedsItsProgressDeadline() {
        TestAgents.Agent agent = agent();
        UUID id = deploy(owner, agent);
        Deployment deployment = awaitDeployment(agent);

        deployment.setStatus(new DeploymentStatusBuilder().withReplicas(2).withUpdatedReplicas(1)
                .withConditions(new DeploymentConditionBuilder().withType("Progressing").withStatus("False")
                        .withReason("ProgressDeadlineExceeded")
                        .withMessage("ReplicaSet has timed out progressing.").build())
                .build());
        client.resource(deployment).inNamespace(NAMESPACE).updateStatus();

        awaitStatus(id, "failed");
        as(owner).when().get("/api/deployments/" + id).then()
                .body("errorMessage", equalTo("ProgressDeadlineExceeded: ReplicaSet has timed out progressing."));
    }

    @Test
    void stopDeletesWhatTheDeploymentCreated() {
        TestAgents.Agent agent = agent();
        UUID id = deploy(owner, agent);
        Deployment deployment = awaitDeployment(agent);
        assertNotNull(client.secrets().inNamespace(NAMESPACE).withName(name(agent) + "-token").get());
        deployment.setStatus(new DeploymentStatusBuilder().withReplicas(2).withUpdatedReplicas(2)
                .withAvailableReplicas(2).build());
        client.resource(deployment).inNamespace(NAMESPACE).updateStatus();
        awaitStatus(id, "succeeded");

        as(owner).when().post("/api/deployments/" + id + "/stop").then().statusCode(200);

        await().atMost(TIMEOUT).until(() -> client.apps().deployments().inNamespace(NAMESPACE).withName(name(agent)).get() == null);
        assertNull(client.services().inNamespace(NAMESPACE).withName(name(agent)).get());
        assertNull(client.network().v1().ingresses().inNamespace(NAMESPACE).withName(name(agent)).get());
        assertNull(client.secrets().inNamespace(NAMESPACE).withName(name(agent) + "-token").get());
    }

    /** The Secret's token: the mock server keeps stringData as written, a real API server moves it to data. */
    private static String token(Secret secret) {
        if (secret.getStringData() != null && secret.getStringData().containsKey("token")) {
            return secret.getStringData().get("token");
        }
        return new String(Base64.getDecoder().decode(secret.getData().get("token")), StandardCharsets.UTF_8);
    }

    @Test
    void followsAgainARolloutThatCompletedWhileNobodyWatched() {
        UUID deploymentId = UUID.randomUUID();
        DeploymentSpec spec = new DeploymentSpec(deploymentId, UUID.randomUUID(), 4, "resumed", "resumed.agents.test",
                "ghcr.io/acme/oracle:4", 8080, "500m", "512Mi", 1);
        client.apps().deployments().inNamespace(NAMESPACE).resource(new io.fabric8.kubernetes.api.model.apps.DeploymentBuilder()
                .withNewMetadata().withName(KubernetesDriver.resourceName(spec))
                .withLabels(Map.of("agora.dev/deployment-id", deploymentId.toString())).endMetadata()
                .withNewSpec().withReplicas(1).endSpec()
                .withNewStatus().withReplicas(1).withUpdatedReplicas(1).withAvailableReplicas(1).endStatus()
                .build()).create();
        SimulatedDriverTest.Recorded progress = new SimulatedDriverTest.Recorded();

        kubernetesDriver.resume(spec, progress);

        await().atMost(TIMEOUT).until(() -> !progress.outcomes.isEmpty());
        assertEquals(List.of("succeeded: 1 replica(s) of ghcr.io/acme/oracle:4 available at https://resumed.agents.test"),
                progress.outcomes);
        assertTrue(progress.lines.get(0).contains("following the rollout of ghcr.io/acme/oracle:4 again"));
    }

    @Test
    void failsAResumedRolloutWhoseDeploymentIsGone() {
        DeploymentSpec spec = new DeploymentSpec(UUID.randomUUID(), UUID.randomUUID(), 1, "gone", "gone.agents.test",
                "ghcr.io/acme/oracle:1", 8080, "500m", "512Mi", 1);
        SimulatedDriverTest.Recorded progress = new SimulatedDriverTest.Recorded();

        kubernetesDriver.resume(spec, progress);

        assertEquals(List.of("failed: Deployment " + KubernetesDriver.resourceName(spec)
                + " is gone; its rollout cannot be followed again"), progress.outcomes);
    }

    private TestAgents.Agent agent() {
        TestAgents.Agent agent = new TestAgents.Agent(owner);
        agent.deploymentConfig.put("image", "ghcr.io/acme/oracle:7").put("cpu", "250m").put("memory", "256Mi")
                .put("replicas", 2).put("port", 9000);
        return TestAgents.register(agent);
    }

    private static String name(TestAgents.Agent agent) {
        return "agent-" + agent.id;
    }

    private Deployment awaitDeployment(TestAgents.Agent agent) {
        return await().atMost(TIMEOUT).until(
                () -> client.apps().deployments().inNamespace(NAMESPACE).withName(name(agent)).get(), d -> d != null);
    }

    /** A pod of the deployment whose container waits for the given reason, as the kubelet reports it. */
    private void waitingPod(UUID deploymentId, String name, String reason, String message) {
        client.pods().inNamespace(NAMESPACE).resource(new PodBuilder()
                .withNewMetadata().withName(name).withLabels(Map.of("agora.dev/deployment-id", deploymentId.toString()))
                .endMetadata()
                .withNewSpec().addNewContainer().withName("agent").withImage("ghcr.io/acme/oracle:7").endContainer().endSpec()
                .withNewStatus().withPhase("Pending").withContainerStatuses(List.of(
                        new io.fabric8.kubernetes.api.model.ContainerStatusBuilder().withName("agent").withReady(false)
                                .withRestartCount(3).withNewState().withNewWaiting().withReason(reason)
                                .withMessage(message).endWaiting().endState().build()))
                .endStatus()
                .build()).create();
    }
}
