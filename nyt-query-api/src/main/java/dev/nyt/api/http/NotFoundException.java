package dev.nyt.api.http;

/** Nothing of the caller's by that id: 404, also when it belongs to another user (so ids do not leak). */
public final class NotFoundException extends RuntimeException {

    public NotFoundException() {
        super("not found");
    }
}
