package dev.nyt.events.contract;

import static org.assertj.core.api.Assertions.assertThat;

import dev.nyt.events.json.Json;
import dev.nyt.events.json.JsonSerde;
import dev.nyt.events.topic.Topic;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import tools.jackson.databind.JsonNode;

/**
 * The Java records and the schemas describe the same contract: every record writes JSON its schema
 * accepts, and no record, topic type or schema is without its counterpart.
 */
class RecordsContractTest {

    private static final ContractSchemas SCHEMAS = ContractSchemas.get();

    static List<SampleEvents.Sample> samples() {
        return SampleEvents.all();
    }

    static List<String> eventNames() {
        return SCHEMAS.eventNames();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("samples")
    void everyRecordSerializesToJsonThatValidates(SampleEvents.Sample sample) {
        Class<?> type = sample.event().getClass();
        String eventName = EventTypes.eventName(type);

        String json = EventTypes.toJson(sample.event());

        assertThat(SCHEMAS.errors(eventName, json)).as("schema errors for %s", json).isEmpty();
        assertThat(JsonSerde.of(type).deserialize("contract-test", json.getBytes(StandardCharsets.UTF_8)))
                .as("%s read back", json)
                .isEqualTo(sample.event());
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("samples")
    void everyRecordWritesTheSameJsonThroughItsTopic(SampleEvents.Sample sample) {
        Class<?> type = sample.event().getClass();
        Topic<String, ?> topic = EventTypes.topicOf(type);

        String viaTopic = new String(serializeOn(topic, sample.event()), StandardCharsets.UTF_8);

        assertThat(viaTopic).isEqualTo(EventTypes.toJson(sample.event()));
        assertThat(topic.valueSerde().deserializer().deserialize(topic.name(), viaTopic.getBytes(StandardCharsets.UTF_8)))
                .isEqualTo(sample.event());
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("eventNames")
    void everySchemaDescribesExactlyTheFieldsItsRecordWrites(String eventName) {
        Set<String> written = SampleEvents.full().stream()
                .filter(sample -> EventTypes.eventName(sample.event().getClass()).equals(eventName))
                .map(sample -> Json.mapper().readTree(EventTypes.toJson(sample.event())))
                .flatMap(json -> json.propertyNames().stream())
                .collect(Collectors.toSet());

        assertThat(schemaJson(eventName).path("properties").propertyNames())
                .as("properties of %s.schema.json", eventName)
                .containsExactlyInAnyOrderElementsOf(written);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("eventNames")
    void everySchemaIsADraft202012SchemaNamedAfterItsRecord(String eventName) {
        JsonNode schema = schemaJson(eventName);

        assertThat(SCHEMAS.metaSchemaErrors(eventName)).as("meta-schema errors").isEmpty();
        assertThat(schema.path("$schema").asString()).isEqualTo(ContractSchemas.META_SCHEMA);
        assertThat(schema.path("$id").asString()).isEqualTo(ContractSchemas.id(eventName));
        assertThat(schema.path("title").asString()).isEqualTo(EventTypes.recordClass(eventName).getSimpleName());
        assertThat(schema.path("description").asString()).isNotBlank();
        assertThat(schema.path("additionalProperties").asBoolean()).as("unknown fields are ignored by contract").isTrue();
    }

    @Test
    void theCommonSchemaIsValidAndDefinesTheSharedParts() {
        assertThat(SCHEMAS.metaSchemaErrors(ContractSchemas.COMMON)).isEmpty();
        JsonNode defs = schemaJson(ContractSchemas.COMMON).path("$defs");
        for (Class<?> part : EventTypes.PARTS) {
            String name = Character.toLowerCase(part.getSimpleName().charAt(0)) + part.getSimpleName().substring(1);
            assertThat(defs.has(name)).as("common.schema.json#/$defs/%s", name).isTrue();
        }
    }

    @Test
    void everyRecordOfTheEventsPackageHasASchema() {
        List<Class<?>> records = EventTypes.recordsInPackage();

        assertThat(records).as("records found in %s", EventTypes.PACKAGE).isNotEmpty();
        assertThat(records.stream().filter(type -> !EventTypes.PARTS.contains(type)).map(EventTypes::eventName))
                .as("records without schemas/<name>.schema.json")
                .allSatisfy(eventName -> assertThat(SCHEMAS.eventNames()).contains(eventName));
    }

    @Test
    void everyTypeATopicCarriesHasASchema() {
        List<Class<?>> carried = EventTypes.jsonTopics().stream().flatMap(EventTypes::recordsOf).toList();

        assertThat(carried).as("types carried by the JSON topics").hasSizeGreaterThanOrEqualTo(14);
        assertThat(carried.stream().map(EventTypes::eventName))
                .as("permitted subtypes and topic value types without a schema")
                .allSatisfy(eventName -> assertThat(SCHEMAS.eventNames()).contains(eventName));
    }

    @Test
    void everySchemaBelongsToARecordOnExactlyOneTopic() {
        for (String eventName : SCHEMAS.eventNames()) {
            Class<?> type = EventTypes.recordClass(eventName);
            assertThat(type.isRecord()).as("%s is a record", type).isTrue();
            assertThat(EventTypes.topicOf(type)).as("the topic of %s", type.getSimpleName()).isNotNull();
        }
    }

    @Test
    void everyRecordWithASchemaHasAFullAndAMinimalSample() {
        Set<String> full = names(SampleEvents.full().stream());
        Set<String> minimal = names(SampleEvents.minimal().stream());

        assertThat(full).containsExactlyInAnyOrderElementsOf(SCHEMAS.eventNames());
        assertThat(minimal).containsExactlyInAnyOrderElementsOf(SCHEMAS.eventNames());
    }

    private static Set<String> names(Stream<SampleEvents.Sample> samples) {
        return samples.map(sample -> EventTypes.eventName(sample.event().getClass())).collect(Collectors.toSet());
    }

    private static JsonNode schemaJson(String eventName) {
        return Json.mapper().readTree(ContractSchemas.read(SCHEMAS.schemaFile(eventName)));
    }

    @SuppressWarnings("unchecked")
    private static byte[] serializeOn(Topic<String, ?> topic, Object event) {
        Topic<String, Object> any = (Topic<String, Object>) topic;
        return any.valueSerde().serializer().serialize(any.name(), event);
    }
}
