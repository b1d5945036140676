package dev.nyt.fanout;

import dev.nyt.events.MarkViewed;
import dev.nyt.events.StatusCommand;
import dev.nyt.events.NotificationCreated;
import dev.nyt.events.NotificationEvent;
import dev.nyt.events.NotifyRequested;
import dev.nyt.events.Settings;
import dev.nyt.events.Subscription;
import dev.nyt.events.SubscriptionCommand;
import dev.nyt.events.User;
import dev.nyt.events.outcome.CommandOutcome;
import dev.nyt.events.topic.Topic;
import dev.nyt.events.topic.Topics;
import dev.nyt.runtime.KafkaConfig;
import dev.nyt.runtime.StreamsProps;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Properties;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.TestInputTopic;
import org.apache.kafka.streams.TestOutputTopic;
import org.apache.kafka.streams.TopologyTestDriver;
import org.apache.kafka.streams.test.TestRecord;

/**
 * The production topology in a TopologyTestDriver, with typed inputs and outputs: tests speak in
 * events, not bytes.
 */
final class FanoutDriver implements AutoCloseable {

    final Topics topics = Topics.withPrefix("");
    final SimpleMeterRegistry registry = new SimpleMeterRegistry();
    private final TopologyTestDriver driver;
    private final TestInputTopic<String, SubscriptionCommand> commands;
    private final TestInputTopic<String, User> users;
    private final TestInputTopic<String, NotifyRequested> notify;
    private final TestInputTopic<String, StatusCommand> status;
    private final TestOutputTopic<String, NotificationEvent> notifications;
    private final TestOutputTopic<String, Subscription> subscriptions;
    private final TestOutputTopic<String, Settings> settings;
    private final TestOutputTopic<byte[], byte[]> deadLetters;
    private final TestOutputTopic<String, CommandOutcome> outcomes;
    private TestOutputTopic<byte[], byte[]> routed;
    private long routedSeen;
    private Instant clock = Instant.parse("2026-11-23T10:00:00Z");

    FanoutDriver() {
        this(FanoutSettings.defaults());
    }

    FanoutDriver(FanoutSettings fanoutSettings) {
        this(fanoutSettings, newStateDir());
    }

    /** A driver over the state a closed one left in {@code stateDir}: a restart of the fan-out. */
    FanoutDriver(FanoutSettings fanoutSettings, Path stateDir) {
        Properties props = StreamsProps.base("nyt-fanout",
                new KafkaConfig("unused:9092", topics, 1, (short) 1, stateDir), registry);
        props.put(StreamsConfig.PROCESSING_GUARANTEE_CONFIG, StreamsConfig.AT_LEAST_ONCE);
        driver = new TopologyTestDriver(FanoutTopology.build(topics, fanoutSettings, props), props);
        commands = input(topics.subscriptionRequests());
        users = input(topics.users());
        notify = input(topics.notifyRequested());
        status = input(topics.notificationStatus());
        notifications = output(topics.notifications());
        subscriptions = output(topics.subscriptions());
        settings = output(topics.settings());
        outcomes = output(CommandOutcome.topic(topics));
        deadLetters = driver.createOutputTopic(topics.deadLetter().name(),
                topics.deadLetter().keySerde().deserializer(), topics.deadLetter().valueSerde().deserializer());
    }

    static Path newStateDir() {
        try {
            return Files.createTempDirectory("nyt-fanout-test");
        } catch (java.io.IOException e) {
            throw new IllegalStateException(e);
        }
    }

    private <V> TestInputTopic<String, V> input(Topic<String, V> topic) {
        return driver.createInputTopic(topic.name(), topic.keySerde().serializer(), topic.valueSerde().serializer());
    }

    private <V> TestOutputTopic<String, V> output(Topic<String, V> topic) {
        return driver.createOutputTopic(topic.name(), topic.keySerde().deserializer(), topic.valueSerde().deserializer());
    }

    /** Moves the event clock on, so records get distinct, increasing timestamps. */
    Instant tick() {
        clock = clock.plusSeconds(1);
        return clock;
    }

