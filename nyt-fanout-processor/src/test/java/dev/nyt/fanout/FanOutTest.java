package dev.nyt.fanout;

import static org.assertj.core.api.Assertions.assertThat;

import dev.nyt.events.Archive;
import dev.nyt.events.MarkSeen;
import dev.nyt.events.MarkViewed;
import dev.nyt.events.NotificationsArchived;
import dev.nyt.events.NotificationsSeen;
import dev.nyt.events.NotificationsUnarchived;
import dev.nyt.events.Unarchive;
import dev.nyt.events.NotificationCreated;
import dev.nyt.events.NotificationEvent;
import dev.nyt.events.NotificationUpdated;
import dev.nyt.events.NotificationsViewed;
import dev.nyt.events.NotifyRequested;
import dev.nyt.events.Subscribe;
import dev.nyt.events.Subscription;
import dev.nyt.events.Target;
import dev.nyt.events.Unsubscribe;
import dev.nyt.events.UpsertSettings;
import dev.nyt.events.User;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.apache.kafka.streams.test.TestRecord;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** django-nyt's notify() semantics through the whole fan-out topology: registry, join and inbox. */
class FanOutTest {

    private final FanoutDriver nyt = new FanoutDriver();

    @AfterEach
    void close() {
        nyt.close();
    }

    private static NotifyRequested event(String message, String key) {
        return new NotifyRequested(null, key, message, null, null, null, null, null);
    }

    private static NotifyRequested event(String eventId, String message, String key, String url, Target target,
                                         List<String> recipients, List<String> excluded) {
        return new NotifyRequested(eventId, key, message, url, target, recipients, excluded, Instant.now());
    }

    @Test
    void oneSubscriberGetsOneNotification() {
        nyt.command(Subscribe.of("alice", "test_key"));

        nyt.notify(event("Test is a test", "test_key"));

        List<TestRecord<String, NotificationEvent>> out = nyt.notifications();
        assertThat(out).hasSize(1);
        assertThat(out.getFirst().key()).isEqualTo("alice");
        NotificationCreated created = (NotificationCreated) out.getFirst().value();
        assertThat(created.userId()).isEqualTo("alice");
        assertThat(created.message()).isEqualTo("Test is a test");
        assertThat(created.key()).isEqualTo("test_key");
        assertThat(created.occurrences()).isEqualTo(1);
        assertThat(created.isViewed()).isFalse();
        assertThat(created.isEmailed()).isFalse();
        assertThat(created.id()).isPositive();
        assertThat(created.subscriptionId()).isNotBlank();
        assertThat(created.settingsId()).isNotBlank();
        assertThat(nyt.counter("nyt.fanout.notifications", "created")).isEqualTo(1);
    }

    @Test
    void keyWithoutSubscribersNotifiesNobody() {
        nyt.command(Subscribe.of("alice", "other_key"));

        nyt.notify(event("Test is a test", "test_key"));

        assertThat(nyt.notifications()).isEmpty();
    }

    @Test
    void sameMessageAgainCoalescesIntoOccurrencesForEachUser() {
        nyt.command(Subscribe.of("alice", "test_key"));
        nyt.command(Subscribe.of("bob", "test_key"));

        nyt.notify(event("Test is a test", "test_key"));
        nyt.notify(event("Test is a test", "test_key"));

        List<NotificationEvent> out = nyt.notifications().stream().map(TestRecord::value).toList();
        assertThat(out).hasSize(4);
        assertThat(out.subList(0, 2)).allMatch(NotificationCreated.class::isInstance);
        assertThat(out.subList(2, 4)).allSatisfy(e -> {
            NotificationUpdated updated = (NotificationUpdated) e;
            assertThat(updated.occurrences()).isEqualTo(2);
            assertThat(updated.isEmailed()).isFalse();
        });
        Map<String, Long> idsPerUser = out.stream().collect(Collectors.toMap(NotificationEvent::userId,
                e -> ((dev.nyt.events.NotificationState) e).id(), (first, second) -> {
                    assertThat(second).isEqualTo(first);
                    return first;
                }));
        assertThat(idsPerUser).containsOnlyKeys("alice", "bob");
        assertThat(nyt.counter("nyt.fanout.notifications", "coalesced")).isEqualTo(2);
    }

    @Test
    void differentMessageOrUrlMakesANewNotification() {
        nyt.command(Subscribe.of("alice", "k"));

        nyt.notify(event(null, "one", "k", "/a", null, null, null));
        nyt.notify(event(null, "one", "k", "/b", null, null, null));
        nyt.notify(event(null, "two", "k", "/b", null, null, null));

        assertThat(nyt.created()).hasSize(3).extracting(NotificationCreated::id).doesNotHaveDuplicates();
    }

