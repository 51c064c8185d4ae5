package dev.agora.agents.agent.repository;

import jakarta.persistence.AttributeConverter;
import jakarta.persistence.Converter;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

/** A JSON array kept in a text column: Hibernate Reactive binds its JSON type as an object only. */
@Converter
public class JsonArrayText implements AttributeConverter<JsonNode, String> {
    private static final ObjectMapper MAPPER = new ObjectMapper();

    @Override
    public String convertToDatabaseColumn(JsonNode value) {
        return value == null ? "[]" : value.toString();
    }

    @Override
    public JsonNode convertToEntityAttribute(String text) {
        try {
            return MAPPER.readTree(text == null ? "[]" : text);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("not a JSON array: " + text, e);
        }
    }
}
