package dev.nyt.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.InstanceOfAssertFactories.type;

import dev.nyt.events.DeleteSettings;
import dev.nyt.events.InvalidEventException;
import dev.nyt.events.MarkViewed;
import dev.nyt.events.NotifyRequested;
import dev.nyt.events.Subscribe;
import dev.nyt.events.Target;
import dev.nyt.events.Unsubscribe;
import dev.nyt.events.UpsertSettings;
import dev.nyt.events.User;
import dev.nyt.events.topic.Topic;
import dev.nyt.events.topic.Topics;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.stream.Stream;
import org.apache.kafka.clients.producer.MockProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.errors.TimeoutException;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The {@link Nyt} client against a {@link MockProducer}: what it sends, where, under which record
 * key; what it refuses before sending; and django-nyt's disable-notify scope.
 */
class NytClientTest {

    private static final Topics TOPICS = Topics.withPrefix("test-");
    private static final Duration TIMEOUT = Duration.ofSeconds(5);
    private static final Instant AT = Instant.parse("2026-11-23T10:00:00Z");
    private static final String KEY = "comment/response";
    private static final Target COMMENT = Target.of("comments.comment", "42");

    /** Completes every send at once, as a healthy broker would. */
    private final MockProducer<String, byte[]> producer =
            new MockProducer<>(true, null, new StringSerializer(), new ByteArraySerializer());
    private final Nyt nyt = new Nyt(producer, TOPICS);

    @AfterEach
    void closeClientAndCheckNoScopeLeaked() {
        nyt.close();
        assertThat(Nyt.isNotifyDisabled()).as("a notify scope left open on the test thread").isFalse();
    }

    @Nested
    class EachCallGoesToItsTopicUnderItsRecordKey {

        @Test
        void notifyPublishesNotifyRequestedKeyedByTheNotificationKey() {
            // Given a notify with every optional argument
            Notify notify = Notify.of("there was a response to your comment", KEY)
                    .eventId("evt-1")
                    .url("/comments/42")
                    .target(COMMENT)
                    .recipientUsers("alice", "carol")
                    .excludeUsers("bob")
                    .occurredAt(AT);

            // When it is published
            Published published = nyt.notify(notify).join();

            // Then one record went to nyt-notify-requested, keyed by the key, carrying all of it
            ProducerRecord<String, byte[]> sent = onlySent();
            assertThat(sent.topic()).isEqualTo(TOPICS.notifyRequested().name());
            assertThat(sent.key()).isEqualTo(KEY);
            assertThat(read(TOPICS.notifyRequested(), sent)).isEqualTo(new NotifyRequested("evt-1", KEY,
                    "there was a response to your comment", "/comments/42", COMMENT,
                    List.of("alice", "carol"), List.of("bob"), AT));
            assertThat(published.suppressed()).isFalse();
            assertThat(published.eventId()).isEqualTo("evt-1");
            assertThat(published.topic()).isEqualTo(TOPICS.notifyRequested().name());
            assertThat(published.partition()).isNotNegative();
            assertThat(published.offset()).isNotNegative();
        }

        @Test
        void subscribePublishesASubscribeCommandKeyedByTheUser() {
            // Given a subscription narrowed to one object on a named settings object
            Subscribe subscribe = new Subscribe("alice", KEY, COMMENT, "s-1", false);

            // When alice subscribes, once in full and once with the short form
            nyt.subscribe(subscribe).join();
            nyt.subscribe("alice", "wiki/edit").join();

            // Then both commands are on nyt-subscription-requests under alice's id
            assertThat(producer.history()).allSatisfy(sent -> {
                assertThat(sent.topic()).isEqualTo(TOPICS.subscriptionRequests().name());
                assertThat(sent.key()).isEqualTo("alice");
            });
            assertThat(producer.history()).map(sent -> read(TOPICS.subscriptionRequests(), sent))
                    .containsExactly(subscribe, new Subscribe("alice", "wiki/edit", null, null, true));
        }

