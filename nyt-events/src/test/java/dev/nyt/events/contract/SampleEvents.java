package dev.nyt.events.contract;

import dev.nyt.events.Archive;
import dev.nyt.events.DeleteSettings;
import dev.nyt.events.DigestFailed;
import dev.nyt.events.DigestSent;
import dev.nyt.events.MarkSeen;
import dev.nyt.events.MarkViewed;
import dev.nyt.events.NotificationCreated;
import dev.nyt.events.NotificationUpdated;
import dev.nyt.events.NotificationsArchived;
import dev.nyt.events.NotificationsSeen;
import dev.nyt.events.NotificationsUnarchived;
import dev.nyt.events.NotificationsViewed;
import dev.nyt.events.NotifyRequested;
import dev.nyt.events.Settings;
import dev.nyt.events.Subscribe;
import dev.nyt.events.Subscription;
import dev.nyt.events.Target;
import dev.nyt.events.Unarchive;
import dev.nyt.events.Unsubscribe;
import dev.nyt.events.UpsertSettings;
import dev.nyt.events.User;
import java.time.Instant;
import java.util.List;
import java.util.stream.Stream;

/**
 * One fully populated and one minimal instance of every event record, built in code. "Minimal" is
 * the least the record's constructor accepts: every optional field null, every list empty.
 */
final class SampleEvents {

    /** An instance and what kind of instance it is, for test names. */
    record Sample(String name, Object event) {

        @Override
        public String toString() {
            return event.getClass().getSimpleName() + " " + name;
        }
    }

    private static final Instant CREATED = Instant.parse("2026-11-23T10:00:00Z");
    private static final Instant LATER = Instant.parse("2026-11-23T10:05:00.123456789Z");
    private static final Target COMMENT = Target.of("comments.comment", "42");

    private SampleEvents() {
    }

    static List<Sample> full() {
        return List.of(
                full(new NotifyRequested("6f1c2b9e", "comment/response", "there was a response to your comment",
                        "/comments/42", COMMENT, List.of("alice", "carol"), List.of("bob"), CREATED)),
                full(new Subscribe("alice", "comment/response", COMMENT, "s-1", false)),
                full(new Unsubscribe("alice", "comment/response", Target.of("comments.comment", null), "s-1")),
                full(new UpsertSettings("alice", "s-1", 1380, true)),
                full(new DeleteSettings("alice", "s-1")),
                full(new User("alice", "alice@example.com", "Alice", false)),
                full(new Subscription("sub-1", "alice", "s-1", "comment/response", COMMENT, true, CREATED)),
                full(new Settings("s-1", "alice", 9660, true, CREATED)),
                full(new NotificationCreated(120, "alice", "sub-1", "s-1", "comment/response",
                        "there was a response to your comment", "/comments/42", COMMENT, 1, false, false,
                        CREATED, CREATED, "6f1c2b9e")),
                full(new NotificationUpdated(120, "alice", "sub-1", "s-1", "comment/response",
                        "there was a response to your comment", "/comments/42", COMMENT, 3, true, false,
                        CREATED, LATER, "77aa01")),
                full(new NotificationsViewed("alice", 120, 100L, "comment/response", LATER, "comment/*")),
                full(new MarkViewed("alice", 120, 100L, "comment/response", LATER, "comment/*")),
                full(new MarkSeen("alice", 120, 100L, "comment/response", "comment/*", LATER)),
                full(new Archive("alice", 120, 100L, "comment/response", "comment/*", true, LATER)),
                full(new Unarchive("alice", 120, 100L, "comment/response", "comment/*", LATER)),
                full(new NotificationsSeen("alice", 120, 100L, "comment/response", "comment/*", LATER)),
                full(new NotificationsArchived("alice", 120, 100L, "comment/response", "comment/*", true, LATER)),
                full(new NotificationsUnarchived("alice", 120, 100L, "comment/response", "comment/*", LATER)),
                full(new DigestSent("d-1", "<d-1@example.com>", "alice", "s-1", "alice@example.com",
                        "You have new notifications from example.com (type: instantly)",
                        "notifications/emails/default.txt", 0, List.of(118L, 120L), List.of("sub-1", "sub-2"),
                        LATER)),
                full(new DigestFailed("d-2", "bob", "s-3", "bob@invalid", List.of(7L), List.of("sub-9"),
                        "550 5.1.1 mailbox unavailable", LATER)));
    }

    static List<Sample> minimal() {
        return List.of(
                minimal(new NotifyRequested(null, "k", "", null, null, null, null, null)),
                minimal(new Subscribe("u", "k", null, null, null)),
                minimal(new Unsubscribe("u", "k", null, null)),
                minimal(new UpsertSettings("u", "s", null, null)),
                minimal(new DeleteSettings("u", "s")),
                minimal(new User("u", null, null, null)),
                minimal(new Subscription("sub", "u", "s", "k", null, false, CREATED)),
                minimal(new Settings("s", "u", -1, false, CREATED)),
                minimal(new NotificationCreated(1, "u", null, null, "k", "", null, null, 1, false, false,
                        null, null, null)),
                minimal(new NotificationUpdated(1, "u", null, null, "k", "", null, null, 1, false, false,
                        null, null, null)),
                minimal(new NotificationsViewed("u", 1, null, null, CREATED)),
                minimal(new MarkViewed("u", 1, null, null, null)),
                minimal(new MarkSeen("u", 1, null, null, null, null)),
                minimal(new Archive("u", 1, null, null, null, null, null)),
                minimal(new Unarchive("u", 1, null, null, null, null)),
                minimal(new NotificationsSeen("u", 1, null, null, null, CREATED)),
                minimal(new NotificationsArchived("u", 1, null, null, null, false, CREATED)),
                minimal(new NotificationsUnarchived("u", 1, null, null, null, CREATED)),
                minimal(new DigestSent("d", null, "u", "s", null, null, null, -1, List.of(), List.of(), CREATED)),
                minimal(new DigestFailed("d", "u", "s", null, List.of(), List.of(), "r", CREATED)));
    }

    static List<Sample> all() {
        return Stream.concat(full().stream(), minimal().stream()).toList();
    }

    private static Sample full(Object event) {
        return new Sample("fully populated", event);
    }

    private static Sample minimal(Object event) {
        return new Sample("minimal", event);
    }
}
