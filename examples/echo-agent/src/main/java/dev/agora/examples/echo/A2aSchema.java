package dev.agora.examples.echo;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.networknt.schema.Error;
import com.networknt.schema.Schema;
import com.networknt.schema.SchemaLocation;
import com.networknt.schema.SchemaRegistry;
import com.networknt.schema.SpecificationVersion;

/**
 * The normative JSON Schema of A2A v0.3.0 ({@code a2a/a2a-v0.3.0.schema.json} on the classpath: the
 * a2aproject/A2A repository's {@code specification/json/a2a.json} at tag v0.3.0, draft-07, Apache-2.0).
 * Tests use it to check what a client sends and what an agent answers:
 * <pre>{@code
 * List<String> problems = A2aSchema.violations(requestBody, "SendMessageRequest");
 * assertTrue(problems.isEmpty(), String.join("\n", problems));
 * }</pre>
 * Thread-safe; the schema is read once.
 */
public final class A2aSchema {
    /** The A2A protocol version of the bundled schema. */
    public static final String PROTOCOL_VERSION = "0.3.0";
    /** The classpath resource holding the schema. */
    public static final String RESOURCE = "a2a/a2a-v0.3.0.schema.json";

    // the document's address inside the registry only: it is served from the resource, never fetched
    private static final String IRI = "https://agora.dev/a2a/a2a-v0.3.0.schema.json";
    private static final String TEXT = read();
    private static final Set<String> DEFINITIONS = definitionNames(TEXT);
    private static final SchemaRegistry REGISTRY = SchemaRegistry.withDefaultDialect(SpecificationVersion.DRAFT_7,
            builder -> builder.schemas(iri -> IRI.equals(iri) ? TEXT : null));
    private static final Map<String, Schema> SCHEMAS = new ConcurrentHashMap<>();

    private A2aSchema() {
    }

    /**
     * The violations of {@code json} against the schema's {@code #/definitions/<definition>}
     * (e.g. "SendMessageRequest", "SendMessageResponse", "GetTaskResponse", "AgentCard", "Task");
     * empty when it conforms. Each entry names the place in {@code json} and what is wrong.
     *
     * @throws IllegalArgumentException when the schema has no such definition
     */
    public static List<String> violations(JsonNode json, String definition) {
        Schema schema = SCHEMAS.computeIfAbsent(definition, A2aSchema::load);
        return schema.validate(json).stream().map(Error::toString).toList();
    }

    /** The names of every definition in the schema ("AgentCard", "Task", "SendMessageRequest", ...). */
    public static Set<String> definitions() {
        return DEFINITIONS;
    }

    private static Schema load(String definition) {
        if (!DEFINITIONS.contains(definition)) {
            throw new IllegalArgumentException("the A2A v" + PROTOCOL_VERSION + " schema has no definition '" + definition
                    + "'; known: " + DEFINITIONS);
        }
        return REGISTRY.getSchema(SchemaLocation.of(IRI + "#/definitions/" + definition));
    }

    private static String read() {
        try (InputStream in = A2aSchema.class.getClassLoader().getResourceAsStream(RESOURCE)) {
            if (in == null) {
                throw new IllegalStateException(RESOURCE + " is missing from the classpath");
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static Set<String> definitionNames(String text) {
        try {
            Set<String> names = new TreeSet<>();
            new ObjectMapper().readTree(text).path("definitions").fieldNames().forEachRemaining(names::add);
            return java.util.Collections.unmodifiableSet(names);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
