package dev.nyt.runtime;

/**
 * A well-formed event that breaks a rule (deleting the last default settings, an interval that is
 * not configured, ...). Thrown by a processor before it changes any state; the record goes to
 * the dead-letter topic with this message and processing continues.
 */
public final class RefusedException extends RuntimeException {

    private final String field;

    public RefusedException(String reason) {
        super(reason);
        this.field = null;
    }

    /** A refusal because of one field of the event, e.g. {@code settingsId}; the message is {@code field: problem}. */
    public RefusedException(String field, String problem) {
        super(field + ": " + problem);
        this.field = field;
    }

    /** The field at fault, or null when the refusal is not about one field. */
    public String field() {
        return field;
    }
}