        @Test
        void unsubscribePublishesAnUnsubscribeCommandKeyedByTheUser() {
            // Given an unsubscribe narrowed to a content type and a settings object
            Unsubscribe unsubscribe = new Unsubscribe("alice", KEY, Target.of("comments.comment", null), "s-1");

            // When alice unsubscribes, once in full and once with the short form
            nyt.unsubscribe(unsubscribe).join();
            nyt.unsubscribe("alice", "wiki/edit").join();

            // Then both commands are on nyt-subscription-requests under alice's id
            assertThat(producer.history()).allSatisfy(sent -> {
                assertThat(sent.topic()).isEqualTo(TOPICS.subscriptionRequests().name());
                assertThat(sent.key()).isEqualTo("alice");
            });
            assertThat(producer.history()).map(sent -> read(TOPICS.subscriptionRequests(), sent))
                    .containsExactly(unsubscribe, Unsubscribe.of("alice", "wiki/edit"));
        }

        @Test
        void settingsCommandsArePublishedKeyedByTheUser() {
            // Given a weekly default settings object for alice
            UpsertSettings upsert = new UpsertSettings("alice", "s-1", 9660, true);

            // When it is upserted and then deleted
            nyt.upsertSettings(upsert).join();
            nyt.deleteSettings("alice", "s-1").join();

            // Then both commands are on nyt-subscription-requests under alice's id, in order
            assertThat(producer.history()).allSatisfy(sent -> {
                assertThat(sent.topic()).isEqualTo(TOPICS.subscriptionRequests().name());
                assertThat(sent.key()).isEqualTo("alice");
            });
            assertThat(producer.history()).map(sent -> read(TOPICS.subscriptionRequests(), sent))
                    .containsExactly(upsert, new DeleteSettings("alice", "s-1"));
        }

        @Test
        void upsertUserPublishesTheUserKeyedByItsId() {
            // Given alice as the host application knows her
            User alice = new User("alice", "alice@example.com", "Alice", true);

            // When she is upserted
            nyt.upsertUser(alice).join();

            // Then she is on nyt-users under her id
            ProducerRecord<String, byte[]> sent = onlySent();
            assertThat(sent.topic()).isEqualTo(TOPICS.users().name());
            assertThat(sent.key()).isEqualTo("alice");
            assertThat(read(TOPICS.users(), sent)).isEqualTo(alice);
        }

        @Test
        void deleteUserPublishesATombstoneKeyedByTheUser() {
            // Given nothing but alice's id

            // When she is deleted
            nyt.deleteUser("alice").join();

            // Then nyt-users gets a tombstone (a null value) under her id
            ProducerRecord<String, byte[]> sent = onlySent();
            assertThat(sent.topic()).isEqualTo(TOPICS.users().name());
            assertThat(sent.key()).isEqualTo("alice");
            assertThat(sent.value()).isNull();
        }

        @Test
        void markReadPublishesMarkViewedKeyedByTheUser() {
            // Given a mark-read narrowed to an id range and a key
            MarkViewed range = new MarkViewed("alice", 120, 100L, KEY, AT);

            // When alice marks that range read, and then everything up to 130
            nyt.markRead(range).join();
            nyt.markRead("alice", 130).join();

            // Then both are on nyt-notification-status under alice's id
            assertThat(producer.history()).allSatisfy(sent -> {
                assertThat(sent.topic()).isEqualTo(TOPICS.notificationStatus().name());
                assertThat(sent.key()).isEqualTo("alice");
            });
            List<MarkViewed> marks = producer.history().stream().map(sent -> (MarkViewed) read(TOPICS.notificationStatus(), sent)).toList();
            assertThat(marks.getFirst()).isEqualTo(range);
            assertThat(marks.getLast()).satisfies(upTo -> {
                assertThat(upTo.userId()).isEqualTo("alice");
                assertThat(upTo.idLte()).isEqualTo(130);
                assertThat(upTo.idGte()).isNull();
                assertThat(upTo.key()).isNull();
                assertThat(upTo.requestedAt()).isNotNull();
            });
        }
    }

    @Nested
    class InvalidArgumentsAreRefusedBeforeAnythingIsSent {