    @Test
    void viewedLatestBreaksCoalescing() {
        nyt.command(Subscribe.of("alice", "k"));
        nyt.notify(event("hello", "k"));
        long first = nyt.created().getFirst().id();

        nyt.markViewed(new MarkViewed("alice", first, null, null, null));
        nyt.notify(event("hello", "k"));

        List<NotificationEvent> out = nyt.notifications().stream().map(TestRecord::value).toList();
        assertThat(out).hasSize(2);
        assertThat(out.get(0)).isInstanceOfSatisfying(NotificationsViewed.class, v -> {
            assertThat(v.userId()).isEqualTo("alice");
            assertThat(v.idLte()).isEqualTo(first);
        });
        assertThat(out.get(1)).isInstanceOfSatisfying(NotificationCreated.class, c -> {
            assertThat(c.id()).isGreaterThan(first);
            assertThat(c.occurrences()).isEqualTo(1);
        });
    }

    @Test
    void markViewedOfAnotherKeyOrRangeKeepsCoalescing() {
        nyt.command(Subscribe.of("alice", "k"));
        nyt.notify(event("hello", "k"));
        long first = nyt.created().getFirst().id();

        nyt.markViewed(new MarkViewed("alice", first, null, "other", null));
        nyt.markViewed(new MarkViewed("alice", first + 10, first + 1, null, null));
        nyt.notify(event("hello", "k"));

        List<NotificationEvent> out = nyt.notifications().stream().map(TestRecord::value).toList();
        assertThat(out).hasSize(3);
        assertThat(out.get(2)).isInstanceOfSatisfying(NotificationUpdated.class,
                u -> assertThat(u.occurrences()).isEqualTo(2));
    }

    @Test
    void seenAndArchivedAreConfirmedInOrderAndLeaveCoalescingAlone() {
        nyt.command(Subscribe.of("alice", "k"));
        nyt.notify(event("hello", "k"));
        long first = nyt.created().getFirst().id(); // reads the creation off the output

        nyt.status(new MarkSeen("alice", first, null, null, null, null));
        nyt.status(new Archive("alice", first, first, "k", "*", true, null));
        nyt.status(new Unarchive("alice", Long.MAX_VALUE, null, null, "k", null));
        nyt.notify(event("hello", "k"));

        List<NotificationEvent> out = nyt.notifications().stream().map(TestRecord::value).toList();
        assertThat(out).hasSize(4);
        assertThat(out.get(0)).isInstanceOfSatisfying(NotificationsSeen.class, seen -> {
            assertThat(seen.userId()).isEqualTo("alice");
            assertThat(seen.idLte()).isEqualTo(first);
            assertThat(seen.seenAt()).isNotNull();
        });
        assertThat(out.get(1)).isInstanceOfSatisfying(NotificationsArchived.class, archived -> {
            assertThat(archived.idGte()).isEqualTo(first);
            assertThat(archived.key()).isEqualTo("k");
            assertThat(archived.keyGlob()).isEqualTo("*");
            assertThat(archived.onlyRead()).isTrue();
        });
        assertThat(out.get(2)).isInstanceOfSatisfying(NotificationsUnarchived.class,
                unarchived -> assertThat(unarchived.keyGlob()).isEqualTo("k"));
        // seen and archived are not viewed: the repeat still coalesces (django-nyt's rule)
        assertThat(out.get(3)).isInstanceOfSatisfying(NotificationUpdated.class, u -> {
            assertThat(u.id()).isEqualTo(first);
            assertThat(u.occurrences()).isEqualTo(2);
        });
    }

    @Test
    void markViewedByGlobBreaksCoalescingOnlyOfMatchingKeys() {
        nyt.command(Subscribe.of("alice", "comment/new"));
        nyt.command(Subscribe.of("alice", "comment/deep/new"));
        nyt.notify(event("hello", "comment/new"));
        nyt.notify(event("hello", "comment/deep/new"));

        nyt.markViewed(new MarkViewed("alice", Long.MAX_VALUE, null, null, null, "comment/*"));
        nyt.notify(event("hello", "comment/new"));
        nyt.notify(event("hello", "comment/deep/new"));

        List<NotificationEvent> out = nyt.notifications().stream().map(TestRecord::value).toList();
        assertThat(out).hasSize(5);
        assertThat(out.get(2)).isInstanceOfSatisfying(NotificationsViewed.class,
                v -> assertThat(v.keyGlob()).isEqualTo("comment/*"));
        // "*" does not cross "/": comment/deep/new was not viewed and coalesces; comment/new starts anew
        assertThat(out.get(3)).isInstanceOfSatisfying(NotificationCreated.class,
                c -> assertThat(c.key()).isEqualTo("comment/new"));
        assertThat(out.get(4)).isInstanceOfSatisfying(NotificationUpdated.class, u -> {
            assertThat(u.key()).isEqualTo("comment/deep/new");
            assertThat(u.occurrences()).isEqualTo(2);
        });
    }

