package dev.nyt.events.contract;

import static org.assertj.core.api.Assertions.assertThat;

import dev.nyt.events.json.EventDeserializationException;
import dev.nyt.events.json.Json;
import dev.nyt.events.json.JsonSerde;
import java.lang.reflect.RecordComponent;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.JsonNodeFactory;
import tools.jackson.databind.node.ObjectNode;

/**
 * Beyond the hand-written examples: every field of every event is left out, set to null and replaced
 * by values of the wrong type, blank or over-long, and the schema and the Java deserializer must give
 * the same verdict on each. So "required", nullability, types and length limits are proven to match,
 * not only sampled.
 */
class FieldAgreementContractTest {

    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;
    private static final ContractSchemas SCHEMAS = ContractSchemas.get();
    private static final Set<Class<?>> INTEGRAL = Set.of(int.class, long.class, Integer.class, Long.class);

    /** One way to damage a field: its name for the report, and the new value (null node: leave it out). */
    record Mutation(String name, JsonNode value) {
    }

    private static final List<Mutation> MUTATIONS = List.of(
            new Mutation("left out", null),
            new Mutation("null", NODES.nullNode()),
            new Mutation("empty string", NODES.stringNode("")),
            new Mutation("blank string", NODES.stringNode(" \t")),
            new Mutation("short string", NODES.stringNode("x")),
            new Mutation("numeric string", NODES.stringNode("120")),
            new Mutation("boolean string", NODES.stringNode("true")),
            new Mutation("string of 129", NODES.stringNode("k".repeat(129))),
            new Mutation("string of 256", NODES.stringNode("i".repeat(256))),
            new Mutation("string of 2049", NODES.stringNode("u".repeat(2049))),
            new Mutation("string of 4097", NODES.stringNode("m".repeat(4097))),
            new Mutation("128 characters in 129 UTF-16 units", NODES.stringNode("k".repeat(127) + "\uD83D\uDD14")),
            new Mutation("string with NUL", NODES.stringNode("a\u0000b")),
            new Mutation("zero", NODES.numberNode(0)),
            new Mutation("minus one", NODES.numberNode(-1)),
            new Mutation("minus two", NODES.numberNode(-2)),
            new Mutation("integer", NODES.numberNode(42)),
            new Mutation("beyond int", NODES.numberNode(2147483648L)),
            new Mutation("fraction", NODES.numberNode(1.5)),
            new Mutation("true", NODES.booleanNode(true)),
            new Mutation("false", NODES.booleanNode(false)),
            new Mutation("empty object", NODES.objectNode()),
            new Mutation("empty array", NODES.arrayNode()),
            new Mutation("array of a string", NODES.arrayNode().add("x")),
            new Mutation("array of an integer", NODES.arrayNode().add(7)),
            new Mutation("array with null", NODES.arrayNode().addNull()));

    static List<SampleEvents.Sample> samples() {
        return SampleEvents.full();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("samples")
    void schemaAndDeserializerAgreeOnEveryDamagedField(SampleEvents.Sample sample) {
        Class<?> type = sample.event().getClass();
        String eventName = EventTypes.eventName(type);
        ObjectNode valid = (ObjectNode) Json.mapper().readTree(EventTypes.toJson(sample.event()));
        List<String> disagreements = new ArrayList<>();

        for (String field : valid.propertyNames()) {
            for (Mutation mutation : MUTATIONS) {
                if (knownDisagreement(type, field, mutation)) {
                    continue;
                }
                String json = damaged(valid, field, mutation).toString();
                boolean schemaAccepts = SCHEMAS.errors(eventName, json).isEmpty();
                boolean javaAccepts = javaAccepts(type, json);
                if (schemaAccepts != javaAccepts) {
                    disagreements.add(field + " " + mutation.name() + ": schema "
                            + (schemaAccepts ? "accepts" : "rejects") + ", Java " + (javaAccepts ? "accepts" : "rejects"));
                }
            }
        }

        assertThat(disagreements).as("fields of %s on which schema and deserializer disagree", eventName).isEmpty();
    }

    /**
     * Where the Java reader is knowingly more lenient than the schema (never the other way round, so a
     * producer whose JSON passes the schema is always read): Jackson reads a number, or a string of
     * digits, as an Instant of epoch seconds (no Jackson 3.1 setting turns that off), and truncates a
     * fraction given for an integer (turning that off would also refuse 120.0, which JSON Schema
     * counts as an integer).
     */
    private static boolean knownDisagreement(Class<?> type, String field, Mutation mutation) {
        Class<?> javaType = Arrays.stream(type.getRecordComponents())
                .filter(component -> component.getName().equals(field))
                .map(RecordComponent::getType)
                .findFirst()
                .orElse(Void.class);
        boolean number = mutation.value() != null && mutation.value().isNumber();
        if (javaType == Instant.class) {
            return number || mutation.value() != null && mutation.value().isString()
                    && mutation.value().stringValue().matches("[0-9]+");
        }
        return INTEGRAL.contains(javaType) && number && !mutation.value().isIntegralNumber();
    }

    private static boolean javaAccepts(Class<?> type, String json) {
        try {
            JsonSerde.of(type).deserialize("contract-test", json.getBytes(StandardCharsets.UTF_8));
            return true;
        } catch (EventDeserializationException e) {
            assertThat(e.reason()).as("reason for refusing %s", json).isNotBlank();
            return false;
        }
    }

    private static ObjectNode damaged(ObjectNode valid, String field, Mutation mutation) {
        ObjectNode copy = valid.deepCopy();
        if (mutation.value() == null) {
            copy.remove(field);
        } else {
            copy.set(field, mutation.value());
        }
        return copy;
    }
}
