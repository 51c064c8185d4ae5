package dev.agora.deployments.driver;

import java.util.UUID;

/**
 * What a driver needs to run one deployment of an agent: where it runs, from which image, with which resources, and
 * the runtime token minted for it ({@code runtimeToken}: only when the deployment starts, null for release/resume).
 */
public record DeploymentSpec(UUID deploymentId, UUID agentId, int version, String subdomain, String host,
        String image, int port, String cpu, String memory, int replicas, String runtimeToken) {

    public DeploymentSpec(UUID deploymentId, UUID agentId, int version, String subdomain, String host, String image,
            int port, String cpu, String memory, int replicas) {
        this(deploymentId, agentId, version, subdomain, host, image, port, cpu, memory, replicas, null);
    }

    public String url() {
        return "https://" + host;
    }

    public DeploymentSpec withRuntimeToken(String token) {
        return new DeploymentSpec(deploymentId, agentId, version, subdomain, host, image, port, cpu, memory, replicas,
                token);
    }

    /** Without the token, so a logged spec never shows it. */
    @Override
    public String toString() {
        return "DeploymentSpec[" + deploymentId + " of agent " + agentId + " v" + version + ", " + image + "]";
    }
}
