package dev.agora.local;

/**
 * One of the five services: its module folder, its database and its default ports (the main one, and the management
 * interface's: health, metrics, OpenAPI, 1000 above it).
 */
public enum ServiceSpec {
    GATEWAY("gateway", "agora_gateway", 8080),
    AGENT_SERVICE("agent-service", "agora_agents", 8081),
    DEPLOYMENT_SERVICE("deployment-service", "agora_deployments", 8082),
    MARKETPLACE_SERVICE("marketplace-service", "agora_marketplace", 8083),
    TRIGGER_SERVICE("trigger-service", "agora_triggers", 8084);

    private final String module;
    private final String database;
    private final int defaultPort;

    ServiceSpec(String module, String database, int defaultPort) {
        this.module = module;
        this.database = database;
        this.defaultPort = defaultPort;
    }

    public String module() {
        return module;
    }

    public String database() {
        return database;
    }

    public int defaultPort() {
        return defaultPort;
    }

    public int defaultManagementPort() {
        return defaultPort + 1000;
    }

    /** {@code AGORA_GATEWAY_PORT}, {@code AGORA_AGENT_SERVICE_PORT}, … (the services read the same variables). */
    public String portVariable() {
        return variablePrefix() + "_PORT";
    }

    /** {@code AGORA_GATEWAY_MANAGEMENT_PORT}, … (the services read the same variables). */
    public String managementPortVariable() {
        return variablePrefix() + "_MANAGEMENT_PORT";
    }

    private String variablePrefix() {
        return "AGORA_" + module.toUpperCase().replace('-', '_');
    }
}