        static Stream<Arguments> invalidCalls() {
            return Stream.of(
                    invalid("notify with an empty key", "key", nyt -> nyt.notify("hello", "")),
                    invalid("notify with a blank key", "key", nyt -> nyt.notify("hello", "   ")),
                    invalid("notify with a key of 129 characters", "key", nyt -> nyt.notify("hello", "k".repeat(129))),
                    invalid("notify without a key", "key", nyt -> nyt.notify("hello", null)),
                    invalid("notify without a message", "message", nyt -> nyt.notify(null, KEY)),
                    invalid("notify with a null excluded user", "excludeUsers[1]",
                            nyt -> nyt.notify(Notify.of("hello", KEY).excludeUsers("bob", null))),
                    invalid("deleteUser with an id of 256 characters", "userId",
                            nyt -> nyt.deleteUser("u".repeat(256))),
                    invalid("notify with a blank excluded user", "excludeUsers[1]",
                            nyt -> nyt.notify(Notify.of("hello", KEY).excludeUsers(List.of("bob", " ")))),
                    invalid("notify with a blank event id", "eventId",
                            nyt -> nyt.notify(Notify.of("hello", KEY).eventId(""))),
                    invalid("subscribe without a user", "userId", nyt -> nyt.subscribe(null, KEY)),
                    invalid("subscribe with a key of 129 characters", "key", nyt -> nyt.subscribe("alice", "k".repeat(129))),
                    invalid("unsubscribe without a user", "userId", nyt -> nyt.unsubscribe(null, KEY)),
                    invalid("unsubscribe with a blank user", "userId", nyt -> nyt.unsubscribe(" ", KEY)),
                    invalid("upsertSettings with an interval below -1", "interval",
                            nyt -> nyt.upsertSettings(new UpsertSettings("alice", "s-1", -2, true))),
                    invalid("deleteSettings without a settings id", "settingsId", nyt -> nyt.deleteSettings("alice", null)),
                    invalid("upsertUser without an id", "userId", nyt -> nyt.upsertUser(new User(null, null, null, null))),
                    invalid("deleteUser with an empty id", "userId", nyt -> nyt.deleteUser("")),
                    invalid("deleteUser without an id", "userId", nyt -> nyt.deleteUser(null)),
                    invalid("markRead with idLte 0", "idLte", nyt -> nyt.markRead("alice", 0)),
                    invalid("markRead with a negative idLte", "idLte", nyt -> nyt.markRead("alice", -5)),
                    invalid("markRead with idGte 0", "idGte", nyt -> nyt.markRead(new MarkViewed("alice", 10, 0L, null, AT))),
                    invalid("markRead without a user", "userId", nyt -> nyt.markRead(null, 10)));
        }

        private static Arguments invalid(String call, String field, Consumer<Nyt> attempt) {
            return Arguments.of(call, field, attempt);
        }

        @ParameterizedTest(name = "{0} names {1}")
        @MethodSource("invalidCalls")
        void anInvalidCallThrowsNamingTheFieldAndSendsNothing(String call, String field, Consumer<Nyt> attempt) {
            // Given a client that has sent nothing

            // When the invalid call is made
            // Then it throws naming the field, and nothing reached the producer
            assertThatThrownBy(() -> attempt.accept(nyt))
                    .asInstanceOf(type(InvalidEventException.class))
                    .extracting(InvalidEventException::field)
                    .isEqualTo(field);
            assertThat(producer.history()).isEmpty();
        }

        @Test
        void aTargetWithAnObjectIdButNoContentTypeIsRefusedBeforeAnythingIsSent() {
            // Given a client that has sent nothing

            // When a notify names an object id without its content type
            // Then it throws naming the content type, and nothing reached the producer
            assertThatThrownBy(() -> nyt.notify(Notify.of("hello", KEY).target(null, "42")))
                    .asInstanceOf(type(InvalidEventException.class))
                    .extracting(InvalidEventException::field)
                    .asString()
                    .endsWith("contentType");
            assertThat(producer.history()).isEmpty();
        }

        @Test
        void aKeyOfExactly128CharactersIsAccepted() {
            // Given django-nyt's longest key
            String longest = "k".repeat(128);

            // When it is notified
            nyt.notify("hello", longest).join();

            // Then it is sent, under that key
            assertThat(onlySent().key()).isEqualTo(longest);
        }

        @Test
        void anEmptyMessageIsAccepted() {
            // Given the contract's "required, but may be empty" message

            // When an empty message is notified
            nyt.notify("", KEY).join();

            // Then it is sent as it is
            assertThat(read(TOPICS.notifyRequested(), onlySent()).message()).isEmpty();
        }

        @Test
        @SuppressWarnings("try") // the scope is held for its effect on this thread
        void anInvalidNotifyIsRefusedEvenWhileNotifyIsDisabled() {
            // Given notify switched off on this thread
            try (NotifyScope quiet = Nyt.disableNotify()) {

                // When an invalid notify is made
                // Then the mistake is still reported, not silently swallowed with the notify
                assertThatThrownBy(() -> nyt.notify("hello", ""))
                        .isInstanceOf(InvalidEventException.class);
            }
            assertThat(producer.history()).isEmpty();
        }
    }

