package dev.nyt.api.push;

import dev.nyt.events.NotificationCreated;
import dev.nyt.events.NotificationEvent;
import dev.nyt.events.NotificationState;
import dev.nyt.events.NotificationUpdated;
import dev.nyt.events.NotificationsViewed;
import dev.nyt.events.json.Json;
import tools.jackson.databind.ObjectWriter;

/**
 * One event as realtime clients get it: its {@code type} (the SSE event name), the notification id (the SSE
 * event id, for Last-Event-ID; null for NotificationsViewed) and the event's contract JSON.
 */
public record PushMessage(String type, Long id, String json) {

    private static final ObjectWriter WRITER = Json.mapper().writerFor(NotificationEvent.class);

    public static PushMessage of(NotificationEvent event) {
        Long id = event instanceof NotificationState state ? state.id() : null;
        return new PushMessage(type(event), id, WRITER.writeValueAsString(event));
    }

    static String type(NotificationEvent event) {
        return switch (event) {
            case NotificationCreated created -> "notificationCreated";
            case NotificationUpdated updated -> "notificationUpdated";
            case NotificationsViewed viewed -> "notificationsViewed";
        };
    }

    /** Whether this creates a notification the client already got while catching up to {@code sentUpTo}. */
    boolean createdUpTo(long sentUpTo) {
        return "notificationCreated".equals(type) && id != null && id <= sentUpTo;
    }
}
