package dev.agora.testsupport;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import com.networknt.schema.Error;
import com.networknt.schema.InputFormat;
import com.networknt.schema.Schema;
import com.networknt.schema.SchemaLocation;
import com.networknt.schema.SchemaRegistry;
import com.networknt.schema.SpecificationVersion;

/**
 * Checks event payloads against the published JSON Schemas in the repository's {@code contracts/}
 * folder, so a service cannot drift from the contract outside subscribers rely on.
 * Needs {@code com.networknt:json-schema-validator} on the caller's test classpath.
 */
public final class EventContracts {
    private static final String BASE = "https://agora.dev/contracts/";

    private final SchemaRegistry registry;

    /** @param contracts the {@code contracts/} folder (from a module: {@code Path.of("../contracts")}) */
    public EventContracts(Path contracts) {
        Path root = contracts.toAbsolutePath().normalize();
        // $ids and $refs are https://agora.dev/contracts/...: served from the files, never fetched
        this.registry = SchemaRegistry.withDefaultDialect(SpecificationVersion.DRAFT_2020_12,
                builder -> builder.schemas(iri -> iri.startsWith(BASE) ? read(root.resolve(iri.substring(BASE.length()))) : null));
    }

    /** The violations of {@code json} against {@code contracts/<topic>/<type>.schema.json}; empty when it conforms. */
    public List<String> violations(String topic, String type, String json) {
        Schema schema = registry.getSchema(SchemaLocation.of(BASE + topic + "/" + type + ".schema.json"));
        return schema.validate(json, InputFormat.JSON).stream().map(Error::toString).toList();
    }

    private static String read(Path file) {
        try {
            return Files.readString(file);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
