package dev.nyt.api.http;

import com.fasterxml.jackson.annotation.JsonInclude;

/** Every error answer: {@code {"success": false, "error": "...", "field": "..."}} (field only for 400). */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record ErrorBody(boolean success, String error, String field) {

    public static ErrorBody of(String error) {
        return new ErrorBody(false, error, null);
    }
}
