package dev.nyt.digest.mail;

import java.util.Objects;

/** A mail that was not accepted, with what that means for the digest. */
public final class MailDeliveryException extends Exception {

    /** What a failure means for the digest. */
    public enum Kind {
        /** Try the same mail again later (4xx, a dropped connection, a timeout while talking). */
        TRANSIENT,
        /** The server cannot be reached at all (connection refused, connect timeout): try later, and
         * do not try the other digests of this tick either. */
        UNAVAILABLE,
        /** Trying again will not help (5xx, a bad address): record the failure and give up. */
        PERMANENT
    }

    private final Kind kind;

    public MailDeliveryException(Kind kind, String reason, Throwable cause) {
        super(reason, cause);
        this.kind = Objects.requireNonNull(kind, "kind");
    }

    public MailDeliveryException(Kind kind, String reason) {
        this(kind, reason, null);
    }

    public Kind kind() {
        return kind;
    }

    public boolean retryable() {
        return kind != Kind.PERMANENT;
    }

    /** The one-line reason, for {@code DigestFailed.reason} and the log. */
    public String reason() {
        return getMessage();
    }
}
