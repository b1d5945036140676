package dev.nyt.events.json;

import dev.nyt.events.InvalidEventException;
import java.util.Map;
import java.util.Objects;
import org.apache.kafka.common.errors.SerializationException;
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serializer;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.DatabindException;
import tools.jackson.databind.ObjectMapper;
import tools.jackson.databind.ObjectReader;
import tools.jackson.databind.ObjectWriter;

/**
 * The Kafka serde of one event type, as the contract's JSON. Null in, null out (tombstones pass).
 * Bytes that are not a valid {@code T} become an {@link EventDeserializationException} naming the
 * reason, never a half-built record.
 */
public final class JsonSerde<T> implements Serde<T>, Serializer<T>, Deserializer<T> {

    private final Class<T> type;
    private final ObjectReader reader;
    private final ObjectWriter writer;

    private JsonSerde(Class<T> type, ObjectMapper mapper) {
        this.type = Objects.requireNonNull(type, "type");
        this.reader = mapper.readerFor(type);
        this.writer = mapper.writerFor(type);
    }

    public static <T> JsonSerde<T> of(Class<T> type) {
        return new JsonSerde<>(type, Json.mapper());
    }

    /**
     * The same serde with another mapper: for a service's own internal values (a store's format is
     * not contract), e.g. the contract's mapper rebuilt to write instants as numbers.
     */
    public static <T> JsonSerde<T> of(Class<T> type, ObjectMapper mapper) {
        return new JsonSerde<>(type, Objects.requireNonNull(mapper, "mapper"));
    }

    public Class<T> type() {
        return type;
    }

    @Override
    public byte[] serialize(String topic, T data) {
        if (data == null) {
            return null;
        }
        try {
            return writer.writeValueAsBytes(data);
        } catch (JacksonException e) {
            throw new SerializationException("Cannot write " + type.getSimpleName() + " to " + topic, e);
        }
    }

    @Override
    public T deserialize(String topic, byte[] data) {
        if (data == null) {
            return null;
        }
        try {
            return reader.readValue(data);
        } catch (JacksonException e) {
            throw new EventDeserializationException(topic, reason(e), e);
        } catch (InvalidEventException e) {
            throw new EventDeserializationException(topic, e.getMessage(), e);
        }
    }

    /** The one-line reason for a failure: the broken rule of the contract when there is one. */
    static String reason(JacksonException e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof InvalidEventException invalid) {
                return invalid.getMessage();
            }
        }
        String path = e instanceof DatabindException databind ? databind.getPathReference() : null;
        String message = e.getOriginalMessage();
        int newline = message == null ? -1 : message.indexOf('\n');
        String firstLine = newline < 0 ? message : message.substring(0, newline);
        return path == null || path.isEmpty() ? firstLine : firstLine + " (at " + path + ")";
    }

    @Override
    public void configure(Map<String, ?> configs, boolean isKey) {
        // configured once, in code: nothing to read from the client config
    }

    @Override
    public void close() {
        // stateless: nothing to release
    }

    @Override
    public Serializer<T> serializer() {
        return this;
    }

    @Override
    public Deserializer<T> deserializer() {
        return this;
    }
}
