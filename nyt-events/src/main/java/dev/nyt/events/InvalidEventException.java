package dev.nyt.events;

import java.util.Objects;

/**
 * An event or command that breaks the contract, with the name of the offending field.
 * Thrown by the records' constructors, so the same rules hold for the {@code Nyt} client,
 * for the deserializers (which turn it into an {@link dev.nyt.events.json.EventDeserializationException})
 * and for the HTTP API (which answers 400 naming {@link #field()}).
 */
public final class InvalidEventException extends IllegalArgumentException {

    private final String field;

    public InvalidEventException(String field, String problem) {
        super(field + ": " + problem);
        this.field = Objects.requireNonNull(field, "field");
    }

    /** The JSON name of the field that is wrong, e.g. {@code key}, {@code contentType} or {@code excludeUsers[1]}. */
    public String field() {
        return field;
    }
}
