package dev.nyt.runtime;

/**
 * A well-formed event that breaks a rule (deleting the last default settings, an interval that is
 * not configured, ...). Thrown by a processor before it changes any state; the record goes to
 * the dead-letter topic with this message and processing continues.
 */
public final class RefusedException extends RuntimeException {

    public RefusedException(String reason) {
        super(reason);
    }
}
