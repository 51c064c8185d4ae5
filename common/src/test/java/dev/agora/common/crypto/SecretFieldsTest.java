package dev.agora.common.crypto;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.UUID;

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import dev.agora.common.problem.FieldError;

class SecretFieldsTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String KEY = Base64.getEncoder().encodeToString(new byte[32]);
    private static final String OLD_KEY = Base64.getEncoder().encodeToString(new byte[16]);
    /** Like trigger actions: any field whose name speaks of a token, at any depth. */
    private static final SecretFieldRule TOKENS = path -> path.get(path.size() - 1).toLowerCase().contains("token");
    private static final SecretPlace CONFIG = new SecretPlace(UUID.randomUUID(), UUID.randomUUID(), "actions[0].config");

    private final SecretFields fields = new SecretFields(SecretCipher.fromConfig("agora.test", KEY, List.of()), TOKENS);

    private static JsonNode json(String text) throws Exception {
        return JSON.readTree(text.replace('\'', '"'));
    }

    @Test
    void sealsOnlyTheSecretFieldsEachBoundToItsOwnPath() throws Exception {
        List<FieldError> errors = new ArrayList<>();
        JsonNode sealed = fields.sealSent(json("{'url':'https://x','authToken':'t1','headers':{'X-Token':'t2','X-Plain':'p'}}"),
                null, CONFIG, null, errors);
        assertEquals(List.of(), errors);
        assertEquals("https://x", sealed.get("url").asText());
        assertEquals("p", sealed.path("headers").get("X-Plain").asText());
        assertTrue(sealed.get("authToken").asText().startsWith("enc:v2:"));
        assertEquals("t1", fields.open(sealed, CONFIG).get("authToken").asText());
        assertEquals("t2", fields.open(sealed, CONFIG).path("headers").get("X-Token").asText());
        assertEquals(List.of("authToken", "headers.X-Token"), fields.secretPaths(sealed));
        // the header's value does not open as the action's token: each is bound to its path
        JsonNode swapped = sealed.deepCopy();
        ((com.fasterxml.jackson.databind.node.ObjectNode) swapped).set("authToken", sealed.path("headers").get("X-Token"));
        UnreadableSecretException refused = assertThrows(UnreadableSecretException.class, () -> fields.open(swapped, CONFIG));
        assertTrue(refused.getMessage().contains("actions[0].config.authToken"), refused.getMessage());
    }

    @Test
    void aValueThatLooksSealedIsRefusedNamingTheFieldButIsPlainTextElsewhere() throws Exception {
        String ciphertext = fields.sealSent(json("{'authToken':'someone-elses'}"), null, CONFIG, null, new ArrayList<>())
                .get("authToken").asText();
        List<FieldError> errors = new ArrayList<>();
        JsonNode sealed = fields.sealSent(json("{'authToken':'" + ciphertext + "','headers':{'X-Token':'enc:v1:AAAA'},"
                + "'message':'" + ciphertext + "'}"), null, CONFIG, null, errors);
        assertEquals(List.of("actions[0].config.authToken", "actions[0].config.headers.X-Token"),
                errors.stream().map(FieldError::field).toList());
        // a field that holds no secret is never opened: the text stays the text it is
        assertEquals(ciphertext, sealed.get("message").asText());
        assertFalse(fields.mask(sealed).get("message").asText().equals(SecretFields.MASK));
    }

    @Test
    void theMaskKeepsTheStoredSecretOnlyWhileTheAddressIsUnchanged() throws Exception {
        JsonNode stored = fields.sealSent(json("{'url':'https://a','authToken':'t1'}"), null, CONFIG, null, new ArrayList<>());
        List<FieldError> errors = new ArrayList<>();
        JsonNode kept = fields.sealSent(json("{'url':'https://a','authToken':'********'}"), stored, CONFIG, null, errors);
        assertEquals(List.of(), errors);
        assertEquals(stored.get("authToken"), kept.get("authToken"));

        fields.sealSent(json("{'url':'https://b','authToken':'********'}"), stored, CONFIG, "actions[0].config.url", errors);
        assertEquals(1, errors.size());
        assertEquals("actions[0].config.authToken", errors.get(0).field());
        assertTrue(errors.get(0).message().contains("actions[0].config.url changed"), errors.get(0).message());

        List<FieldError> nothingStored = new ArrayList<>();
        fields.sealSent(json("{'authToken':'********'}"), null, CONFIG, null, nothingStored);
        assertEquals("actions[0].config.authToken", nothingStored.get(0).field());
    }

    @Test
    void masksEverySecretForAnswers() throws Exception {
        JsonNode stored = fields.sealSent(json("{'authToken':'t1','nested':{'botToken':'t2'},'n':1}"), null, CONFIG, null,
                new ArrayList<>());
        JsonNode masked = fields.mask(stored);
        assertEquals(SecretFields.MASK, masked.get("authToken").asText());
        assertEquals(SecretFields.MASK, masked.path("nested").get("botToken").asText());
        assertEquals(1, masked.get("n").asInt());
    }

    @Test
    void resealingUpgradesPreviousKeyValuesAndReportsTheOnesNoKeyOpens() throws Exception {
        SecretFields before = new SecretFields(SecretCipher.fromConfig("agora.test", OLD_KEY, List.of()), TOKENS);
        JsonNode stored = before.sealSent(json("{'authToken':'t1','botToken':'t2'}"), null, CONFIG, null, new ArrayList<>());
        ((com.fasterxml.jackson.databind.node.ObjectNode) stored).put("botToken",
                new SecretFields(SecretCipher.fromConfig("agora.test", Base64.getEncoder().encodeToString(new byte[24]),
                        List.of()), TOKENS).sealSent(json("{'botToken':'lost'}"), null, CONFIG, null, new ArrayList<>())
                        .get("botToken").asText());

        SecretFields rotated = new SecretFields(SecretCipher.fromConfig("agora.test", KEY, List.of(OLD_KEY)), TOKENS);
        SecretFields.Resealed resealed = rotated.reseal(stored, CONFIG);
        assertEquals(1, resealed.values());
        assertEquals(List.of("actions[0].config.botToken"), resealed.unreadableFields());
        // what was sealed again opens with the current key alone
        assertEquals("t1", SecretCipher.fromConfig("agora.test", KEY, List.of())
                .open(resealed.document().get("authToken").asText(), CONFIG.child("authToken")));
        // a second run has nothing left to seal
        assertEquals(0, rotated.reseal(resealed.document(), CONFIG).values());
    }
}