    @Nested
    @SuppressWarnings("try") // the scopes are held for their effect on this thread, never referenced
    class DisableNotifyScope {

        @Test
        void suppressesNotifyOnTheCurrentThread() {
            // Given notify switched off on this thread
            Published published;
            try (NotifyScope quiet = Nyt.disableNotify()) {

                // When a notify is made
                published = nyt.notify("hello", KEY).join();
            }

            // Then nothing was sent, and the result says so, with the event id it would have had
            assertThat(producer.history()).isEmpty();
            assertThat(published.suppressed()).isTrue();
            assertThat(published.eventId()).isNotBlank();
            assertThat(published.topic()).isNull();
        }

        @Test
        void doesNotSuppressNotifyOnAnotherThread() throws Exception {
            // Given notify switched off on this thread
            ExecutorService other = Executors.newSingleThreadExecutor();
            try (NotifyScope quiet = Nyt.disableNotify()) {

                // When another thread notifies meanwhile
                Published published = other.submit(() -> nyt.notify("hello", KEY).join())
                        .get(TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);

                // Then that notify is sent
                assertThat(published.suppressed()).isFalse();
                assertThat(producer.history()).hasSize(1);
                assertThat(Nyt.isNotifyDisabled()).isTrue();
            } finally {
                other.shutdownNow();
            }
        }

        @Test
        void nestedScopesKeepNotifyOffUntilTheOutermostCloses() {
            // Given two nested scopes
            try (NotifyScope outer = Nyt.disableNotify()) {
                try (NotifyScope inner = Nyt.disableNotify()) {
                    assertThat(Nyt.isNotifyDisabled()).isTrue();
                }

                // When the inner one has closed
                Published whileOuterOpen = nyt.notify("hello", KEY).join();

                // Then notify is still off
                assertThat(Nyt.isNotifyDisabled()).isTrue();
                assertThat(whileOuterOpen.suppressed()).isTrue();
                assertThat(producer.history()).isEmpty();
            }

            // And when the outer one closes too, notify sends again
            assertThat(Nyt.isNotifyDisabled()).isFalse();
            assertThat(nyt.notify("hello", KEY).join().suppressed()).isFalse();
            assertThat(producer.history()).hasSize(1);
        }

        @Test
        void closingAScopeTwiceDoesNotReopenNotifyEarly() {
            // Given two nested scopes
            try (NotifyScope outer = Nyt.disableNotify()) {
                NotifyScope inner = Nyt.disableNotify();

                // When the inner one is closed twice
                inner.close();
                inner.close();

                // Then the outer one still holds notify off
                assertThat(Nyt.isNotifyDisabled()).isTrue();
            }
            assertThat(Nyt.isNotifyDisabled()).isFalse();
        }

        @Test
        void aScopeCannotBeClosedFromAnotherThread() throws Exception {
            // Given a scope opened on this thread
            ExecutorService other = Executors.newSingleThreadExecutor();
            try (NotifyScope quiet = Nyt.disableNotify()) {

                // When another thread tries to close it
                CompletableFuture<Void> closing = CompletableFuture.runAsync(quiet::close, other);

                // Then it is refused, and notify stays off here
                assertThat(closing).failsWithin(TIMEOUT)
                        .withThrowableOfType(ExecutionException.class)
                        .havingCause()
                        .isInstanceOf(IllegalStateException.class);
                assertThat(Nyt.isNotifyDisabled()).isTrue();
            } finally {
                other.shutdownNow();
            }
        }

        @Test
        void doesNotSuppressSubscriptionCommandsUsersOrMarkRead() {
            // Given notify switched off on this thread
            try (NotifyScope quiet = Nyt.disableNotify()) {

                // When everything but notify is called
                nyt.subscribe("alice", KEY).join();
                nyt.unsubscribe("alice", KEY).join();
                nyt.upsertUser(new User("alice", null, null, null)).join();
                nyt.markRead("alice", 10).join();
            }

            // Then all of it was sent
            assertThat(producer.history()).map(ProducerRecord::topic).containsExactly(
                    TOPICS.subscriptionRequests().name(),
                    TOPICS.subscriptionRequests().name(),
                    TOPICS.users().name(),
                    TOPICS.notificationStatus().name());
        }
    }

    @Nested
    class EventId {

