package dev.agora.agents.agent;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import dev.agora.agents.agent.repository.Agent;
import dev.agora.agents.agent.service.AgentTypeRules;
import dev.agora.common.problem.FieldError;

class AgentTypeRulesTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    private static JsonNode json(String text) throws Exception {
        return JSON.readTree(text.replace('\'', '"'));
    }

    private static List<String> failingFields(Agent agent) {
        List<FieldError> errors = new ArrayList<>();
        AgentTypeRules.validate(agent, errors);
        return errors.stream().map(FieldError::field).toList();
    }

    private static Agent agent(String type) {
        Agent agent = new Agent();
        agent.type = type;
        return agent;
    }

    @Test
    void aContextAgentNeedsAnLlmConfigurationAndASystemPromptAndNoEndpoint() throws Exception {
        Agent agent = agent("context");
        agent.endpoint = json("{'url':'https://agent.example.com'}");
        assertEquals(List.of("llmConfig", "context", "endpoint"), failingFields(agent));

        agent.endpoint = null;
        agent.llmConfig = json("{'provider':'openai','model':'gpt-4o'}");
        agent.context = "You answer questions.";
        assertEquals(List.of(), failingFields(agent));
    }

    @Test
    void anApiAgentNeedsAnEndpointOrARepositoryAndAnExternalOneAnEndpoint() throws Exception {
        assertEquals(List.of("endpoint"), failingFields(agent("api")));
        Agent deployed = agent("api");
        deployed.githubUrl = "https://github.com/acme/agent";
        assertEquals(List.of(), failingFields(deployed));

        Agent external = agent("external");
        external.githubUrl = "https://github.com/acme/agent";
        assertEquals(List.of("endpoint"), failingFields(external));
        external.endpoint = json("{'url':'https://agent.example.com/a2a'}");
        external.llmConfig = json("{'provider':'openai','model':'gpt-4o'}");
        assertEquals(List.of("llmConfig"), failingFields(external));
    }

    @Test
    void theLlmConfigurationNamesEachFieldOutOfItsBounds() throws Exception {
        Agent agent = agent("context");
        agent.context = "prompt";
        agent.llmConfig = json("{'provider':'acme','model':'','baseUrl':'ftp://x','apiKey':' ',"
                + "'parameters':{'temperature':3,'maxTokens':0,'topP':1.5}}");
        assertEquals(List.of("llmConfig.provider", "llmConfig.model", "llmConfig.baseUrl", "llmConfig.apiKey",
                "llmConfig.parameters.temperature", "llmConfig.parameters.maxTokens", "llmConfig.parameters.topP"),
                failingFields(agent));
    }

    @Test
    void theEndpointNamesEachFieldOutOfItsBounds() throws Exception {
        Agent agent = agent("api");
        agent.endpoint = json("{'url':'not a url','method':'TRACE','headers':{'X-A':1},"
                + "'authentication':{'type':'oauth','config':[]},'requestTransform':3,'statusWebhook':'nope'}");
        assertEquals(List.of("endpoint.url", "endpoint.method", "endpoint.headers.X-A", "endpoint.authentication.type",
                "endpoint.authentication.config", "endpoint.requestTransform", "endpoint.statusWebhook"),
                failingFields(agent));
    }

    @Test
    void changingTheTypeDropsWhatTheNewTypeForbids() throws Exception {
        Agent agent = agent("context");
        agent.llmConfig = json("{'provider':'openai','model':'gpt-4o'}");
        List<String> changed = new ArrayList<>();
        AgentTypeRules.applyType(agent, "api", changed);
        assertEquals(List.of("type", "llmConfig"), changed);
        assertNull(agent.llmConfig);

        agent.endpoint = json("{'url':'https://agent.example.com'}");
        changed.clear();
        AgentTypeRules.applyType(agent, "context", changed);
        assertEquals(List.of("type", "endpoint"), changed);
        assertNull(agent.endpoint);

        changed.clear();
        AgentTypeRules.applyType(agent, "context", changed);
        assertEquals(List.of(), changed);
    }
}
