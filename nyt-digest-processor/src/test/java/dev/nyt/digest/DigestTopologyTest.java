package dev.nyt.digest;

import static dev.nyt.digest.DigestDriver.T0;
import static dev.nyt.digest.Events.created;
import static dev.nyt.digest.Events.repeated;
import static dev.nyt.digest.Events.settings;
import static dev.nyt.digest.Events.subscription;
import static dev.nyt.digest.Events.user;
import static org.assertj.core.api.Assertions.assertThat;

import dev.nyt.digest.mail.MailDeliveryException.Kind;
import dev.nyt.digest.mail.OutgoingMail;
import dev.nyt.events.DigestFailed;
import dev.nyt.events.DigestSent;
import dev.nyt.events.EmailEvent;
import dev.nyt.events.NotificationCreated;
import dev.nyt.events.NotificationsViewed;
import dev.nyt.events.Subscription;
import java.net.URISyntaxException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The digest rules, one test each, on the production topology with a driven wall clock. */
class DigestTopologyTest {

    static final String DEFAULT_BODY_WITHOUT_URL = """
            Dear alice,

            These are notifications sent instantly from example.com.

             * Test is a test


            Thanks for using our site!

            Sincerely,
            example.com

            """;

    static final String DEFAULT_BODY_WITH_URL = """
            Dear alice,

            These are notifications sent instantly from example.com.

             * Test is a test
               https://example.com/test


            Thanks for using our site!

            Sincerely,
            example.com

            """;

    @TempDir
    Path stateDir;

    private DigestDriver digest;

    @AfterEach
    void closeDriver() {
        if (digest != null) {
            digest.close();
        }
    }

    private DigestDriver start(Map<String, String> env) {
        digest = new DigestDriver(stateDir, env);
        return digest;
    }

    private DigestDriver start() {
        return start(Map.of());
    }

    /** alice with e-mail, her default settings of {@code interval}, subscribed to {@code key}. */
    private Subscription aliceSubscribedTo(String key, int interval) {
        Subscription subscription = subscription("sub-" + key, "alice", "s-alice", key, true, T0);
        digest.user(user("alice", "alice@example.com"))
                .settings(settings("s-alice", "alice", interval, T0))
                .subscribe(subscription);
        return subscription;
    }

    private static List<DigestSent> sent(List<EmailEvent> events) {
        return events.stream().filter(DigestSent.class::isInstance).map(DigestSent.class::cast).toList();
    }

