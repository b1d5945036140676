package dev.nyt.api.auth;

/** No caller: no token, or one that is not valid. Answered 401 {@code {"success": false, "error": "not logged in"}}. */
public final class NotLoggedInException extends RuntimeException {

    public NotLoggedInException() {
        super("not logged in");
    }
}
