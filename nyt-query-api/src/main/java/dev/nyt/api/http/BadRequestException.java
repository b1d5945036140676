package dev.nyt.api.http;

/** Input the API refuses: 400 with {@code {"success": false, "error": "...", "field": "..."}}. */
public final class BadRequestException extends RuntimeException {

    private final String field;

    public BadRequestException(String field, String problem) {
        super(field + ": " + problem);
        this.field = field;
    }

    public String field() {
        return field;
    }
}