    void command(SubscriptionCommand command) {
        commands.pipeInput(command.userId(), command, tick());
    }

    /** A command as the query API sends it: with a command id in its header. */
    void command(SubscriptionCommand command, String commandId) {
        commands.pipeInput(new TestRecord<>(command.userId(), command,
                new RecordHeaders().add(CommandOutcome.HEADER, commandId.getBytes(java.nio.charset.StandardCharsets.UTF_8)),
                tick()));
    }

    List<CommandOutcome> outcomes() {
        return outcomes.readValuesToList();
    }

    void user(User user) {
        users.pipeInput(user.userId(), user, tick());
    }

    void deleteUser(String userId) {
        users.pipeInput(userId, null, tick());
    }

    /** Publishes the event and lets the fan-out walk all of its subscribers, in as many steps as it takes. */
    void notify(NotifyRequested event) {
        publish(event);
        drain();
    }

    /** Publishes the event; a walk longer than one step stays pending until {@link #step} or {@link #drain}. */
    void publish(NotifyRequested event) {
        notify.pipeInput(event.key(), event, tick());
    }

    /** Walks pending at this moment (the fan-out's gauge). */
    long pending() {
        return (long) registry.get(FanoutMetrics.RUNS_PENDING).gauge().value();
    }

    /** One punctuation of the fan-out: pending walks move on for at most one step budget. */
    void step() {
        driver.advanceWallClockTime(java.time.Duration.ofMillis(1));
    }

    void drain() {
        for (int i = 0; pending() > 0; i++) {
            if (i == 1_000_000) {
                throw new IllegalStateException(pending() + " fan-out walks still pending");
            }
            step();
        }
    }

    void markViewed(MarkViewed command) {
        status(command);
    }

    void status(StatusCommand command) {
        status.pipeInput(command.userId(), command, tick());
    }

    /** Raw bytes onto an input topic, as a producer in another language might send them. */
    void raw(String topic, String key, String value) {
        driver.createInputTopic(topic, new StringSerializer(), new ByteArraySerializer())
                .pipeInput(key, value == null ? null : value.getBytes(java.nio.charset.StandardCharsets.UTF_8), tick());
    }

    List<TestRecord<String, NotificationEvent>> notifications() {
        return notifications.readRecordsToList();
    }

    List<NotificationCreated> created() {
        return notifications().stream().map(TestRecord::value)
                .filter(NotificationCreated.class::isInstance).map(NotificationCreated.class::cast).toList();
    }

    /** How many routed copies of events crossed to the inbox tasks so far (the events-by-partition topic). */
    long routedEvents() {
        if (routed == null) {
            routed = driver.createOutputTopic("nyt-fanout-" + FanoutTopology.EVENTS_BY_PARTITION + "-repartition",
                    new org.apache.kafka.common.serialization.ByteArrayDeserializer(),
                    new org.apache.kafka.common.serialization.ByteArrayDeserializer());
        }
        routedSeen += routed.getQueueSize();
        routed.readRecordsToList();
        return routedSeen;
    }

    List<TestRecord<String, Subscription>> subscriptions() {
        return subscriptions.readRecordsToList();
    }

    List<TestRecord<String, Settings>> settings() {
        return settings.readRecordsToList();
    }

    List<TestRecord<byte[], byte[]>> deadLetters() {
        return deadLetters.readRecordsToList();
    }

    /** A header of a dead-letter record as text, or null. */
    static String header(TestRecord<byte[], byte[]> record, String name) {
        var header = record.headers().lastHeader(name);
        return header == null ? null : new String(header.value(), java.nio.charset.StandardCharsets.UTF_8);
    }

    double counter(String name, String outcome) {
        return counter(name, "outcome", outcome);
    }

    double counter(String name, String tag, String value) {
        return registry.get(name).tag(tag, value).counter().count();
    }

    double counter(String name) {
        return registry.get(name).counters().stream().mapToDouble(io.micrometer.core.instrument.Counter::count).sum();
    }

    @Override
    public void close() {
        driver.close();
    }
}
