package dev.agora.agents.agent.service;

import java.util.ArrayList;
import java.util.List;

import jakarta.enterprise.context.ApplicationScoped;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.networknt.schema.Error;
import com.networknt.schema.Schema;
import com.networknt.schema.SchemaException;
import com.networknt.schema.SchemaLocation;
import com.networknt.schema.SchemaRegistry;
import com.networknt.schema.SpecificationVersion;
import com.networknt.schema.path.NodePath;

import dev.agora.common.problem.FieldError;

/**
 * An agent's {@code ioSchema} ({@code {input, output}}, each a JSON Schema, draft 2020-12 unless it says
 * otherwise): each must itself be a valid schema (checked against the meta-schema), and the examples must
 * validate against them. Errors name the failing path ({@code exampleInput.city}).
 */
@ApplicationScoped
public class IoSchemas {
    private static final String META_SCHEMA = "https://json-schema.org/draft/2020-12/schema";

    // remote $refs are never fetched: only the bundled meta-schemas resolve
    private final SchemaRegistry registry = SchemaRegistry.withDefaultDialect(SpecificationVersion.DRAFT_2020_12,
            builder -> builder.schemaLoader(loader -> loader.fetchRemoteResources(false)));
    private final Schema metaSchema = registry.getSchema(SchemaLocation.of(META_SCHEMA));
    private final ObjectMapper mapper;

    public IoSchemas(ObjectMapper mapper) {
        this.mapper = mapper;
    }

    /** The errors of {@code ioSchema} itself; empty when each part is a valid JSON Schema. */
    public List<FieldError> checkSchema(JsonNode ioSchema) {
        List<FieldError> errors = new ArrayList<>();
        if (!ioSchema.isObject()) {
            errors.add(new FieldError("ioSchema", "must be an object {input, output} of JSON Schemas"));
            return errors;
        }
        ioSchema.fieldNames().forEachRemaining(name -> {
            if (!"input".equals(name) && !"output".equals(name)) {
                errors.add(new FieldError("ioSchema." + name, "unknown part: only input and output"));
            }
        });
        for (String part : List.of("input", "output")) {
            JsonNode schema = ioSchema.get(part);
            if (schema == null || schema.isNull()) {
                continue;
            }
            if (!schema.isObject() && !schema.isBoolean()) {
                errors.add(new FieldError("ioSchema." + part, "must be a JSON Schema (an object or a boolean)"));
                continue;
            }
            for (Error error : metaSchema.validate(schema)) {
                errors.add(new FieldError(path("ioSchema." + part, error), error.getMessage()));
            }
            if (errors.isEmpty()) {
                try {
                    registry.getSchema(schema).initializeValidators();
                } catch (SchemaException | IllegalArgumentException e) {
                    errors.add(new FieldError("ioSchema." + part, "is not a usable JSON Schema: " + e.getMessage()));
                }
            }
        }
        return errors;
    }

    /** The errors of {@code example} (named {@code field}) against {@code ioSchema.<part>}; empty when it conforms. */
    public List<FieldError> checkExample(JsonNode ioSchema, String part, String field, JsonNode example) {
        JsonNode schema = ioSchema == null ? null : ioSchema.get(part);
        if (schema == null || schema.isNull() || example == null) {
            return List.of();
        }
        try {
            return registry.getSchema(schema).validate(example).stream()
                    .map(error -> new FieldError(path(field, error), error.getMessage()))
                    .toList();
        } catch (SchemaException e) {
            return List.of(new FieldError("ioSchema." + part, "is not a usable JSON Schema: " + e.getMessage()));
        }
    }

    /** The failing place as {@code field.a.b[0]}; a missing required property is named too. */
    private static String path(String field, Error error) {
        StringBuilder path = new StringBuilder(field);
        NodePath location = error.getInstanceLocation();
        for (int i = 0; location != null && i < location.getNameCount(); i++) {
            Object element = location.getElement(i);
            if (element instanceof Integer index) {
                path.append('[').append(index).append(']');
            } else {
                path.append('.').append(element);
            }
        }
        if (error.getProperty() != null && "required".equals(error.getKeyword())) {
            path.append('.').append(error.getProperty());
        }
        return path.toString();
    }

    /** The example, stored as text, against its part of the schema: it must be JSON that the schema accepts. */
    public List<FieldError> checkExample(JsonNode ioSchema, String part, String field, String example) {
        if (example == null || ioSchema.get(part) == null || ioSchema.get(part).isNull()) {
            return List.of();
        }
        JsonNode parsed;
        try {
            parsed = mapper.readTree(example);
        } catch (JsonProcessingException e) {
            return List.of(new FieldError(field, "must be JSON to be checked against ioSchema." + part));
        }
        return checkExample(ioSchema, part, field, parsed);
    }

    /** Examples are stored as text; a JSON value is stored as its JSON text. */
    public static String exampleText(String field, JsonNode example, List<FieldError> errors) {
        if (example == null || example.isNull()) {
            return null;
        }
        String text = example.isTextual() ? example.asText() : example.toString();
        if (text.length() > AgentRules.MAX_JSON_CHARS) {
            errors.add(new FieldError(field, "must be at most " + AgentRules.MAX_JSON_CHARS + " characters"));
            return null;
        }
        return text;
    }
}
