package dev.agora.examples.echo;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;

class A2aSchemaTest {

    @Test
    void aValidSendMessageRequestHasNoViolations() {
        JsonNode request = A2aClient.parse("""
                {"jsonrpc": "2.0", "id": "r-1", "method": "message/send",
                 "params": {"message": {"kind": "message", "role": "user", "messageId": "m-1",
                                        "parts": [{"kind": "text", "text": "hi"}, {"kind": "data", "data": {"a": 1}}]},
                            "configuration": {"blocking": false, "acceptedOutputModes": ["text/plain"]}}}
                """);
        assertEquals(List.of(), A2aSchema.violations(request, "SendMessageRequest"));
        assertEquals(List.of(), A2aSchema.violations(request.at("/params/message"), "Message"));
    }

    @Test
    void violationsNameWhatIsMissingOrWrong() {
        JsonNode request = A2aClient.parse("""
                {"jsonrpc": "2.0", "id": 7, "method": "message/send",
                 "params": {"message": {"kind": "message", "messageId": "m-1", "parts": [{"kind": "text"}]}}}
                """);
        List<String> violations = A2aSchema.violations(request, "SendMessageRequest");
        assertFalse(violations.isEmpty());
        assertTrue(violations.stream().anyMatch(v -> v.contains("role")), violations::toString);
        assertFalse(A2aSchema.violations(request, "GetTaskRequest").isEmpty(), "a message/send is no tasks/get");
    }

    @Test
    void responsesAreCheckedThroughTheirAnyOf() {
        JsonNode incomplete = A2aClient.parse("{\"jsonrpc\":\"2.0\",\"id\":1,\"result\":{\"kind\":\"task\"}}");
        assertFalse(A2aSchema.violations(incomplete, "SendMessageResponse").isEmpty());
        JsonNode error = A2aClient.parse("{\"jsonrpc\":\"2.0\",\"id\":null,\"error\":{\"code\":-32700,\"message\":\"Invalid JSON payload\"}}");
        assertEquals(List.of(), A2aSchema.violations(error, "SendMessageResponse"));
    }

    @Test
    void anUnknownDefinitionIsAnIllegalArgument() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> A2aSchema.violations(A2aClient.parse("{}"), "NoSuchThing"));
        assertTrue(e.getMessage().contains("NoSuchThing"));
        assertTrue(A2aSchema.definitions().containsAll(List.of("AgentCard", "SendMessageRequest", "SendMessageResponse",
                "GetTaskRequest", "CancelTaskRequest", "SendStreamingMessageRequest", "Task")));
    }
}
