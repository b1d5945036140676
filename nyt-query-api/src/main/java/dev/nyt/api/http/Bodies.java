package dev.nyt.api.http;

import dev.nyt.events.InvalidEventException;
import dev.nyt.events.json.Json;
import io.javalin.http.Context;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.DatabindException;

/** Reads a JSON command body strictly (unknown fields refused); a bad body is a {@link BadRequestException} naming the field. */
final class Bodies {

    private Bodies() {
    }

    static <T> T read(Context ctx, Class<T> type) {
        if (ctx.body().isBlank()) {
            throw new BadRequestException("body", "a JSON object is required");
        }
        return parse(ctx.body(), type);
    }

    /** As {@link #read}, but an empty body is {@code empty} (a bulk action over everything). */
    static <T> T readOrEmpty(Context ctx, Class<T> type, T empty) {
        return ctx.body().isBlank() ? empty : parse(ctx.body(), type);
    }

    private static <T> T parse(String body, Class<T> type) {
        try {
            T value = Json.strictMapper().readValue(body, type);
            if (value == null) {
                throw new BadRequestException("body", "a JSON object is required");
            }
            return value;
        } catch (JacksonException e) {
            throw refusal(e);
        }
    }

    private static BadRequestException refusal(JacksonException e) {
        String path = path(e);
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof InvalidEventException invalid) {
                String field = path.isEmpty() ? invalid.field() : path + "." + invalid.field();
                return new BadRequestException(field, problem(invalid.getMessage(), invalid.field()));
            }
        }
        String message = e.getOriginalMessage() == null ? "is not valid" : firstLine(e.getOriginalMessage());
        return new BadRequestException(path.isEmpty() ? "body" : path, message);
    }

    private static String path(JacksonException e) {
        if (!(e instanceof DatabindException databind)) {
            return "";
        }
        StringBuilder path = new StringBuilder();
        for (JacksonException.Reference reference : databind.getPath()) {
            if (reference.getPropertyName() != null) {
                path.append(path.isEmpty() ? "" : ".").append(reference.getPropertyName());
            } else if (reference.getIndex() >= 0) {
                path.append('[').append(reference.getIndex()).append(']');
            }
        }
        return path.toString();
    }

    private static String problem(String message, String field) {
        String prefix = field + ": ";
        return message.startsWith(prefix) ? message.substring(prefix.length()) : message;
    }

    private static String firstLine(String message) {
        int newline = message.indexOf('\n');
        return newline < 0 ? message : message.substring(0, newline);
    }
}
