package dev.agora.deployments.driver;

import java.util.UUID;

/** What a driver needs to run one deployment of an agent: where it runs, from which image, with which resources. */
public record DeploymentSpec(UUID deploymentId, UUID agentId, int version, String subdomain, String host,
        String image, int port, String cpu, String memory, int replicas) {

    public String url() {
        return "https://" + host;
    }
}