        @Test
        void isGeneratedWhenNotGiven() {
            // Given two notify calls without an event id

            // When both are published
            Published first = nyt.notify("hello", KEY).join();
            Published second = nyt.notify(Notify.of("hello", KEY)).join();

            // Then each got its own id, which is the one on the wire
            assertThat(first.eventId()).isNotBlank().isNotEqualTo(second.eventId());
            assertThat(producer.history()).map(sent -> read(TOPICS.notifyRequested(), sent).eventId())
                    .containsExactly(first.eventId(), second.eventId());
        }

        @Test
        void isKeptWhenGiven() {
            // Given a notify with its own idempotency key
            Notify notify = Notify.of("hello", KEY).eventId("evt-42");

            // When it is published twice (a retry)
            Published first = nyt.notify(notify).join();
            Published retry = nyt.notify(notify).join();

            // Then both carry that id, so nyt notifies once
            assertThat(List.of(first.eventId(), retry.eventId())).containsOnly("evt-42");
            assertThat(producer.history()).map(sent -> read(TOPICS.notifyRequested(), sent).eventId())
                    .containsOnly("evt-42");
        }

        @Test
        void aReadyEventIsPublishedAsItIsWithoutAnAddedId() {
            // Given a ready event without an event id
            NotifyRequested event = new NotifyRequested(null, KEY, "hello", null, null, null, null, null);

            // When it is published
            Published published = nyt.notify(event).join();

            // Then it went unchanged
            assertThat(published.eventId()).isNull();
            assertThat(read(TOPICS.notifyRequested(), onlySent())).isEqualTo(event);
        }
    }

    @Nested
    class SendFailures {

        /** Holds every send until the test completes or fails it. */
        private final MockProducer<String, byte[]> manual =
                new MockProducer<>(false, null, new StringSerializer(), new ByteArraySerializer());
        private final Nyt manualNyt = new Nyt(manual, TOPICS);

        @AfterEach
        void closeManualClient() {
            manualNyt.close();
        }

        @Test
        void aFailedNotifySendCompletesTheFutureExceptionally() {
            // Given a notify whose send is in flight
            CompletableFuture<Published> published = manualNyt.notify("hello", KEY);
            assertThat(published).isNotDone();

            // When the broker fails it
            TimeoutException failure = new TimeoutException("no broker answered");
            manual.errorNext(failure);

            // Then the future fails with that error
            assertThat(published).failsWithin(TIMEOUT)
                    .withThrowableThat()
                    .havingRootCause()
                    .isSameAs(failure);
        }

        @Test
        void aFailedCommandSendCompletesTheFutureExceptionally() {
            // Given a subscribe whose send is in flight
            CompletableFuture<RecordMetadata> sent = manualNyt.subscribe("alice", KEY);

            // When the broker fails it
            TimeoutException failure = new TimeoutException("no broker answered");
            manual.errorNext(failure);

            // Then the future fails with that error
            assertThat(sent).failsWithin(TIMEOUT)
                    .withThrowableThat()
                    .havingRootCause()
                    .isSameAs(failure);
        }

        @Test
        void aSendOnAClosedClientFailsTheFutureInsteadOfThrowing() {
            // Given a closed client
            manualNyt.close();

            // When it is asked to send
            CompletableFuture<Published> published = manualNyt.notify("hello", KEY);

            // Then the caller gets a failed future, not an exception
            assertThat(published).failsWithin(TIMEOUT);
        }

        @Test
        void aSuccessfulSendCompletesTheFutureOnlyWhenAcknowledged() {
            // Given a notify whose send is in flight
            CompletableFuture<Published> published = manualNyt.notify(Notify.of("hello", KEY).eventId("evt-7"));
            assertThat(published).isNotDone();

            // When the broker acknowledges it
            manual.completeNext();

            // Then the future completes with where it went
            assertThat(published).succeedsWithin(TIMEOUT).satisfies(p -> {
                assertThat(p.eventId()).isEqualTo("evt-7");
                assertThat(p.topic()).isEqualTo(TOPICS.notifyRequested().name());
                assertThat(p.suppressed()).isFalse();
            });
        }
    }

    private ProducerRecord<String, byte[]> onlySent() {
        assertThat(producer.history()).hasSize(1);
        return producer.history().getFirst();
    }

    private static <V> V read(Topic<String, V> topic, ProducerRecord<String, byte[]> sent) {
        return topic.valueSerde().deserializer().deserialize(sent.topic(), sent.value());
    }
}