    @Test
    void objectSubscriptionIsNotifiedOnlyForThatObject() {
        Target comment42 = Target.of("comments.comment", "42");
        nyt.command(new Subscribe("alice", "comment/response", comment42, null, true));

        nyt.notify(event(null, "about 42", "comment/response", null, comment42, null, null));
        nyt.notify(event(null, "about 43", "comment/response", null, Target.of("comments.comment", "43"), null, null));
        nyt.notify(event(null, "about nothing", "comment/response", null, null, null, null));
        nyt.notify(event(null, "about article 42", "comment/response", null, Target.of("wiki.article", "42"), null, null));

        assertThat(nyt.created()).extracting(NotificationCreated::message).containsExactly("about 42");
    }

    @Test
    void generalSubscriptionIsNotifiedForEveryObject() {
        nyt.command(Subscribe.of("alice", "comment/response"));

        nyt.notify(event(null, "about 42", "comment/response", null, Target.of("comments.comment", "42"), null, null));
        nyt.notify(event(null, "about nothing", "comment/response", null, null, null, null));

        assertThat(nyt.created()).extracting(NotificationCreated::message).containsExactly("about 42", "about nothing");
    }

    @Test
    void unsubscribingFromTheObjectKeepsTheGeneralSubscription() {
        Target comment42 = Target.of("comments.comment", "42");
        nyt.command(new Subscribe("alice", "k", comment42, null, true));
        nyt.command(Subscribe.of("alice", "k"));
        List<TestRecord<String, Subscription>> subscribed = nyt.subscriptions();
        String objectSubscription = subscribed.getFirst().key();

        nyt.command(new Unsubscribe("alice", "k", comment42, null));
        nyt.notify(event(null, "about 42", "k", null, comment42, null, null));

        List<TestRecord<String, Subscription>> changes = nyt.subscriptions();
        assertThat(changes).singleElement().satisfies(tombstone -> {
            assertThat(tombstone.key()).isEqualTo(objectSubscription);
            assertThat(tombstone.value()).isNull();
        });
        assertThat(nyt.created()).singleElement().satisfies(c -> {
            assertThat(c.subscriptionId()).isNotEqualTo(objectSubscription);
            assertThat(c.message()).isEqualTo("about 42");
        });
    }

    @Test
    void unsubscribingByUserRemovesEverySubscriptionOfTheKey() {
        nyt.command(new Subscribe("alice", "k", Target.of("comments.comment", "42"), null, true));
        nyt.command(Subscribe.of("alice", "k"));
        nyt.command(Subscribe.of("bob", "k"));

        nyt.command(Unsubscribe.of("alice", "k"));
        nyt.notify(event(null, "hi", "k", null, Target.of("comments.comment", "42"), null, null));

        assertThat(nyt.created()).extracting(NotificationCreated::userId).containsExactly("bob");
    }

    @Test
    void recipientUsersNarrowsToSubscribedUsersOnly() {
        nyt.command(Subscribe.of("alice", "k"));
        nyt.command(Subscribe.of("bob", "k"));
        nyt.command(Subscribe.of("carol", "k"));

        nyt.notify(event(null, "hi", "k", null, null, List.of("bob", "carol", "dave"), null));

        assertThat(nyt.created()).extracting(NotificationCreated::userId).containsExactlyInAnyOrder("bob", "carol");
    }

    @Test
    void excludeUsersRemovesTheActor() {
        nyt.command(Subscribe.of("alice", "k"));
        nyt.command(Subscribe.of("bob", "k"));

        nyt.notify(event(null, "bob commented", "k", null, null, null, List.of("bob")));
        nyt.notify(event(null, "bob commented", "k", null, null, List.of("alice", "bob"), List.of("alice")));

        assertThat(nyt.created()).extracting(NotificationCreated::userId).containsExactly("alice", "bob");
    }

