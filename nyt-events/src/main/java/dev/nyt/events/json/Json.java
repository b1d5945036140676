package dev.nyt.events.json;

import tools.jackson.databind.DeserializationFeature;
import tools.jackson.databind.MapperFeature;
import tools.jackson.databind.ObjectMapper;
import tools.jackson.databind.cfg.MapperBuilder;
import tools.jackson.databind.cfg.CoercionAction;
import tools.jackson.databind.cfg.CoercionInputShape;
import tools.jackson.databind.cfg.DateTimeFeature;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.type.LogicalType;

/**
 * The one configured JSON mapper of the contract: camelCase names in declaration order, ISO-8601
 * UTC timestamps, unknown fields ignored (events may grow), nulls written out, no coercion of one
 * JSON type into another. Jackson 3 mappers are immutable and thread-safe, so one instance serves
 * the whole JVM.
 */
public final class Json {

    private static final JsonMapper MAPPER = configure(JsonMapper.builder())
            // timestamps in the plain UTC form without DateTimeFormatter; anything else as Jackson does
            .addModule(InstantModule.create())
            .build();

    private Json() {
    }

    /**
     * The contract's settings on a mapper builder of any format: the JSON mapper here, and the
     * internal binary mapper of the stream processors.
     */
    public static <M extends ObjectMapper, B extends MapperBuilder<M, B>> B configure(B builder) {
        return builder
                .disable(MapperFeature.SORT_PROPERTIES_ALPHABETICALLY)
                .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
                .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
                .disable(DateTimeFeature.WRITE_DATES_AS_TIMESTAMPS)
                .disable(DateTimeFeature.ADJUST_DATES_TO_CONTEXT_TIME_ZONE)
                // JSON types are contract (schemas/): "120" is not a number, 1 not a boolean, 42 not a
                // string, and "" or " " not a null. Without this Jackson would coerce them silently.
                .disable(MapperFeature.ALLOW_COERCION_OF_SCALARS)
                .withCoercionConfig(LogicalType.Textual, text -> text
                        .setCoercion(CoercionInputShape.Integer, CoercionAction.Fail)
                        .setCoercion(CoercionInputShape.Float, CoercionAction.Fail)
                        .setCoercion(CoercionInputShape.Boolean, CoercionAction.Fail))
                .withCoercionConfigDefaults(all -> all.setAcceptBlankAsEmpty(false));
    }

    public static JsonMapper mapper() {
        return MAPPER;
    }

    /**
     * The same mapper, refusing unknown fields: for commands that arrive over HTTP, where a
     * misspelt field should be an error rather than silently ignored.
     */
    public static JsonMapper strictMapper() {
        return Strict.MAPPER;
    }

    private static final class Strict {
        private static final JsonMapper MAPPER = Json.MAPPER.rebuild()
                .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
                .build();
    }
}
