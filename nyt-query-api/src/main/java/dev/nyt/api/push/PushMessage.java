package dev.nyt.api.push;

import com.fasterxml.jackson.annotation.JsonSubTypes;
import dev.nyt.api.db.InboxCounts;
import dev.nyt.events.NotificationCreated;
import dev.nyt.events.NotificationEvent;
import dev.nyt.events.NotificationState;
import dev.nyt.events.json.Json;
import java.util.HashMap;
import java.util.Map;
import tools.jackson.databind.ObjectWriter;

/**
 * One message as realtime clients get it: its {@code type} (the SSE event name), its JSON (the SSE data, the
 * WebSocket frame) and what it does to the client's resume cursor.
 *
 * @param type           the {@code type} of the JSON: an event type of {@code nyt-notifications}, or
 *                       {@code caughtUp} / {@code reload} / {@code counts} (the stream's own signals)
 * @param json           the event's contract JSON, or the signal's
 * @param notificationId the notification the event is about; null for events about several (notificationsViewed)
 *                       and for signals
 * @param creation       whether it is a {@code notificationCreated} (what the cursor counts)
 * @param lastEventId    the client's resume cursor after this message (the SSE id): the id of a creation, the
 *                       cursor a signal establishes; null when the message leaves the cursor where it was
 */
public record PushMessage(String type, String json, Long notificationId, boolean creation, Long lastEventId) {

    public static final String CAUGHT_UP = "caughtUp";
    public static final String RELOAD = "reload";
    public static final String COUNTS = "counts";

    private static final ObjectWriter EVENTS = Json.mapper().writerFor(NotificationEvent.class);
    private static final Map<Class<?>, String> TYPES = typeNames();

    /** Why a stream tells its client to reload its list: what it could not deliver exactly. */
    public enum Reason {
        /** The read model did not reach the live stream's position in time (the projector is behind or down). */
        READ_MODEL_BEHIND("readModelBehind"),
        /** PostgreSQL did not answer the catch-up. */
        READ_MODEL_UNAVAILABLE("readModelUnavailable"),
        /** More notifications were missed than a catch-up sends ({@code NYT_PUSH_CATCH_UP_MAX}). */
        TOO_MANY_MISSED("tooManyMissed");

        private final String json;

        Reason(String json) {
            this.json = json;
        }

        public String json() {
            return json;
        }
    }

    private record CaughtUp(String type, Long lastEventId, int count) {
    }

    private record Reload(String type, Long lastEventId, String reason) {
    }

    private record Counts(String type, long unread, long unseen) {
    }

    public static PushMessage of(NotificationEvent event) {
        Long id = event instanceof NotificationState state ? state.id() : null;
        boolean creation = event instanceof NotificationCreated;
        return new PushMessage(TYPES.get(event.getClass()), EVENTS.writeValueAsString(event), id, creation,
                creation ? id : null);
    }

    /** The catch-up is done: the client has every notification up to {@code lastEventId}; live events follow. */
    static PushMessage caughtUp(Long lastEventId, int count) {
        return signal(CAUGHT_UP, lastEventId, new CaughtUp(CAUGHT_UP, lastEventId, count));
    }

    /** The stream cannot say exactly what the client missed: it should reload its list; live events follow. */
    static PushMessage reload(Long lastEventId, Reason reason) {
        return signal(RELOAD, lastEventId, new Reload(RELOAD, lastEventId, reason.json()));
    }

    /** The caller's badge counts (unread, unseen) as they are now; leaves the cursor where it was. */
    static PushMessage counts(InboxCounts counts) {
        return signal(COUNTS, null, new Counts(COUNTS, counts.unread(), counts.unseen()));
    }

    private static PushMessage signal(String type, Long lastEventId, Record body) {
        return new PushMessage(type, Json.mapper().writeValueAsString(body), null, false, lastEventId);
    }

    /** The {@code type} names of {@link NotificationEvent}'s subtypes, as its JSON carries them. */
    private static Map<Class<?>, String> typeNames() {
        Map<Class<?>, String> names = new HashMap<>();
        for (JsonSubTypes.Type type : NotificationEvent.class.getAnnotation(JsonSubTypes.class).value()) {
            names.put(type.value(), type.name());
        }
        return Map.copyOf(names);
    }
}