    @Test
    void overlappingSubscriptionsOfOneSettingsGetOneNotificationPerEvent() {
        Target comment42 = Target.of("comments.comment", "42");
        nyt.command(Subscribe.of("alice", "k"));
        nyt.command(new Subscribe("alice", "k", comment42, null, true));

        nyt.notify(event(null, "about 42", "k", null, comment42, null, null));

        assertThat(nyt.created()).hasSize(1);
    }

    @Test
    void subscriptionsOfTwoSettingsOfOneUserGetOneNotificationEach() {
        nyt.command(Subscribe.of("alice", "k"));
        nyt.command(new UpsertSettings("alice", "weekly", 9660, false));
        nyt.command(new Subscribe("alice", "k", null, "weekly", true));

        nyt.notify(event("hi", "k"));

        assertThat(nyt.created()).extracting(NotificationCreated::settingsId)
                .hasSize(2).contains("weekly").doesNotHaveDuplicates();
    }

    @Test
    void repeatedEventIdNotifiesOnce() {
        nyt.command(Subscribe.of("alice", "k"));
        NotifyRequested event = event("e-1", "hi", "k", null, null, null, null);

        nyt.notify(event);
        nyt.notify(event);
        nyt.notify(event("e-2", "hi", "k", null, null, null, null));

        List<NotificationEvent> out = nyt.notifications().stream().map(TestRecord::value).toList();
        assertThat(out).hasSize(2);
        assertThat(out.get(1)).isInstanceOfSatisfying(NotificationUpdated.class, u -> {
            assertThat(u.occurrences()).isEqualTo(2);
            assertThat(u.eventId()).isEqualTo("e-2");
        });
        assertThat(nyt.counter("nyt.fanout.duplicate.events")).isEqualTo(1);
    }

    @Test
    void inactiveUserGetsNothingUntilActiveAgain() {
        nyt.command(Subscribe.of("alice", "k"));
        nyt.user(new User("alice", "alice@example.com", "Alice", false));

        nyt.notify(event("while away", "k"));
        nyt.user(new User("alice", "alice@example.com", "Alice", true));
        nyt.notify(event("back", "k"));

        assertThat(nyt.created()).extracting(NotificationCreated::message).containsExactly("back");
        // an inactive user is out of the subscriber index: the event reached no partition at all
        assertThat(nyt.counter("nyt.fanout.events.unrouted")).isEqualTo(1);
        assertThat(nyt.counter("nyt.fanout.deliveries.dropped")).isZero();
    }

    @Test
    void idsIncreasePerUserInCreationOrder() {
        nyt.command(Subscribe.of("alice", "a"));
        nyt.command(Subscribe.of("alice", "b"));

        for (int i = 0; i < 5; i++) {
            nyt.notify(event("a" + i, "a"));
            nyt.notify(event("b" + i, "b"));
        }

        assertThat(nyt.created()).extracting(NotificationCreated::id).hasSize(10).isSorted().doesNotHaveDuplicates();
    }

    @Test
    void idsAfterTheInboxLostItsStateStayAboveEarlierIds() {
        nyt.command(Subscribe.of("alice", "k"));
        nyt.notify(event("before", "k"));
        long before = nyt.created().getFirst().id();

        try (FanoutDriver reset = new FanoutDriver()) {
            reset.command(Subscribe.of("alice", "k"));
            reset.notify(event("after", "k"));

            assertThat(reset.created().getFirst().id()).isGreaterThan(before);
        }
    }

    @Test
    void broadcastToOneHundredThousandSubscribersMakesOneNotificationEach() {
        int subscribers = 100_000;
        for (int i = 0; i < subscribers; i++) {
            nyt.command(Subscribe.of("user-" + i, "broadcast"));
        }
        nyt.settings();
        nyt.subscriptions();

        nyt.notify(event("to everyone", "broadcast"));
        nyt.notify(event("to everyone, again differently", "broadcast"));

        List<NotificationCreated> created = nyt.created();
        assertThat(created).hasSize(2 * subscribers);
        assertThat(created).extracting(NotificationCreated::id).doesNotHaveDuplicates();
        Map<String, List<Long>> idsPerUser = created.stream().collect(Collectors.groupingBy(NotificationCreated::userId,
                Collectors.mapping(NotificationCreated::id, Collectors.toList())));
        assertThat(idsPerUser).hasSize(subscribers);
        assertThat(idsPerUser.values()).allSatisfy(ids -> assertThat(ids).hasSize(2).isSorted());
    }
}
