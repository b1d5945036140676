package dev.nyt.events.json;

import org.apache.kafka.common.errors.SerializationException;

/**
 * Bytes on a topic that are not a valid event of the expected type: malformed JSON, a missing or
 * over-long field, an unknown {@code type}. {@link #reason()} says which, in one line, so a
 * processor can put it on the {@code nyt-dead-letter} record and carry on.
 */
public final class EventDeserializationException extends SerializationException {

    private final String topic;
    private final String reason;

    public EventDeserializationException(String topic, String reason, Throwable cause) {
        super("Cannot read record from " + topic + ": " + reason, cause);
        this.topic = topic;
        this.reason = reason;
    }

    public String topic() {
        return topic;
    }

    public String reason() {
        return reason;
    }
}
