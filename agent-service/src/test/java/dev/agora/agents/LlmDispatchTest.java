package dev.agora.agents;

import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import dev.agora.agents.FakeHttpAgent.Answer;
import dev.agora.agents.TaskHires.Hire;
import dev.agora.agents.TestAgents.Caller;
import dev.agora.testsupport.KafkaTestResource;
import dev.agora.testsupport.PostgresTestResource;
import dev.agora.testsupport.TestDatabase;
import dev.agora.testsupport.TopicReader;
import io.quarkus.test.common.TestResourceScope;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;

/**
 * Context agents: the task sent to the model of the agent's llmConfig (with its sealed key opened only for the call)
 * over a real HTTP server speaking the OpenAI-compatible chat-completions API or Anthropic's Messages API; streamed
 * text becomes progress, the whole text the result.
 */
@QuarkusTest
@WithTestResource(value = PostgresTestResource.class, scope = TestResourceScope.GLOBAL)
@WithTestResource(value = KafkaTestResource.class, scope = TestResourceScope.GLOBAL)
class LlmDispatchTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static TopicReader agentsTopic;

    private final Caller owner = Caller.user();

    @BeforeAll
    static void subscribe() {
        agentsTopic = TopicReader.of("agents.v1");
    }

    @AfterAll
    static void close() {
        agentsTopic.close();
    }

    private String contextAgent(String provider, String baseUrl, String key) {
        String body = """
                {"name":"Terse","subdomain":"%s","type":"context","context":"You answer in one line.",
                 "llmConfig":{"provider":"%s","model":"model-x","baseUrl":"%s","apiKey":"%s",
                  "parameters":{"temperature":0.2,"maxTokens":64}}}"""
                .formatted(TestAgents.uniqueSlug("llm"), provider, baseUrl, key);
        return owner.request().body(body).when().post("/api/agents").then().statusCode(201)
                .body("llmConfig.apiKey", equalTo("********")).extract().path("id");
    }

    private static List<String> openAiChunks(String... deltas) {
        List<String> events = new ArrayList<>();
        for (String delta : deltas) {
            events.add("data: {\"id\":\"c1\",\"object\":\"chat.completion.chunk\",\"choices\":[{\"index\":0,\"delta\":{\"content\":"
                    + JSON.valueToTree(delta) + "},\"finish_reason\":null}]}");
        }
        events.add("data: [DONE]");
        return events;
    }

    @Test
    void anOpenAiCompatibleModelsStreamedAnswerBecomesProgressAndTheResult() throws Exception {
        String longPiece = "x".repeat(450);
        try (FakeHttpAgent model = FakeHttpAgent.start(request -> Answer.eventStream(
                openAiChunks("Hello", " from", " the model. ", longPiece, "Done."), 50))) {
            String agentId = contextAgent("openai", model.url("/v1").toString(), "sk-live-secret");
            String stored = TestDatabase.query("select llm_config ->> 'apiKey' from agents where id = ?",
                    UUID.fromString(agentId), rows -> rows.next() ? rows.getString(1) : null);
            assertTrue(stored.startsWith("enc:"), "the key is sealed at rest");

            Hire hire = TaskHires.hire(agentId, owner.id(), "Greet", "Say hello");
            assertEquals("llm", TaskHires.await(agentsTopic, hire, "agora.task-run.dispatched.v1").path("transport").asText());
            JsonNode step = TaskHires.await(agentsTopic, hire, "agora.task-run.progressed.v1").path("step");
            assertEquals("output", step.path("kind").asText());
            assertTrue(step.path("text").asText().startsWith("Hello from the model."), step.toString());
            JsonNode result = TaskHires.await(agentsTopic, hire, "agora.task-run.completed.v1").path("result");
            assertEquals("Hello from the model. " + longPiece + "Done.", result.path("text").asText());

            FakeHttpAgent.Request request = model.received("POST", "/v1/chat/completions").get(0);
            assertEquals("Bearer sk-live-secret", request.header("Authorization"));
            JsonNode sent = JSON.readTree(request.body());
            assertEquals("model-x", sent.path("model").asText());
            assertEquals(true, sent.path("stream").asBoolean());
            assertEquals("system", sent.path("messages").get(0).path("role").asText());
            assertEquals("You answer in one line.", sent.path("messages").get(0).path("content").asText());
            assertEquals("Greet\n\nSay hello", sent.path("messages").get(1).path("content").asText());
            assertEquals(0.2, sent.path("temperature").asDouble());
            assertEquals(64, sent.path("max_tokens").asInt());
        }
    }

    @Test
    void anAnthropicModelIsCalledOverTheMessagesApi() throws Exception {
        List<String> events = List.of(
                "event: message_start\ndata: {\"type\":\"message_start\",\"message\":{\"id\":\"msg_1\",\"role\":\"assistant\",\"content\":[]}}",
                "event: content_block_start\ndata: {\"type\":\"content_block_start\",\"index\":0,\"content_block\":{\"type\":\"text\",\"text\":\"\"}}",
                "event: ping\ndata: {\"type\":\"ping\"}",
                "event: content_block_delta\ndata: {\"type\":\"content_block_delta\",\"index\":0,\"delta\":{\"type\":\"text_delta\",\"text\":\"Bonjour\"}}",
                "event: content_block_delta\ndata: {\"type\":\"content_block_delta\",\"index\":0,\"delta\":{\"type\":\"text_delta\",\"text\":\" !\"}}",
                "event: content_block_stop\ndata: {\"type\":\"content_block_stop\",\"index\":0}",
                "event: message_delta\ndata: {\"type\":\"message_delta\",\"delta\":{\"stop_reason\":\"end_turn\"}}",
                "event: message_stop\ndata: {\"type\":\"message_stop\"}");
        try (FakeHttpAgent model = FakeHttpAgent.start(request -> Answer.eventStream(events, 10))) {
            String agentId = contextAgent("anthropic", model.url("/").toString(), "sk-ant-secret");
            Hire hire = TaskHires.hire(agentId, owner.id(), "Greet", "In French");
            JsonNode result = TaskHires.await(agentsTopic, hire, "agora.task-run.completed.v1").path("result");
            assertEquals("Bonjour !", result.path("text").asText());

            FakeHttpAgent.Request request = model.received("POST", "/v1/messages").get(0);
            assertEquals("sk-ant-secret", request.header("x-api-key"));
            assertEquals("2023-06-01", request.header("anthropic-version"));
            JsonNode sent = JSON.readTree(request.body());
            assertEquals("You answer in one line.", sent.path("system").asText());
            assertEquals(64, sent.path("max_tokens").asInt());
            assertEquals("user", sent.path("messages").get(0).path("role").asText());
        }
    }

    @Test
    void aProviderRefusingTheKeyFailsTheTaskWithItsMessage() throws Exception {
        try (FakeHttpAgent model = FakeHttpAgent.start(request -> Answer.json(401,
                "{\"error\":{\"message\":\"Incorrect API key provided\",\"type\":\"invalid_request_error\"}}"))) {
            String agentId = contextAgent("openai", model.url("/v1").toString(), "sk-wrong");
            Hire hire = TaskHires.hire(agentId, owner.id(), "Greet", "Say hello");
            JsonNode failed = TaskHires.await(agentsTopic, hire, "agora.task-run.failed.v1");
            assertEquals("not-dispatchable", failed.path("code").asText());
            assertTrue(failed.path("reason").asText().contains("HTTP 401: Incorrect API key provided"), failed.toString());
        }
    }

    @Test
    void aModelErrorMidStreamFailsTheTask() throws Exception {
        try (FakeHttpAgent model = FakeHttpAgent.start(request -> Answer.eventStream(List.of(
                "data: {\"choices\":[{\"delta\":{\"content\":\"Hel\"}}]}",
                "data: {\"error\":{\"message\":\"content policy\",\"type\":\"invalid_request_error\"}}"), 10))) {
            String agentId = contextAgent("openai", model.url("/v1").toString(), "sk-x");
            Hire hire = TaskHires.hire(agentId, owner.id(), "Greet", "Say hello");
            JsonNode failed = TaskHires.await(agentsTopic, hire, "agora.task-run.failed.v1");
            assertEquals("agent-failed", failed.path("code").asText());
            assertTrue(failed.path("reason").asText().contains("content policy"));
        }
    }

    @Test
    void theKeyIsMaskedKeptWhenSentBackMaskedAndRefusedInTemplates() {
        String agentId = contextAgent("openai", "https://llm.example.com/v1", "sk-keep-me");
        owner.request().body("{\"llmConfig\":{\"provider\":\"openai\",\"model\":\"model-y\",\"baseUrl\":\"https://llm.example.com/v1\","
                + "\"apiKey\":\"********\"}}").when().patch("/api/agents/" + agentId).then().statusCode(200)
                .body("llmConfig.model", equalTo("model-y")).body("llmConfig.apiKey", equalTo("********"));
        owner.request().body("{\"llmConfig\":{\"provider\":\"openai\",\"model\":\"model-y\",\"baseUrl\":\"not a url\"}}")
                .when().patch("/api/agents/" + agentId).then().statusCode(400)
                .body("errors.field", org.hamcrest.Matchers.hasItem("llmConfig.baseUrl"));
        owner.request().body("{\"name\":\"LLM template\",\"type\":\"context\",\"defaultConfig\":{\"llmConfig\":"
                + "{\"provider\":\"openai\",\"model\":\"m\",\"apiKey\":\"sk-shared\"}}}").when().post("/api/agents/templates")
                .then().statusCode(400).body("errors[0].field", equalTo("defaultConfig.llmConfig.apiKey"));
    }
}
