package dev.nyt.events;

/**
 * The inbox stage changed the state of a selection of a user's notifications, in answer to a
 * {@link StatusCommand}: every notification of the user that the selection covers, among those created
 * before this event on {@code nyt-notifications}.
 */
public sealed interface NotificationStatusEvent extends NotificationEvent, NotificationSelection
        permits NotificationsViewed, NotificationsSeen, NotificationsArchived, NotificationsUnarchived {
}
