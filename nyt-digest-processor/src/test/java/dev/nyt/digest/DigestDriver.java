package dev.nyt.digest;

import dev.nyt.digest.config.DigestConfig;
import dev.nyt.digest.mail.SendPool;
import dev.nyt.digest.metrics.DigestMetrics;
import dev.nyt.digest.schedule.DigestRuntime;
import dev.nyt.digest.schedule.DigestScheduler;
import dev.nyt.digest.template.DigestRenderer;
import dev.nyt.events.EmailEvent;
import dev.nyt.events.NotificationEvent;
import dev.nyt.events.Settings;
import dev.nyt.events.topic.SettingsKey;
import dev.nyt.events.Subscription;
import dev.nyt.events.User;
import dev.nyt.events.topic.Topics;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalInt;
import java.util.Properties;
import org.apache.kafka.streams.TestInputTopic;
import org.apache.kafka.streams.TestOutputTopic;
import org.apache.kafka.streams.TopologyTestDriver;

/**
 * The production topology ({@link DigestTopology#topology}) in a TopologyTestDriver, with a
 * driven wall clock starting at {@link #T0}, a {@link RecordingMailSender} and typed topics.
 */
final class DigestDriver implements AutoCloseable {

    static final Instant T0 = Instant.parse("2026-01-05T10:00:00Z");

    final RecordingMailSender mail = new RecordingMailSender();
    final SimpleMeterRegistry registry = new SimpleMeterRegistry();
    final DigestConfig config;
    final DigestMetrics metrics;
    private final TopologyTestDriver driver;
    private final TestInputTopic<String, NotificationEvent> notifications;
    private final TestInputTopic<String, Subscription> subscriptions;
    private final TestInputTopic<String, Settings> settings;
    private final TestInputTopic<String, User> users;
    private final TestOutputTopic<String, EmailEvent> emailEvents;
    private final TestOutputTopic<byte[], byte[]> deadLetters;
    private Instant now = T0;

    DigestDriver(Path stateDir, Map<String, String> env) {
        Map<String, String> variables = new HashMap<>();
        variables.put("NYT_STATE_DIR", stateDir.toString());
        variables.put("NYT_KAFKA_BOOTSTRAP", "driver:9092");
        variables.put("NYT_SMTP_POOL_SIZE", "1");
        variables.putAll(env);
        this.config = DigestConfig.fromEnv(variables);
        this.metrics = new DigestMetrics(registry, InstantSource.fixed(T0));
        DigestRuntime runtime = new DigestRuntime(config, DigestRenderer.create(config.email()),
                new SendPool(mail, config.smtp().poolSize()), metrics, () -> 0.0);
        Properties props = DigestTopology.props(config, registry);
        Topics topics = config.kafka().topics();
        this.driver = new TopologyTestDriver(DigestTopology.topology(topics, runtime, props, OptionalInt.empty()), props, T0);
        this.notifications = input(topics.notifications());
        this.subscriptions = input(topics.subscriptions());
        this.settings = input(topics.settings());
        this.users = input(topics.users());
        this.emailEvents = driver.createOutputTopic(topics.emailEvents().name(),
                topics.emailEvents().keySerde().deserializer(), topics.emailEvents().valueSerde().deserializer());
        this.deadLetters = driver.createOutputTopic(topics.deadLetter().name(),
                topics.deadLetter().keySerde().deserializer(), topics.deadLetter().valueSerde().deserializer());
    }

    private <V> TestInputTopic<String, V> input(dev.nyt.events.topic.Topic<String, V> topic) {
        return driver.createInputTopic(topic.name(), topic.keySerde().serializer(), topic.valueSerde().serializer());
    }

    Instant now() {
        return now;
    }

    DigestDriver user(User user) {
        users.pipeInput(user.userId(), user, now);
        return this;
    }

    DigestDriver deleteUser(String userId) {
        users.pipeInput(userId, null, now);
        return this;
    }

    DigestDriver settings(Settings s) {
        return settingsAs(SettingsKey.of(s).encode(), s);
    }

    /** A record of {@code nyt-settings} under {@code key} (normally the owner and id of {@code s}). */
    DigestDriver settingsAs(String key, Settings s) {
        settings.pipeInput(key, s, now);
        return this;
    }

    DigestDriver deleteSettings(String userId, String settingsId) {
        return settingsAs(new SettingsKey(userId, settingsId).encode(), null);
    }

    DigestDriver subscribe(Subscription s) {
        subscriptions.pipeInput(s.subscriptionId(), s, now);
        return this;
    }

    DigestDriver unsubscribe(String subscriptionId) {
        subscriptions.pipeInput(subscriptionId, null, now);
        return this;
    }

    DigestDriver notify(NotificationEvent event) {
        return notifyAs(event.userId(), event);
    }

    /** An event on the record key {@code key} (normally its user). */
    DigestDriver notifyAs(String key, NotificationEvent event) {
        notifications.pipeInput(key, event, now);
        return this;
    }

    /** One tick of {@code NYT_DIGEST_TICK_SECONDS}, and the follow-up that sends what it prepared. */
    DigestDriver tick() {
        return advance(config.tick());
    }

    /** Lets {@code duration} of wall-clock time pass (the tick fires once), then runs the follow-up. */
    DigestDriver advance(Duration duration) {
        now = now.plus(duration);
        driver.advanceWallClockTime(duration);
        followUp();
        return this;
    }

    /** Only the follow-up punctuation (the next loop of the stream thread). */
    DigestDriver followUp() {
        now = now.plus(DigestScheduler.FOLLOW_UP);
        driver.advanceWallClockTime(DigestScheduler.FOLLOW_UP);
        return this;
    }

    /** Lets time pass without the follow-up: only what the tick itself did. */
    DigestDriver advanceWithoutFollowUp(Duration duration) {
        now = now.plus(duration);
        driver.advanceWallClockTime(duration);
        return this;
    }

    List<EmailEvent> emailEvents() {
        return emailEvents.readValuesToList();
    }

    List<org.apache.kafka.streams.test.TestRecord<byte[], byte[]>> deadLetters() {
        return deadLetters.readRecordsToList();
    }

    double counter(String name) {
        return registry.get(name).counter().count();
    }

    double gauge(String name) {
        return registry.get(name).gauge().value();
    }

    @Override
    public void close() {
        driver.close();
    }
}
