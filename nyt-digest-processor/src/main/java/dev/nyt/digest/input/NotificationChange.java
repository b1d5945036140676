package dev.nyt.digest.input;

import dev.nyt.events.NotificationEvent;
import java.util.Objects;

/** An event of {@code nyt-notifications}, as it arrived. */
public record NotificationChange(NotificationEvent event) implements DigestInput {

    public NotificationChange {
        Objects.requireNonNull(event, "event");
    }
}
