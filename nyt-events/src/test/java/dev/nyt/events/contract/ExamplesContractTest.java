package dev.nyt.events.contract;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.nyt.events.json.EventDeserializationException;
import dev.nyt.events.json.JsonSerde;
import dev.nyt.events.topic.Topic;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Named;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The example payloads of {@code schemas/examples/<event>/}: every {@code valid-*.json} is accepted by
 * both the schema and the Java deserializer, every {@code invalid-*.json} is refused by both.
 */
class ExamplesContractTest {

    private static final ContractSchemas SCHEMAS = ContractSchemas.get();

    /** One example file: the event it is an example of, and the file. */
    record Example(String eventName, Path file) {

        String json() {
            return ContractSchemas.read(file);
        }

        byte[] bytes() {
            return json().getBytes(StandardCharsets.UTF_8);
        }

        Class<?> recordClass() {
            return EventTypes.recordClass(eventName);
        }

        @Override
        public String toString() {
            return eventName + "/" + file.getFileName();
        }
    }

    static Stream<Named<Example>> validExamples() {
        return examples("valid-");
    }

    static Stream<Named<Example>> invalidExamples() {
        return examples("invalid-");
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("validExamples")
    void everyValidExampleValidatesAndDeserializes(Example example) {
        assertThat(SCHEMAS.errors(example.eventName(), example.json()))
                .as("schema errors for %s", example)
                .isEmpty();

        Object viaRecordSerde = deserialize(JsonSerde.of(example.recordClass()), example.bytes());
        Topic<String, ?> topic = EventTypes.topicOf(example.recordClass());
        Object viaTopicSerde = topic.valueSerde().deserializer().deserialize(topic.name(), example.bytes());

        assertThat(viaRecordSerde).isInstanceOf(example.recordClass());
        assertThat(viaTopicSerde)
                .as("what a consumer of %s reads", topic.name())
                .isInstanceOf(example.recordClass())
                .isEqualTo(viaRecordSerde);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("validExamples")
    void everyValidExampleSerializesBackToValidJson(Example example) {
        Object event = deserialize(JsonSerde.of(example.recordClass()), example.bytes());

        String json = EventTypes.toJson(event);

        assertThat(SCHEMAS.errors(example.eventName(), json))
                .as("schema errors for %s written back as %s", example, json)
                .isEmpty();
        assertThat(deserialize(JsonSerde.of(example.recordClass()), json.getBytes(StandardCharsets.UTF_8)))
                .as("read again")
                .isEqualTo(event);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("invalidExamples")
    void everyInvalidExampleIsRejectedBySchemaAndDeserializer(Example example) {
        assertThat(SCHEMAS.errors(example.eventName(), example.json()))
                .as("schema errors for %s", example)
                .isNotEmpty();

        EventDeserializationException rejected = catchThrowableOfType(EventDeserializationException.class,
                () -> JsonSerde.of(example.recordClass()).deserialize("contract-test", example.bytes()));

        assertThat(rejected).as("the deserializer's verdict on %s", example).isNotNull();
        assertThat(rejected.reason()).isNotBlank();
    }

    @Test
    void everyEventHasAtLeastOneValidAndThreeInvalidExamples() {
        for (String eventName : SCHEMAS.eventNames()) {
            List<Path> files = exampleFiles(eventName);
            assertThat(files.stream().filter(file -> isExample(file, "valid-")))
                    .as("valid examples of %s", eventName)
                    .isNotEmpty();
            assertThat(files.stream().filter(file -> isExample(file, "invalid-")))
                    .as("invalid examples of %s", eventName)
                    .hasSizeGreaterThanOrEqualTo(3);
        }
    }

    @Test
    void everyExampleFolderBelongsToASchema() throws IOException {
        try (Stream<Path> folders = Files.list(examplesFolder())) {
            assertThat(folders.map(folder -> folder.getFileName().toString()))
                    .allSatisfy(name -> assertThat(SCHEMAS.eventNames()).contains(name));
        }
        for (String eventName : SCHEMAS.eventNames()) {
            assertThat(exampleFiles(eventName))
                    .as("files of examples/%s", eventName)
                    .allSatisfy(file -> assertThat(isExample(file, "valid-") || isExample(file, "invalid-"))
                            .as("%s is named valid-*.json or invalid-*.json", file.getFileName())
                            .isTrue());
        }
    }

    private static Stream<Named<Example>> examples(String prefix) {
        return SCHEMAS.eventNames().stream()
                .flatMap(eventName -> exampleFiles(eventName).stream()
                        .filter(file -> isExample(file, prefix))
                        .map(file -> new Example(eventName, file)))
                .map(example -> Named.of(example.toString(), example));
    }

    private static boolean isExample(Path file, String prefix) {
        String name = file.getFileName().toString();
        return name.startsWith(prefix) && name.endsWith(".json");
    }

    private static Path examplesFolder() {
        return SCHEMAS.folder().resolve("examples");
    }

    private static List<Path> exampleFiles(String eventName) {
        Path folder = examplesFolder().resolve(eventName);
        if (!Files.isDirectory(folder)) {
            return List.of();
        }
        try (Stream<Path> files = Files.list(folder)) {
            return files.sorted().toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static Object deserialize(JsonSerde<?> serde, byte[] bytes) {
        return serde.deserialize("contract-test", bytes);
    }
}
