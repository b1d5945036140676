package dev.nyt.client;

import dev.nyt.events.NotifyRequested;
import dev.nyt.events.Target;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.UUID;

/**
 * The arguments of one {@code notify()}, django-nyt style: a message and a key, then the optional
 * target, url, users to exclude (usually the actor) and users to narrow to.
 *
 * <pre>{@code
 * nyt.notify(Notify.of("there was a response to your comment", "comment/response")
 *         .target("comments.comment", "42")
 *         .url("/comments/42")
 *         .excludeUsers("bob"));
 * }</pre>
 */
public final class Notify {

    private final String message;
    private final String key;
    private String eventId;
    private String url;
    private Target target;
    private List<String> recipientUsers = List.of();
    private List<String> excludeUsers = List.of();
    private Instant occurredAt;

    private Notify(String message, String key) {
        this.message = message;
        this.key = key;
    }

    public static Notify of(String message, String key) {
        return new Notify(message, key);
    }

    /** The idempotency key; when not given, the client makes a random one. */
    public Notify eventId(String eventId) {
        this.eventId = eventId;
        return this;
    }

    public Notify url(String url) {
        this.url = url;
        return this;
    }

    public Notify target(Target target) {
        this.target = target;
        return this;
    }

    public Notify target(String contentType, String objectId) {
        return target(new Target(contentType, objectId));
    }

    public Notify recipientUsers(String... userIds) {
        this.recipientUsers = userIds == null ? null : Arrays.asList(userIds);
        return this;
    }

    public Notify recipientUsers(List<String> userIds) {
        this.recipientUsers = userIds;
        return this;
    }

    public Notify excludeUsers(String... userIds) {
        this.excludeUsers = userIds == null ? null : Arrays.asList(userIds);
        return this;
    }

    public Notify excludeUsers(List<String> userIds) {
        this.excludeUsers = userIds;
        return this;
    }

    public Notify occurredAt(Instant occurredAt) {
        this.occurredAt = occurredAt;
        return this;
    }

    /** The event, validated: an {@link dev.nyt.events.InvalidEventException} names a bad field. */
    public NotifyRequested toEvent() {
        return new NotifyRequested(
                eventId != null ? eventId : UUID.randomUUID().toString(),
                key, message, url, target, recipientUsers, excludeUsers,
                occurredAt != null ? occurredAt : Instant.now());
    }
}
