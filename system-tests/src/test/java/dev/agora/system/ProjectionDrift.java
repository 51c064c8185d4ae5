package dev.agora.system;

import static io.restassured.RestAssured.given;

import java.sql.SQLException;

import dev.agora.local.ServiceSpec;
import dev.agora.local.Stack;

/**
 * A fault no crash makes: projections changed behind their services' backs (what a lost event or a bad hand edit
 * leaves), then agent-service sends every agent's state again and each projection repairs itself from it. Drifts
 * agents the load no longer touches, in three projections at once.
 */
final class ProjectionDrift {
    private final Stack stack;
    private final SteadyWrites writes;
    private final String adminToken;

    ProjectionDrift(Stack stack, SteadyWrites writes, String adminToken) {
        this.stack = stack;
        this.writes = writes;
        this.adminToken = adminToken;
    }

    void driftAndResend() {
        try {
            String[] agents = oldestPublishedAgents();
            drift(ServiceSpec.DEPLOYMENT_SERVICE, "update agent_refs set status = 'paused' where agent_id = ?::uuid", agents[0]);
            drift(ServiceSpec.TRIGGER_SERVICE, "delete from agent_refs where agent_id = ?::uuid", agents[1]);
            drift(ServiceSpec.MARKETPLACE_SERVICE, "update catalog_agents set status = 'paused' where agent_id = ?::uuid",
                    agents[2]);
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
        given().auth().oauth2(adminToken).when().post("/api/agents/admin/snapshots").then().statusCode(200);
    }

    private String[] oldestPublishedAgents() throws SQLException {
        String ids = ServiceDatabases.value(stack, ServiceSpec.AGENT_SERVICE, "select string_agg(id::text, ',') from"
                + " (select id from agents where user_id = ?::uuid and status = 'active' and published_at is not null"
                + " order by created_at limit 3) oldest", writes.ownerId());
        String[] agents = ids == null ? new String[0] : ids.split(",");
        if (agents.length < 3) {
            throw new IllegalStateException("the load has published only " + agents.length + " agents");
        }
        return agents;
    }

    private void drift(ServiceSpec service, String sql, String agent) throws SQLException {
        if (ServiceDatabases.update(stack, service, sql, agent) != 1) {
            throw new IllegalStateException(service.module() + " has no projection row of agent " + agent);
        }
    }
}