    private static Path templateDir() {
        try {
            return Path.of(DigestTopologyTest.class.getResource("/email-templates").toURI());
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }

    @Test
    void sendsInstantDigestWithDjangoNytsDefaultSubjectAndBody() {
        // Given
        start();
        Subscription sub = aliceSubscribedTo("test-key", 0);

        // When
        digest.notify(created(1, sub, "Test is a test", null, T0)).tick();

        // Then
        assertThat(digest.mail.sent()).singleElement().satisfies(mail -> {
            assertThat(mail.subject()).isEqualTo("You have new notifications from example.com (type: instantly)");
            assertThat(mail.text()).isEqualTo(DEFAULT_BODY_WITHOUT_URL);
            assertThat(mail.to()).isEqualTo("alice@example.com");
            assertThat(mail.from()).isEqualTo("nyt@example.com");
            assertThat(mail.html()).isNull();
        });
        assertThat(sent(digest.emailEvents())).singleElement().satisfies(event -> {
            assertThat(event.notificationIds()).containsExactly(1L);
            assertThat(event.subscriptionIds()).containsExactly("sub-test-key");
            assertThat(event.interval()).isZero();
            assertThat(event.messageId()).isEqualTo(digest.mail.sent().getFirst().messageId());
            assertThat(event.sentAt()).isAfter(T0);
        });
    }

    @Test
    void prefixesSchemeAndDomainToRelativeUrl() {
        // Given
        start();
        Subscription sub = aliceSubscribedTo("test-key", 0);

        // When
        digest.notify(created(1, sub, "Test is a test", "/test", T0)).tick();

        // Then
        assertThat(digest.mail.sent()).singleElement().satisfies(mail -> {
            assertThat(mail.subject()).isEqualTo("You have new notifications from example.com (type: instantly)");
            assertThat(mail.text()).isEqualTo(DEFAULT_BODY_WITH_URL);
        });
    }

    @Test
    void usesTheConfiguredDomainInSubjectBodyAndUrls() {
        // Given
        start(Map.of("NYT_DOMAIN", "foobar.com"));
        Subscription sub = aliceSubscribedTo("test-key", 0);

        // When
        digest.notify(created(1, sub, "Test is a test", "/test", T0)).tick();

        // Then
        assertThat(digest.mail.sent()).singleElement().satisfies(mail -> {
            assertThat(mail.subject()).isEqualTo("You have new notifications from foobar.com (type: instantly)");
            assertThat(mail.text()).isEqualTo(DEFAULT_BODY_WITH_URL.replace("example.com", "foobar.com"));
            assertThat(mail.from()).isEqualTo("nyt@foobar.com");
        });
    }

    @Test
    void keepsAbsoluteUrlsAndUsesTheConfiguredScheme() {
        // Given
        start(Map.of("NYT_HTTP_SCHEME", "http"));
        Subscription sub = aliceSubscribedTo("test-key", 0);

        // When
        digest.notify(created(1, sub, "Elsewhere", "https://other.org/x?a=1&b=<2>", T0))
                .notify(created(2, sub, "Here", "/here", T0))
                .tick();

        // Then
        assertThat(digest.mail.sent()).singleElement().extracting(OutgoingMail::text).asString()
                .contains(" * Elsewhere\n   https://other.org/x?a=1&b=<2>\n")
                .contains(" * Here\n   http://example.com/here\n");
    }

    @Test
    void rendersTheCustomTemplateChosenForTheKey() {
        // Given
        start(Map.of(
                "NYT_EMAIL_TEMPLATE_DIR", templateDir().toString(),
                "NYT_EMAIL_TEMPLATE_NAMES", "test-key=testapp/notifications/email.txt",
                "NYT_EMAIL_SUBJECT_TEMPLATE_NAMES", "test-key=testapp/notifications/email_subject.txt"));
        Subscription sub = aliceSubscribedTo("test-key", 0);

        // When
        digest.notify(created(1, sub, "Test is a test", "/test", T0)).tick();

        // Then
        assertThat(digest.mail.sent()).singleElement().satisfies(mail -> {
            assertThat(mail.subject()).isEqualTo("subject");
            assertThat(mail.text()).isEqualTo("Test\n");
        });
    }

    @Test
    void sendsOneMailPerTemplateChosenByOrderedGlobs() {
        // Given: django-nyt's test_multiple_templates
        start(Map.of(
                "NYT_EMAIL_TEMPLATE_DIR", templateDir().toString(),
                "NYT_EMAIL_TEMPLATE_NAMES", "key1=testapp/notifications/email.txt, admin_*=testapp/notifications/admin.txt",
                "NYT_EMAIL_SUBJECT_TEMPLATE_NAMES", "key1=testapp/notifications/email_subject.txt,"
                        + "admin_*=testapp/notifications/admin_subject.txt,*=notifications/emails/default_subject.txt"));
        Subscription key1 = aliceSubscribedTo("key1", 0);
        Subscription admin = subscription("sub-admin", "alice", "s-alice", "admin_emails", true, T0);
        Subscription key2 = subscription("sub-key2", "alice", "s-alice", "key2", true, T0);
        Subscription key3 = subscription("sub-key3", "alice", "s-alice", "key3", false, T0);
        digest.subscribe(admin).subscribe(key2).subscribe(key3);

        // When
        digest.notify(created(1, key1, "Specific key1 test", "/test-key1", T0))
                .notify(created(2, key2, "Default test", "/test", T0))
                .notify(created(3, admin, "Admin test", "/test", T0))
                .notify(created(4, key3, "Not to be e-mailed", "/test", T0))
                .tick();

        // Then
        List<OutgoingMail> mails = digest.mail.sent();
        assertThat(mails).hasSize(3);
        assertThat(mails.get(0).subject()).isEqualTo("notifications for admin");
        assertThat(mails.get(0).text()).isEqualTo("Admin\n");
        assertThat(mails.get(1).subject()).isEqualTo("subject");
        assertThat(mails.get(1).text()).isEqualTo("Test\n");
        assertThat(mails.get(2).subject()).isEqualTo("You have new notifications from example.com (type: instantly)");
        assertThat(mails.get(2).text()).contains(" * Default test\n   https://example.com/test\n")
                .doesNotContain("Not to be e-mailed");
        assertThat(sent(digest.emailEvents())).flatExtracting(DigestSent::notificationIds)
                .containsExactlyInAnyOrder(1L, 2L, 3L);
    }

    @Test
    void nytEmailSubjectOverridesEverySubject() {
        // Given
        start(Map.of("NYT_EMAIL_SUBJECT", "  test\n"));
        Subscription sub = aliceSubscribedTo("test-key", 0);

        // When
        digest.notify(created(1, sub, "Test is a test", "/test", T0)).tick();

        // Then
        assertThat(digest.mail.sent()).singleElement().extracting(OutgoingMail::subject).isEqualTo("test");
    }

    @Test
    void weeklyDigestWaitsAWeekSinceSubscribingThenAWeekSinceItWasSent() {
        // Given: a weekly settings, subscribed at T0
        start();
        Subscription sub = aliceSubscribedTo("test-key", 9660);
        digest.notify(created(1, sub, "Test is a test", null, T0));

        // When: just short of a week
        digest.advance(Duration.ofMinutes(9660).minusSeconds(10));

        // Then
        assertThat(digest.mail.sent()).isEmpty();

        // When: the week is over
        digest.advance(Duration.ofSeconds(15));

        // Then: one digest, weekly
        assertThat(digest.mail.sent()).singleElement().extracting(OutgoingMail::subject).asString().contains("weekly");

        // When: a new notification, and ticks until just short of a week after that digest
        digest.notify(created(2, sub, "Test is a second test", null, digest.now()))
                .notify(created(3, sub, "Test is a third test", null, digest.now()))
                .tick()
                .advance(Duration.ofMinutes(9660).minus(Duration.ofSeconds(20)));

        // Then: nothing more
        assertThat(digest.mail.sent()).hasSize(1);

        // When: a week after the first digest
        digest.advance(Duration.ofSeconds(20));

        // Then: exactly one more digest with both
        assertThat(digest.mail.sent()).hasSize(2);
        assertThat(digest.mail.sent().get(1).text()).contains("Test is a second test", "Test is a third test");
    }

    @Test
    void intervalNeverMarksEmailedWithoutSendingMail() {
        // Given
        start();
        Subscription sub = aliceSubscribedTo("test-key", -1);

        // When
        digest.notify(created(1, sub, "Test is a test", null, T0)).tick();

        // Then
        assertThat(digest.mail.attempts()).isEmpty();
        assertThat(digest.emailEvents()).singleElement().isInstanceOfSatisfying(DigestSent.class, event -> {
            assertThat(event.interval()).isEqualTo(-1);
            assertThat(event.messageId()).isNull();
            assertThat(event.notificationIds()).containsExactly(1L);
        });
        assertThat(digest.counter("nyt.digest.notifications.marked")).isEqualTo(1.0);
    }

    @Test
    void coalescedRepeatIsEmailedAgainWithItsOccurrences() {
        // Given: a notification already e-mailed
        start();
        Subscription sub = aliceSubscribedTo("test-key", 0);
        NotificationCreated first = created(1, sub, "Test is a test", null, T0);
        digest.notify(first).tick();

        // When: the fan-out coalesces a repeat into it
        digest.notify(repeated(first, 2, digest.now())).tick();

        // Then: a second mail, a different digest
        List<OutgoingMail> mails = digest.mail.sent();
        assertThat(mails).hasSize(2);
        assertThat(mails.get(1).messageId()).isNotEqualTo(mails.get(0).messageId());
        assertThat(sent(digest.emailEvents())).extracting(DigestSent::notificationIds)
                .containsExactly(List.of(1L), List.of(1L));
    }

    @Test
    void twoNotificationsInOneTickMakeOneMailNewestFirst() {
        // Given
        start();
        Subscription sub = aliceSubscribedTo("test-key", 0);

        // When
        digest.notify(created(1, sub, "First", null, T0)).notify(created(2, sub, "Second", null, T0)).tick();

        // Then
        assertThat(digest.mail.sent()).singleElement().extracting(OutgoingMail::text).asString()
                .contains("\n * Second\n\n * First\n");
        assertThat(sent(digest.emailEvents())).singleElement().extracting(DigestSent::notificationIds)
                .isEqualTo(List.of(2L, 1L));
    }

    @Test
    void sendsNothingAtAllWhenSendEmailsIsFalse() {
        // Given
        start(Map.of("NYT_SEND_EMAILS", "false"));
        Subscription sub = aliceSubscribedTo("test-key", 0);

        // When
        digest.notify(created(1, sub, "Test is a test", null, T0)).tick().tick();

        // Then
        assertThat(digest.mail.attempts()).isEmpty();
        assertThat(digest.emailEvents()).isEmpty();
        assertThat(digest.gauge("nyt.digest.pending.notifications")).isEqualTo(1.0);
    }

    @Test
    void sendsViewedNotificationsLikeDjangoNytUnlessSkipViewedIsOn() {
        // Given: the default
        start();
        Subscription sub = aliceSubscribedTo("test-key", 0);

        // When
        digest.notify(Events.viewed(created(1, sub, "Already seen", null, T0))).tick();

        // Then
        assertThat(digest.mail.sent()).hasSize(1);
    }

    @Test
    void skipsViewedNotificationsWhenSkipViewedIsOn() {
        // Given
        start(Map.of("NYT_EMAIL_SKIP_VIEWED", "true"));
        Subscription sub = aliceSubscribedTo("test-key", 1380);
        digest.notify(Events.viewed(created(1, sub, "Seen when created", null, T0)))
                .notify(created(2, sub, "Seen later", null, T0))
                .notify(created(3, sub, "Not seen", null, T0));

        // When: the user reads #2 before the daily digest
        digest.notify(new NotificationsViewed("alice", 2, 2L, null, T0)).advance(Duration.ofMinutes(1381));

        // Then
        assertThat(digest.mail.sent()).singleElement().extracting(OutgoingMail::text).asString()
                .contains("Not seen").doesNotContain("Seen when created", "Seen later");
    }

    @Test
    void retriesATransientFailureWithBackoffWhileOtherUsersMailFlows() {
        // Given: the server answers 451 to alice twice
        start(Map.of("NYT_SMTP_RETRY_INITIAL_SECONDS", "30"));
        Subscription alice = aliceSubscribedTo("test-key", 0);
        Subscription bob = subscription("sub-bob", "bob", "s-bob", "test-key", true, T0);
        digest.user(user("bob", "bob@example.com")).settings(settings("s-bob", "bob", 0, T0)).subscribe(bob);
        digest.mail.failNext("alice@example.com", Kind.TRANSIENT, "451 4.3.0 try again later", 2);

        // When
        digest.notify(created(1, alice, "For alice", null, T0)).notify(created(2, bob, "For bob", null, T0)).tick();

        // Then: bob's mail went out, alice's waits
        assertThat(digest.mail.sent()).extracting(OutgoingMail::to).containsExactly("bob@example.com");
        assertThat(digest.counter("nyt.digest.emails.retried")).isEqualTo(1.0);
        assertThat(digest.gauge("nyt.digest.pending.notifications")).isEqualTo(1.0);

        // When: within the first backoff (15 to 30 s), then after it, then after the doubled one
        digest.tick();
        int attemptsWithinBackoff = digest.mail.attempts().size();
        digest.advance(Duration.ofSeconds(30)).advance(Duration.ofSeconds(60));

        // Then: sent once, the same digest every time
        assertThat(attemptsWithinBackoff).isEqualTo(2);
        List<OutgoingMail> toAlice = digest.mail.attempts().stream().filter(m -> m.to().equals("alice@example.com")).toList();
        assertThat(toAlice).hasSize(3).extracting(OutgoingMail::messageId).containsOnly(toAlice.getFirst().messageId());
        assertThat(digest.mail.sent()).extracting(OutgoingMail::to).containsExactly("bob@example.com", "alice@example.com");
        assertThat(sent(digest.emailEvents())).extracting(DigestSent::userId).containsExactly("bob", "alice");
        assertThat(digest.gauge("nyt.digest.pending.notifications")).isZero();
    }

    @Test
    void whatArrivesWhileADigestWaitsForItsRetryGoesOutInOneDigestRightAfterIt() {
        // Given: alice's first digest is refused once for now
        start(Map.of("NYT_SMTP_RETRY_INITIAL_SECONDS", "30"));
        Subscription alice = aliceSubscribedTo("test-key", 0);
        digest.mail.failNext("alice@example.com", Kind.TRANSIENT, "451 4.3.0 try again later", 1);
        digest.notify(created(1, alice, "First", null, T0)).tick();

        // When: two more arrive while it waits, over several ticks
        digest.notify(created(2, alice, "Second", null, digest.now())).tick()
                .notify(created(3, alice, "Third", null, digest.now())).tick();

        // Then: nothing new was prepared meanwhile
        assertThat(digest.mail.attempts()).hasSize(1);

        // When: the retry is due (the tick sends it; the next loops prepare and send what waited)
        digest.advance(Duration.ofSeconds(30)).followUp();

        // Then: the waiting digest, then one digest with both that arrived meanwhile, newest first
        assertThat(digest.mail.sent()).hasSize(2);
        assertThat(digest.mail.sent().get(0).text()).contains("First").doesNotContain("Second", "Third");
        assertThat(digest.mail.sent().get(1).text()).containsSubsequence("Third", "Second").doesNotContain("First");
        assertThat(sent(digest.emailEvents())).extracting(DigestSent::notificationIds)
                .containsExactly(List.of(1L), List.of(3L, 2L));
        assertThat(digest.gauge("nyt.digest.pending.notifications")).isZero();
        assertThat(digest.gauge("nyt.digest.outbox.digests")).isZero();
    }

    @Test
    void pausesSendingWhenTheServerCannotBeReached() {
        // Given: two users, the server unreachable for the first attempt
        start(Map.of("NYT_SMTP_RETRY_INITIAL_SECONDS", "20"));
        Subscription alice = aliceSubscribedTo("test-key", 0);
        Subscription bob = subscription("sub-bob", "bob", "s-bob", "test-key", true, T0);
        digest.user(user("bob", "bob@example.com")).settings(settings("s-bob", "bob", 0, T0)).subscribe(bob);
        digest.mail.failNext("alice@example.com", Kind.UNAVAILABLE, "Connection refused", 1);

        // When
        digest.notify(created(1, alice, "For alice", null, T0)).notify(created(2, bob, "For bob", null, T0)).tick();

        // Then: one connection attempt, nothing else tried in this tick
        assertThat(digest.mail.attempts()).hasSize(1);

        // When: the pause is over
        digest.advance(Duration.ofSeconds(25));

        // Then
        assertThat(digest.mail.sent()).extracting(OutgoingMail::to).containsExactlyInAnyOrder("alice@example.com", "bob@example.com");
    }

    @Test
    void permanentFailureIsRecordedAsDigestFailedAndOthersAreDelivered() {
        // Given
        start();
        Subscription alice = aliceSubscribedTo("test-key", 0);
        Subscription bob = subscription("sub-bob", "bob", "s-bob", "test-key", true, T0);
        digest.user(user("bob", "bob@example.com")).settings(settings("s-bob", "bob", 0, T0)).subscribe(bob);
        digest.mail.reject("bob@example.com", "550 5.1.1 no such user");

        // When
        digest.notify(created(1, alice, "For alice", null, T0)).notify(created(2, bob, "For bob", null, T0)).tick().tick();

        // Then
        List<EmailEvent> events = digest.emailEvents();
        assertThat(events).filteredOn(DigestFailed.class::isInstance).singleElement()
                .isInstanceOfSatisfying(DigestFailed.class, failed -> {
                    assertThat(failed.userId()).isEqualTo("bob");
                    assertThat(failed.reason()).contains("550 5.1.1 no such user");
                    assertThat(failed.notificationIds()).containsExactly(2L);
                });
        assertThat(sent(events)).extracting(DigestSent::userId).containsExactly("alice");
        assertThat(digest.mail.attempts()).filteredOn(m -> m.to().equals("bob@example.com")).hasSize(1);
        assertThat(digest.counter("nyt.digest.emails.failed")).isEqualTo(1.0);
        assertThat(digest.counter("nyt.digest.emails.sent")).isEqualTo(1.0);
    }

    @Test
    void userWithoutEmailAddressGetsDigestFailed() {
        // Given
        start();
        Subscription sub = subscription("sub-carol", "carol", "s-carol", "test-key", true, T0);
        digest.user(user("carol", null)).settings(settings("s-carol", "carol", 0, T0)).subscribe(sub);

        // When
        digest.notify(created(1, sub, "For carol", null, T0)).tick();

        // Then
        assertThat(digest.mail.attempts()).isEmpty();
        assertThat(digest.emailEvents()).singleElement().isInstanceOfSatisfying(DigestFailed.class,
                failed -> assertThat(failed.reason()).contains("no e-mail address"));
    }

    @Test
    void preparesInOneTickAndSendsOnlyAfterThatTicksCommit() {
        // Given
        start();
        Subscription sub = aliceSubscribedTo("test-key", 0);
        digest.notify(created(1, sub, "Test is a test", null, T0));

        // When: the tick alone
        digest.advanceWithoutFollowUp(digest.config.tick());

        // Then: prepared into the outbox, not sent yet
        assertThat(digest.mail.attempts()).isEmpty();
        assertThat(digest.gauge("nyt.digest.outbox.digests")).isEqualTo(1.0);

        // When: the follow-up after the commit
        digest.followUp();

        // Then
        assertThat(digest.mail.sent()).hasSize(1);
        assertThat(digest.gauge("nyt.digest.outbox.digests")).isZero();
    }

    @Test
    void notificationThatArrivesBeforeItsSubscriptionIsSentOnceTheSubscriptionArrives() {
        // Given: the notification overtook its subscription (which comes through the re-key topic)
        start();
        Subscription sub = subscription("sub-1", "alice", "s-alice", "test-key", true, T0);
        digest.user(user("alice", "alice@example.com")).settings(settings("s-alice", "alice", 0, T0));
        digest.notify(created(1, sub, "Early", null, T0)).tick();
        assertThat(digest.mail.attempts()).isEmpty();

        // When
        digest.subscribe(sub).tick();

        // Then
        assertThat(digest.mail.sent()).singleElement().extracting(OutgoingMail::text).asString().contains("Early");
    }

    @Test
    void unsubscribingDropsItsPendingNotifications() {
        // Given
        start();
        Subscription sub = aliceSubscribedTo("test-key", 1380);
        digest.notify(created(1, sub, "Test is a test", null, T0));

        // When
        digest.unsubscribe(sub.subscriptionId()).advance(Duration.ofMinutes(1381));

        // Then
        assertThat(digest.mail.attempts()).isEmpty();
        assertThat(digest.gauge("nyt.digest.pending.notifications")).isZero();
    }

    @Test
    void inactiveUserGetsNoDigestUntilActiveAgain() {
        // Given
        start();
        Subscription sub = aliceSubscribedTo("test-key", 0);
        digest.user(new dev.nyt.events.User("alice", "alice@example.com", "alice", false));

        // When
        digest.notify(created(1, sub, "Test is a test", null, T0)).tick();

        // Then
        assertThat(digest.mail.attempts()).isEmpty();

        // When
        digest.user(user("alice", "alice@example.com")).tick();

        // Then
        assertThat(digest.mail.sent()).hasSize(1);
    }

    @Test
    void deletedUserIsForgottenWithEverythingPending() {
        // Given
        start();
        Subscription sub = aliceSubscribedTo("test-key", 1380);
        digest.notify(created(1, sub, "Test is a test", null, T0));

        // When
        digest.deleteUser("alice").advance(Duration.ofMinutes(1381));

        // Then
        assertThat(digest.mail.attempts()).isEmpty();
        assertThat(digest.emailEvents()).isEmpty();
        assertThat(digest.gauge("nyt.digest.pending.notifications")).isZero();
    }

    @Test
    void rendersAnHtmlAlternativeWhenTheTemplateHasAnHtmlSibling() {
        // Given
        start(Map.of(
                "NYT_EMAIL_TEMPLATE_DIR", templateDir().toString(),
                "NYT_EMAIL_TEMPLATE_NAMES", "test-key=html/notifications/digest.txt"));
        Subscription sub = aliceSubscribedTo("test-key", 0);

        // When
        digest.notify(created(1, sub, "Tom & <Jerry>", "/t?a=1&b=2", T0)).tick();

        // Then: the text as notified, the HTML escaped
        assertThat(digest.mail.sent()).singleElement().satisfies(mail -> {
            assertThat(mail.text()).isEqualTo("* Tom & <Jerry> (https://example.com/t?a=1&b=2)\n");
            assertThat(mail.html()).isEqualTo("<ul><li><a href=\"https://example.com/t?a=1&amp;b=2\">Tom &amp; &lt;Jerry&gt;</a></li></ul>\n");
        });
    }

    @Test
    void reportsPendingNotificationsAndTheOldestOnesAge() {
        // Given: the metrics clock stands at T0
        start();
        Subscription sub = aliceSubscribedTo("test-key", 1380);

        // When
        digest.notify(created(1, sub, "Old", null, T0.minus(Duration.ofMinutes(10))))
                .notify(created(2, sub, "New", null, T0));

        // Then
        assertThat(digest.gauge("nyt.digest.pending.notifications")).isEqualTo(2.0);
        assertThat(digest.gauge("nyt.digest.oldest.pending.age")).isBetween(600.0, 610.0);
    }

    @Test
    void drainsABacklogLargerThanOneBatchRightAfterEachCommit() {
        // Given: one digest per punctuation
        start(Map.of("NYT_DIGEST_BATCH_SIZE", "1"));
        for (String name : List.of("ann", "ben", "cat")) {
            Subscription sub = subscription("sub-" + name, name, "s-" + name, "test-key", true, T0);
            digest.user(user(name, name + "@example.com")).settings(settings("s-" + name, name, 0, T0)).subscribe(sub)
                    .notify(created(1, sub, "For " + name, null, T0));
        }

        // When: one tick, then the follow-ups of the next loops of the stream thread
        digest.tick().followUp().followUp();

        // Then: all three went out without waiting for further ticks
        assertThat(digest.mail.sent()).extracting(OutgoingMail::to)
                .containsExactlyInAnyOrder("ann@example.com", "ben@example.com", "cat@example.com");
    }

    @Test
    void refusesANotificationKeyedByAnotherUserToTheDeadLetterTopicAndCarriesOn() {
        // Given
        start();
        Subscription sub = aliceSubscribedTo("test-key", 0);

        // When: a record on bob's key claiming to be alice's, then a good one
        digest.notifyAs("bob", created(1, sub, "Misrouted", null, T0))
                .notify(created(2, sub, "Fine", null, T0))
                .tick();

        // Then
        assertThat(digest.deadLetters()).singleElement().satisfies(record ->
                assertThat(new String(record.headers().lastHeader("__streams.errors.message").value(),
                        java.nio.charset.StandardCharsets.UTF_8)).contains("is not the notification's userId"));
        assertThat(digest.mail.sent()).singleElement().extracting(OutgoingMail::text).asString()
                .contains("Fine").doesNotContain("Misrouted");
    }

    @Test
    void givesTheSameDigestTheSameMessageIdAndAnotherDigestAnother() {
        // Given: two drivers, the same events
        Map<String, String> env = new HashMap<>();
        start(env);
        Subscription sub = aliceSubscribedTo("test-key", 0);
        digest.notify(created(7, sub, "Test is a test", null, T0)).tick();
        String first = digest.mail.sent().getFirst().messageId();
        digest.close();

        // When
        digest = new DigestDriver(stateDir.resolve("again"), env);
        aliceSubscribedTo("test-key", 0);
        digest.notify(created(7, sub, "Test is a test", null, T0)).tick();

        // Then
        assertThat(digest.mail.sent().getFirst().messageId()).isEqualTo(first).matches("<[0-9a-f]{32}\\.digest@example\\.com>");
    }

    /** uu1 and vv1 each with settings of the same id "dd1" (of these intervals), subscribed and notified once. */
    private void bothNotifiedUnderDd1(int uu1Interval, int vv1Interval) {
        Subscription uu1 = subscription("sub-uu1", "uu1", "dd1", "test-key", true, T0);
        Subscription vv1 = subscription("sub-vv1", "vv1", "dd1", "test-key", true, T0);
        digest.user(user("uu1", "uu1@example.com")).settings(settings("dd1", "uu1", uu1Interval, T0)).subscribe(uu1);
        digest.user(user("vv1", "vv1@example.com")).settings(settings("dd1", "vv1", vv1Interval, T0)).subscribe(vv1);
        digest.notify(created(1, uu1, "For uu1", null, T0)).notify(created(1, vv1, "For vv1", null, T0)).tick();
    }

    @Test
    void twoUsersWithTheSameSettingsIdKeepTheirOwnIntervals() {
        // Given: uu1's "dd1" is instant; vv1 then chooses the same id, daily
        start();

        // When
        bothNotifiedUnderDd1(0, 1380);

        // Then: uu1's goes out at once, vv1's waits for the day
        assertThat(digest.mail.sent()).extracting(OutgoingMail::to).containsExactly("uu1@example.com");
        assertThat(digest.gauge("nyt.digest.pending.notifications")).isEqualTo(1.0);
    }

    @Test
    void deletingTheSameSettingsIdOfAnotherUserKeepsOnesPending() {
        // Given: both have a daily "dd1" with a pending notification
        start();
        bothNotifiedUnderDd1(1380, 1380);

        // When: vv1's "dd1" is deleted
        digest.deleteSettings("vv1", "dd1").tick();

        // Then: only vv1's pending notification went with it
        assertThat(digest.gauge("nyt.digest.pending.notifications")).isEqualTo(1.0);
        digest.advance(Duration.ofMinutes(1381));
        assertThat(digest.mail.sent()).extracting(OutgoingMail::to).containsExactly("uu1@example.com");
    }

    @Test
    void aSettingsRecordWhoseValueNamesAnotherOwnerThanItsKeyIsRefused() {
        start();
        Subscription uu1 = aliceSubscribedTo("test-key", 1380);

        digest.settingsAs("[\"alice\",\"s-alice\"]", settings("s-alice", "mallory", 0, T0));

        assertThat(digest.deadLetters()).singleElement().satisfies(record -> assertThat(
                new String(record.headers().lastHeader("__streams.errors.message").value(), java.nio.charset.StandardCharsets.UTF_8))
                .contains("mallory"));
        digest.notify(created(1, uu1, "For alice", null, T0)).tick();
        assertThat(digest.mail.sent()).isEmpty();
    }

    @Test
    void aRecordUnderAPlainSettingsIdKeyWrittenBeforeTheUpgradeIsStillRouted() {
        start();
        Subscription sub = subscription("sub-old", "alice", "old", "test-key", true, T0);
        digest.user(user("alice", "alice@example.com")).settingsAs("old", settings("old", "alice", 0, T0)).subscribe(sub);

        digest.notify(created(1, sub, "For alice", null, T0)).tick();

        assertThat(digest.mail.sent()).extracting(OutgoingMail::to).containsExactly("alice@example.com");
    }

    @Test
    void theUpgradesReKeyingMovesSettingsToTheOwnersKeyWithoutDeletingThem() {
        // Given: daily settings under the plain id, with a pending notification
        start();
        Subscription sub = subscription("sub-old", "alice", "old", "test-key", true, T0);
        digest.user(user("alice", "alice@example.com")).settingsAs("old", settings("old", "alice", 1380, T0)).subscribe(sub);
        digest.notify(created(1, sub, "For alice", null, T0)).tick();

        // When: re-keyed (the owner's key written, then the plain one's tombstone)
        digest.settings(settings("old", "alice", 1380, T0)).settingsAs("old", null).tick();

        // Then: still pending, and sent when the day is over
        assertThat(digest.gauge("nyt.digest.pending.notifications")).isEqualTo(1.0);
        digest.advance(Duration.ofMinutes(1381));
        assertThat(digest.mail.sent()).extracting(OutgoingMail::to).containsExactly("alice@example.com");
    }
}
