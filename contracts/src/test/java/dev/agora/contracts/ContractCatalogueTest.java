package dev.agora.contracts;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.yaml.snakeyaml.Yaml;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.networknt.schema.InputFormat;
import com.networknt.schema.Schema;
import com.networknt.schema.SchemaLocation;
import com.networknt.schema.SchemaRegistry;
import com.networknt.schema.SpecificationVersion;

/**
 * Keeps the event contracts honest: every schema is a valid draft 2020-12 schema whose {@code $id} is its own
 * path, every {@code $ref} resolves, and the AsyncAPI catalogue lists exactly the event schemas there are, each on
 * the channel of its topic.
 */
class ContractCatalogueTest {
    private static final String BASE = "https://agora.dev/contracts/";
    private static final String DRAFT_2020_12 = "https://json-schema.org/draft/2020-12/schema";
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Path ROOT = Path.of(System.getProperty("agora.contracts", ".")).toAbsolutePath().normalize();

    @Test
    void everySchemaIsAValidDraft202012SchemaNamedByItsPath() {
        SchemaRegistry registry = SchemaRegistry.withDefaultDialect(SpecificationVersion.DRAFT_2020_12);
        Schema metaSchema = registry.getSchema(SchemaLocation.of(DRAFT_2020_12));
        List<String> problems = new ArrayList<>();
        for (Path file : schemaFiles()) {
            String relative = relative(file);
            JsonNode schema = read(file);
            if (!DRAFT_2020_12.equals(schema.path("$schema").asText())) {
                problems.add(relative + ": $schema is not draft 2020-12");
            }
            if (!(BASE + relative).equals(schema.path("$id").asText())) {
                problems.add(relative + ": $id is not " + BASE + relative);
            }
            metaSchema.validate(schema.toString(), InputFormat.JSON)
                    .forEach(error -> problems.add(relative + ": " + error));
        }
        assertEquals(List.of(), problems);
    }

    @Test
    void everyEventSchemaIsTitledWithItsCloudEventType() {
        List<String> problems = new ArrayList<>();
        for (Path file : eventSchemaFiles()) {
            String type = eventType(file);
            if (!type.equals(read(file).path("title").asText())) {
                problems.add(relative(file) + ": title is not " + type);
            }
        }
        assertEquals(List.of(), problems);
    }

    @Test
    void everyReferenceBetweenSchemasResolvesToAFile() {
        List<String> problems = new ArrayList<>();
        for (Path file : schemaFiles()) {
            read(file).findValues("$ref").stream()
                    .map(JsonNode::asText)
                    .filter(ref -> !ref.startsWith("#"))
                    .map(ref -> ref.contains("#") ? ref.substring(0, ref.indexOf('#')) : ref)
                    .filter(ref -> !Files.isRegularFile(file.getParent().resolve(ref)))
                    .forEach(ref -> problems.add(relative(file) + ": $ref " + ref + " does not exist"));
        }
        assertEquals(List.of(), problems);
    }

    @Test
    @SuppressWarnings("unchecked")
    void asyncApiCatalogueListsExactlyTheEventSchemasOnTheirTopicsChannel() {
        Map<String, Object> asyncApi = asyncApi();
        Map<String, Map<String, Object>> messages = section((Map<String, ?>) asyncApi.get("components"), "messages");
        Map<String, String> payloadByType = new TreeMap<>();
        messages.forEach((key, message) -> payloadByType.put(String.valueOf(message.get("name")),
                String.valueOf(((Map<?, ?>) message.get("payload")).get("$ref"))));

        Map<String, String> expected = new TreeMap<>();
        eventSchemaFiles().forEach(file -> expected.put(eventType(file), relative(file)));
        assertEquals(expected, payloadByType, "components.messages: name -> payload $ref");

        Map<String, Set<String>> messageKeysByTopic = new TreeMap<>();
        section(asyncApi, "channels").forEach((key, channel) -> messageKeysByTopic.put(String.valueOf(channel.get("address")),
                messageRefs(channel).stream()
                        .map(ref -> ref.replace("#/components/messages/", ""))
                        .collect(Collectors.toCollection(java.util.TreeSet::new))));
        messages.forEach((key, message) -> {
            String payload = String.valueOf(((Map<?, ?>) message.get("payload")).get("$ref"));
            String topic = payload.substring(0, payload.indexOf('/'));
            assertTrue(messageKeysByTopic.getOrDefault(topic, Set.of()).contains(key),
                    "message " + key + " is not on the channel of " + topic);
        });
        messageKeysByTopic.values().forEach(keys -> keys.forEach(key -> assertTrue(messages.containsKey(key),
                "channel message " + key + " has no components.messages entry")));
    }

    @Test
    void everyTopicFolderHasAChannelAndAnOperation() {
        Map<String, Object> asyncApi = asyncApi();
        Set<String> addresses = section(asyncApi, "channels").values().stream()
                .map(channel -> String.valueOf(channel.get("address"))).collect(Collectors.toSet());
        Set<String> channelsWithOperation = section(asyncApi, "operations").values().stream()
                .map(operation -> String.valueOf(((Map<?, ?>) operation.get("channel")).get("$ref")))
                .collect(Collectors.toSet());
        for (Path topic : topicFolders()) {
            String name = topic.getFileName().toString();
            assertTrue(addresses.contains(name), "no channel with address " + name);
        }
        section(asyncApi, "channels").keySet().forEach(key -> assertTrue(channelsWithOperation.contains("#/channels/" + key),
                "channel " + key + " has no operation"));
        assertFalse(addresses.isEmpty());
    }

    @SuppressWarnings("unchecked")
    private static List<String> messageRefs(Map<String, Object> channel) {
        return ((Map<String, Map<String, String>>) channel.get("messages")).values().stream().map(ref -> ref.get("$ref")).toList();
    }

    private static List<Path> topicFolders() {
        try (Stream<Path> folders = Files.list(ROOT)) {
            return folders.filter(Files::isDirectory).filter(folder -> folder.getFileName().toString().matches("[a-z]+\\.v\\d+"))
                    .sorted().toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static List<Path> schemaFiles() {
        List<Path> files = new ArrayList<>();
        for (Path folder : topicFolders()) {
            try (Stream<Path> entries = Files.list(folder)) {
                entries.filter(file -> file.getFileName().toString().endsWith(".schema.json")).sorted().forEach(files::add);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        assertFalse(files.isEmpty(), "no schemas under " + ROOT);
        return files;
    }

    /** Event schemas are named after their CloudEvent type ({@code agora.*}); the others are shared parts. */
    private static List<Path> eventSchemaFiles() {
        return schemaFiles().stream().filter(file -> file.getFileName().toString().startsWith("agora.")).toList();
    }

    private static String eventType(Path file) {
        return file.getFileName().toString().replace(".schema.json", "");
    }

    private static String relative(Path file) {
        return ROOT.relativize(file).toString().replace('\\', '/');
    }

    private static JsonNode read(Path file) {
        try {
            return JSON.readTree(file.toFile());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static Map<String, Object> asyncApi() {
        try {
            return new Yaml().load(Files.readString(ROOT.resolve("asyncapi.yaml")));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Map<String, Object>> section(Map<String, ?> parent, String key) {
        return (Map<String, Map<String, Object>>) parent.get(key);
    }
}
