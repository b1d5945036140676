package dev.nyt.api.http;

/** Kafka did not acknowledge a command in time: 503, the client retries. */
public final class PublishException extends RuntimeException {

    public PublishException(String message, Throwable cause) {
        super(message, cause);
    }
}
