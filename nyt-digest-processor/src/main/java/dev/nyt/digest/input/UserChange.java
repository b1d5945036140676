package dev.nyt.digest.input;

import dev.nyt.events.User;
import java.util.Objects;

/** A record of {@code nyt-users}; {@code user} is null for a tombstone (the user was deleted). */
public record UserChange(String userId, User user) implements DigestInput {

    public UserChange {
        Objects.requireNonNull(userId, "userId");
    }
}
