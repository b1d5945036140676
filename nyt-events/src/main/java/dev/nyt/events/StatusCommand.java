package dev.nyt.events;

import com.fasterxml.jackson.annotation.JsonSubTypes;
import com.fasterxml.jackson.annotation.JsonTypeInfo;
import java.time.Instant;

/**
 * A change of state a user asks for on {@code nyt-notification-status} (keyed by {@link #userId()}), from the
 * query API or any producer: read ({@link MarkViewed}, django-nyt's {@code is_viewed}), seen ({@link MarkSeen}),
 * archived ({@link Archive}, {@link Unarchive}). The fan-out's inbox stage confirms each on
 * {@code nyt-notifications}, in order with the user's other notification events. Told apart by {@code type}.
 */
@JsonTypeInfo(use = JsonTypeInfo.Id.NAME, property = "type")
@JsonSubTypes({
    @JsonSubTypes.Type(value = MarkViewed.class, name = "markViewed"),
    @JsonSubTypes.Type(value = MarkSeen.class, name = "markSeen"),
    @JsonSubTypes.Type(value = Archive.class, name = "archive"),
    @JsonSubTypes.Type(value = Unarchive.class, name = "unarchive"),
})
public sealed interface StatusCommand extends NotificationSelection permits MarkViewed, MarkSeen, Archive, Unarchive {

    /** The event that confirms this command on {@code nyt-notifications}, decided at {@code at}. */
    NotificationStatusEvent confirmed(Instant at);
}
