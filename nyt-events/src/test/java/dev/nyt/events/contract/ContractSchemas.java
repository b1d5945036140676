package dev.nyt.events.contract;

import com.networknt.schema.Error;
import com.networknt.schema.InputFormat;
import com.networknt.schema.Schema;
import com.networknt.schema.SchemaLocation;
import com.networknt.schema.SchemaRegistry;
import com.networknt.schema.SpecificationVersion;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Stream;

/**
 * The JSON Schemas of {@code schemas/} (at the repository root), loaded from the file system: the
 * {@code $id} prefix {@value #ID_PREFIX} is mapped to that folder, so {@code $ref}s between the files
 * resolve locally and nothing is ever fetched from the network. Format assertions are on, so
 * {@code format: date-time} is checked, not just annotated.
 */
final class ContractSchemas {

    static final String ID_PREFIX = "https://nyt.dev/schemas/";
    static final String SUFFIX = ".schema.json";
    static final String COMMON = "common";
    static final String META_SCHEMA = "https://json-schema.org/draft/2020-12/schema";

    private static final ContractSchemas INSTANCE = new ContractSchemas(locateSchemasFolder());

    private final Path folder;
    private final SchemaRegistry registry;
    private final Map<String, Schema> schemas = new ConcurrentHashMap<>();

    private ContractSchemas(Path folder) {
        this.folder = folder;
        // schemas(...) consults the mapping first; a null answer falls through to the built-in
        // meta-schemas on the classpath. Remote fetching is off by default in json-schema-validator 3.
        this.registry = SchemaRegistry.withDefaultDialect(SpecificationVersion.DRAFT_2020_12,
                builder -> builder.schemas(this::readById));
    }

    static ContractSchemas get() {
        return INSTANCE;
    }

    /** The {@code schemas/} folder. */
    Path folder() {
        return folder;
    }

    /** The event names that have a schema ({@code notify-requested}, ...), without {@code common}. */
    List<String> eventNames() {
        try (Stream<Path> files = Files.list(folder)) {
            return files.map(file -> file.getFileName().toString())
                    .filter(name -> name.endsWith(SUFFIX))
                    .map(name -> name.substring(0, name.length() - SUFFIX.length()))
                    .filter(name -> !name.equals(COMMON))
                    .sorted()
                    .toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    Path schemaFile(String eventName) {
        return folder.resolve(eventName + SUFFIX);
    }

    static String id(String eventName) {
        return ID_PREFIX + eventName + SUFFIX;
    }

    /** The schema's complaints about {@code json}; empty when it is valid. */
    List<String> errors(String eventName, String json) {
        return validate(schema(eventName), json);
    }

    /** The 2020-12 meta-schema's complaints about a schema file; empty when it is a valid schema. */
    List<String> metaSchemaErrors(String eventName) {
        Schema meta = registry.getSchema(SchemaLocation.of(META_SCHEMA));
        return validate(meta, read(schemaFile(eventName)));
    }

    private Schema schema(String eventName) {
        return schemas.computeIfAbsent(eventName, name -> {
            Schema schema = registry.getSchema(SchemaLocation.of(id(name)));
            schema.initializeValidators(); // resolves every $ref now, so a broken one fails loudly
            return schema;
        });
    }

    private static List<String> validate(Schema schema, String json) {
        List<Error> errors = schema.validate(json, InputFormat.JSON,
                context -> context.executionConfig(config -> config.formatAssertionsEnabled(true)));
        return errors.stream().map(Error::toString).toList();
    }

    /** Maps {@code https://nyt.dev/schemas/x.schema.json} to {@code schemas/x.schema.json}; null for other ids. */
    private String readById(String iri) {
        if (!iri.startsWith(ID_PREFIX)) {
            return null;
        }
        Path file = folder.resolve(iri.substring(ID_PREFIX.length())).normalize();
        if (!file.startsWith(folder) || !Files.isRegularFile(file)) {
            return null;
        }
        return read(file);
    }

    static String read(Path file) {
        try {
            return Files.readString(file, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Walks up from the working directory (the module when Maven runs the tests) to {@code schemas/}. */
    private static Path locateSchemasFolder() {
        Path start = Path.of("").toAbsolutePath();
        for (Path dir = start; dir != null; dir = dir.getParent()) {
            Path candidate = dir.resolve("schemas");
            if (Files.isRegularFile(candidate.resolve(COMMON + SUFFIX))) {
                return candidate.normalize();
            }
        }
        throw new IllegalStateException("No schemas/" + COMMON + SUFFIX + " in " + start + " or above it");
    }
}
