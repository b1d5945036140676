package dev.nyt.api.http;

import dev.nyt.api.db.InboxFilter;
import dev.nyt.api.db.ViewedFilter;
import io.javalin.http.Context;
import java.util.Locale;

/** Reads and checks request parameters; a bad one is a {@link BadRequestException} naming it. */
final class Params {

    static final int DEFAULT_LIMIT = 10;
    static final int MAX_LIMIT = 100;

    private Params() {
    }

    static ViewedFilter viewed(Context ctx) {
        String raw = ctx.queryParam("viewed");
        if (raw == null || raw.isBlank()) {
            return ViewedFilter.UNVIEWED;
        }
        return switch (raw.trim().toLowerCase(Locale.ROOT)) {
            case "false" -> ViewedFilter.UNVIEWED;
            case "true" -> ViewedFilter.VIEWED;
            case "all" -> ViewedFilter.ALL;
            default -> throw new BadRequestException("viewed", "must be false, true or all, was '" + raw + "'");
        };
    }

    /** The inbox filter of {@code state=}; null when absent. */
    static InboxFilter state(Context ctx) {
        String raw = ctx.queryParam("state");
        if (raw == null || raw.isBlank()) {
            return null;
        }
        return switch (raw.trim().toLowerCase(Locale.ROOT)) {
            case "unread" -> InboxFilter.UNREAD;
            case "unseen" -> InboxFilter.UNSEEN;
            case "archived" -> InboxFilter.ARCHIVED;
            case "all" -> InboxFilter.ALL;
            default -> throw new BadRequestException("state", "must be unread, unseen, archived or all, was '" + raw + "'");
        };
    }

    /** An optional text in the query, at most {@code maxLength} characters. */
    static String optionalText(Context ctx, String name, int maxLength) {
        String raw = optionalText(ctx, name);
        if (raw != null && raw.codePointCount(0, raw.length()) > maxLength) {
            throw new BadRequestException(name, "must be at most " + maxLength + " characters");
        }
        return raw;
    }

    static int limit(Context ctx) {
        String raw = ctx.queryParam("limit");
        if (raw == null || raw.isBlank()) {
            return DEFAULT_LIMIT;
        }
        long limit = number("limit", raw);
        if (limit < 1 || limit > MAX_LIMIT) {
            throw new BadRequestException("limit", "must be from 1 to " + MAX_LIMIT + ", was " + limit);
        }
        return (int) limit;
    }

    /** An optional id in the query (0 or more). */
    static Long optionalId(Context ctx, String name) {
        String raw = ctx.queryParam(name);
        return raw == null || raw.isBlank() ? null : nonNegative(name, raw);
    }

    static long pathId(Context ctx, String name) {
        return nonNegative(name, ctx.pathParam(name));
    }

    static String optionalText(Context ctx, String name) {
        String raw = ctx.queryParam(name);
        return raw == null || raw.isBlank() ? null : raw;
    }

    static long nonNegative(String name, String raw) {
        long value = number(name, raw);
        if (value < 0) {
            throw new BadRequestException(name, "must not be negative, was " + value);
        }
        return value;
    }

    static long positive(String name, Long value) {
        if (value == null) {
            throw new BadRequestException(name, "is required");
        }
        if (value <= 0) {
            throw new BadRequestException(name, "must be a positive id, was " + value);
        }
        return value;
    }

    private static long number(String name, String raw) {
        try {
            return Long.parseLong(raw.trim());
        } catch (NumberFormatException e) {
            throw new BadRequestException(name, "must be a whole number, was '" + raw + "'");
        }
    }
}
