package dev.agora.deployments.deployment.service;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Pattern;

import jakarta.enterprise.context.ApplicationScoped;

import com.fasterxml.jackson.databind.JsonNode;

import dev.agora.common.problem.FieldError;
import dev.agora.common.problem.ProblemException;
import dev.agora.deployments.agentref.repository.KnownAgent;
import dev.agora.deployments.deployment.repository.Deployment;
import dev.agora.deployments.driver.DriverConfig;

/**
 * What a new deployment runs, from the agent's {@code deploymentConfig} with the configured defaults: image (else
 * {registry}/{repoOwner}/{repoName}:{version}), port, cpu, memory, replicas, and its URL https://{subdomain}.{baseDomain}.
 */
@ApplicationScoped
public class DeploymentResources {
    private static final Pattern CPU = Pattern.compile("^([1-9][0-9]{0,5}m|[0-9]{1,3}(\\.[0-9]{1,3})?)$");
    private static final Pattern MEMORY = Pattern.compile("^[1-9][0-9]{0,6}(Ki|Mi|Gi|K|M|G)?$");
    private static final Pattern IMAGE = Pattern.compile("^[a-z0-9][a-z0-9._/:@-]{0,254}$");
    private static final int MAX_REPLICAS = 20;

    private final DriverConfig config;

    public DeploymentResources(DriverConfig config) {
        this.config = config;
    }

    /** Fills image, resources and URL of {@code deployment} (whose version is set); 400 naming a bad config field. */
    public void apply(KnownAgent agent, Deployment deployment) {
        JsonNode cfg = agent.deploymentConfig == null ? com.fasterxml.jackson.databind.node.MissingNode.getInstance()
                : agent.deploymentConfig;
        DriverConfig.Defaults defaults = config.defaults();
        List<FieldError> errors = new ArrayList<>();
        String image = text(cfg, "image");
        if (image == null) {
            if (agent.repoOwner == null || agent.repoName == null) {
                errors.add(new FieldError("deploymentConfig.image", "is required for an agent without a repository"));
            } else {
                image = defaults.registry() + "/" + agent.repoOwner.toLowerCase(Locale.ROOT) + "/"
                        + agent.repoName.toLowerCase(Locale.ROOT) + ":" + deployment.version;
            }
        } else if (!IMAGE.matcher(image).matches()) {
            errors.add(new FieldError("deploymentConfig.image", "must be an image reference (lowercase registry/name:tag)"));
        }
        String cpu = text(cfg, "cpu");
        if (cpu != null && !CPU.matcher(cpu).matches()) {
            errors.add(new FieldError("deploymentConfig.cpu", "must be a CPU quantity such as 250m or 1"));
        }
        String memory = text(cfg, "memory");
        if (memory != null && !MEMORY.matcher(memory).matches()) {
            errors.add(new FieldError("deploymentConfig.memory", "must be a memory quantity such as 256Mi or 1Gi"));
        }
        Integer replicas = integer(cfg, "replicas", 0, MAX_REPLICAS, errors);
        Integer port = integer(cfg, "port", 1, 65535, errors);
        if (agent.subdomain == null || agent.subdomain.isBlank()) {
            errors.add(new FieldError("subdomain", "the agent has no subdomain to be served at"));
        }
        if (!errors.isEmpty()) {
            throw ProblemException.invalid(errors);
        }
        deployment.image = image;
        deployment.cpu = cpu == null ? defaults.cpu() : cpu;
        deployment.memory = memory == null ? defaults.memory() : memory;
        deployment.replicas = replicas == null ? defaults.replicas() : replicas;
        deployment.port = port == null ? defaults.port() : port;
        deployment.deploymentUrl = "https://" + agent.subdomain + "." + config.baseDomain();
    }

    /** Whether the agent asked to be redeployed when its deployment-relevant fields change. */
    public static boolean autoRedeploy(KnownAgent agent) {
        return agent.deploymentConfig != null && agent.deploymentConfig.path("autoRedeploy").asBoolean(false);
    }

    private static String text(JsonNode cfg, String field) {
        JsonNode node = cfg.path(field);
        if (node.isMissingNode() || node.isNull()) {
            return null;
        }
        String value = node.asText().strip();
        return value.isEmpty() ? null : value;
    }

    private static Integer integer(JsonNode cfg, String field, int min, int max, List<FieldError> errors) {
        JsonNode node = cfg.path(field);
        if (node.isMissingNode() || node.isNull()) {
            return null;
        }
        if (!node.canConvertToInt() || !node.isIntegralNumber() || node.intValue() < min || node.intValue() > max) {
            errors.add(new FieldError("deploymentConfig." + field, "must be a whole number from " + min + " to " + max));
            return null;
        }
        return node.intValue();
    }
}
