package dev.agora.triggers.delivery;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.ObjectMapper;

import dev.agora.common.problem.FieldError;
import dev.agora.triggers.delivery.action.ActionConfigs;

class ActionConfigsTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    private static List<String> failingFields(String type, String config) throws Exception {
        List<FieldError> errors = new ArrayList<>();
        ActionConfigs.validate(type, JSON.readTree(config.replace('\'', '"')), "actions[0].config", errors);
        return errors.stream().map(FieldError::field).toList();
    }

    @Test
    void aWebhookNeedsAnHttpUrlWithAHostAndNoUserInfo() throws Exception {
        assertEquals(List.of(), failingFields("rest", "{'url':'https://hooks.example.com/a'}"));
        for (String url : List.of("ftp://example.com", "https://user:pw@example.com", "/relative", "http://")) {
            assertEquals(List.of("actions[0].config.url"), failingFields("rest", "{'url':'" + url + "'}"), url);
        }
        assertEquals(List.of("actions[0].config.url"), failingFields("rest", "{}"));
    }

    @Test
    void unknownSettingsReservedHeadersAndUnknownTemplateVariablesAreNamed() throws Exception {
        assertEquals(List.of("actions[0].config.colour", "actions[0].config.method", "actions[0].config.headers.Host",
                "actions[0].config.body"), failingFields("rest", "{'url':'https://example.com','colour':'red',"
                        + "'method':'TRACE','headers':{'Host':'x'},'body':'{{event.scroe}}'}"));
    }

    @Test
    void eachTypeRequiresItsOwnSettings() throws Exception {
        assertEquals(List.of("actions[0].config.chatId", "actions[0].config.message"), failingFields("telegram", "{}"));
        assertEquals(List.of("actions[0].config.serverUrl", "actions[0].config.toolName"), failingFields("mcp", "{}"));
        assertEquals(List.of(), failingFields("notification", "{}"));
        assertEquals(List.of("actions[0].config.priority"), failingFields("notification", "{'priority':'urgent'}"));
    }

    @Test
    void secretsAreRecognisedByTheirNameWhereverTheyStand() {
        for (String name : List.of("authToken", "botToken", "Authorization", "X-Api-Key", "api_key", "clientSecret",
                "password", "Cookie")) {
            assertTrue(ActionConfigs.isSecretName(name), name);
        }
        assertFalse(ActionConfigs.isSecretName("url"));
        assertFalse(ActionConfigs.isSecretName("chatId"));
    }

    @Test
    void aSecretIsBoundToTheAddressItIsSentTo() {
        assertEquals("url", ActionConfigs.addressSetting("rest"));
        assertEquals("serverUrl", ActionConfigs.addressSetting("mcp"));
        assertNull(ActionConfigs.addressSetting("telegram"));
    }
}
