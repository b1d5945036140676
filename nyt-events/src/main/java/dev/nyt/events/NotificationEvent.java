package dev.nyt.events;

import com.fasterxml.jackson.annotation.JsonSubTypes;
import com.fasterxml.jackson.annotation.JsonTypeInfo;

/**
 * What happens to a user's notifications, on {@code nyt-notifications} keyed by {@link #userId()},
 * in the order the inbox stage decided it. Told apart by the JSON field {@code type}.
 */
@JsonTypeInfo(use = JsonTypeInfo.Id.NAME, property = "type")
@JsonSubTypes({
    @JsonSubTypes.Type(value = NotificationCreated.class, name = "notificationCreated"),
    @JsonSubTypes.Type(value = NotificationUpdated.class, name = "notificationUpdated"),
    @JsonSubTypes.Type(value = NotificationsViewed.class, name = "notificationsViewed"),
    @JsonSubTypes.Type(value = NotificationsSeen.class, name = "notificationsSeen"),
    @JsonSubTypes.Type(value = NotificationsArchived.class, name = "notificationsArchived"),
    @JsonSubTypes.Type(value = NotificationsUnarchived.class, name = "notificationsUnarchived"),
})
public sealed interface NotificationEvent permits NotificationCreated, NotificationUpdated, NotificationStatusEvent {

    String userId();
}
