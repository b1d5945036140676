package dev.nyt.client;

import dev.nyt.events.DeleteSettings;
import dev.nyt.events.InvalidEventException;
import dev.nyt.events.MarkViewed;
import dev.nyt.events.StatusCommand;
import dev.nyt.events.NotifyRequested;
import dev.nyt.events.Subscribe;
import dev.nyt.events.SubscriptionCommand;
import dev.nyt.events.Unsubscribe;
import dev.nyt.events.UpsertSettings;
import dev.nyt.events.User;
import dev.nyt.events.outcome.CommandOutcome;
import dev.nyt.events.topic.Topic;
import dev.nyt.events.topic.Topics;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.header.Headers;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;

/**
 * The Java client of nyt: django-nyt's {@code notify}, {@code subscribe} and {@code unsubscribe},
 * plus settings, users and mark-read, each published as an event on its topic. Every argument is
 * validated before anything is sent (an {@link dev.nyt.events.InvalidEventException} names the
 * field); every call returns the send's future. Thread-safe; one instance per application.
 *
 * <pre>{@code
 * try (Nyt nyt = Nyt.connect("localhost:9092", Topics.withPrefix(""))) {
 *     nyt.subscribe("alice", "comment/response").join();
 *     nyt.notify("there was a response to your comment", "comment/response").join();
 * }
 * }</pre>
 */
public final class Nyt implements AutoCloseable {

    /** The client id of a client made by {@link #fromEnv}. */
    public static final String CLIENT_ID = "nyt-client";

    /** nyt's producer settings: linger 5 ms, LZ4, and the two of {@link #OWNED_SETTINGS}. */
    public static final Map<String, Object> PRODUCER_SETTINGS = Map.of(
            ProducerConfig.LINGER_MS_CONFIG, 5,
            ProducerConfig.COMPRESSION_TYPE_CONFIG, "lz4",
            ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true,
            ProducerConfig.ACKS_CONFIG, "all");
    /** The producer settings that are not to be changed, and why. */
    public static final Map<String, String> OWNED_SETTINGS = Map.of(
            ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, "events are written once, in order per key",
            ProducerConfig.ACKS_CONFIG, "an event is sent once every in-sync replica has it");

    private final Producer<String, byte[]> producer;
    private final Topics topics;

    Nyt(Producer<String, byte[]> producer, Topics topics) {
        this.producer = Objects.requireNonNull(producer, "producer");
        this.topics = Objects.requireNonNull(topics, "topics");
    }

    /** A client for the broker at {@code bootstrapServers}. */
    public static Nyt connect(String bootstrapServers, Topics topics) {
        return create(Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers), topics);
    }

    /**
     * A client with producer settings of your own (security, client id, ...) on top of nyt's:
     * idempotence on and {@code acks=all}, which are not to be turned off.
     */
    public static Nyt create(Map<String, Object> producerConfig, Topics topics) {
        Map<String, Object> config = new HashMap<>(PRODUCER_SETTINGS);
        config.putAll(producerConfig);
        OWNED_SETTINGS.keySet().forEach(name -> config.put(name, PRODUCER_SETTINGS.get(name)));
        return new Nyt(new KafkaProducer<>(config, new StringSerializer(), new ByteArraySerializer()), topics);
    }

    /**
     * A client from the environment: {@code NYT_KAFKA_BOOTSTRAP} (default localhost:9092), {@code NYT_TOPIC_PREFIX},
     * and any producer setting as {@code NYT_KAFKA_<NAME>} or {@code NYT_KAFKA_PRODUCER_<NAME>} ({@link KafkaSettings}),
     * e.g. {@code NYT_KAFKA_SECURITY_PROTOCOL=SASL_SSL}. Its client id is {@code nyt-client}
     * ({@code -<NYT_KAFKA_CLIENT_ID>} after it when set).
     *
     * @throws KafkaSettings.InvalidSettingException naming a variable that cannot be used
     */
    public static Nyt fromEnv(Map<String, String> env) {
        return create(producerConfig(KafkaSettings.fromEnv(env), CLIENT_ID), Topics.fromEnv(env));
    }

    /**
     * The producer settings of a client from {@code settings} with client id {@code clientId}: nyt's
     * defaults (linger 5 ms, LZ4), the environment's over them; idempotence and {@code acks=all} are not to be changed.
     */
    public static Map<String, Object> producerConfig(KafkaSettings settings, String clientId) {
        return settings.config(KafkaSettings.Kind.PRODUCER, clientId, PRODUCER_SETTINGS, OWNED_SETTINGS);
    }

    /** Switch notify off on this thread until the scope closes (django-nyt's {@code @disable_notify}). */
    public static NotifyScope disableNotify() {
        return new NotifyScope();
    }

    /** Whether a {@link NotifyScope} is open on this thread. */
    public static boolean isNotifyDisabled() {
        return NotifyScope.active();
    }

    public CompletableFuture<Published> notify(String message, String key) {
        return notify(Notify.of(message, key));
    }

    public CompletableFuture<Published> notify(Notify notify) {
        return notify(Objects.requireNonNull(notify, "notify").toEvent());
    }

    /** Publish a ready event as it is (no event id is added when it has none). */
    public CompletableFuture<Published> notify(NotifyRequested event) {
        Objects.requireNonNull(event, "event");
        if (isNotifyDisabled()) {
            return CompletableFuture.completedFuture(Published.suppressed(event.eventId()));
        }
        return send(topics.notifyRequested(), event.key(), event)
                .thenApply(m -> new Published(event.eventId(), m.topic(), m.partition(), m.offset(), false));
    }

    /** Subscribe the user's default settings to {@code key} (created on demand). */
    public CompletableFuture<RecordMetadata> subscribe(String userId, String key) {
        return subscribe(Subscribe.of(userId, key));
    }

    public CompletableFuture<RecordMetadata> subscribe(Subscribe command) {
        return command(command);
    }

    /** Delete the user's subscriptions to {@code key}, whatever their target and settings. */
    public CompletableFuture<RecordMetadata> unsubscribe(String userId, String key) {
        return unsubscribe(Unsubscribe.of(userId, key));
    }

    public CompletableFuture<RecordMetadata> unsubscribe(Unsubscribe command) {
        return command(command);
    }

    public CompletableFuture<RecordMetadata> upsertSettings(UpsertSettings command) {
        return command(command);
    }

    public CompletableFuture<RecordMetadata> deleteSettings(String userId, String settingsId) {
        return command(new DeleteSettings(userId, settingsId));
    }

    public CompletableFuture<RecordMetadata> upsertUser(User user) {
        Objects.requireNonNull(user, "user");
        return send(topics.users(), user.userId(), user);
    }

    /** Delete the user with their settings, subscriptions and notifications (a tombstone). */
    public CompletableFuture<RecordMetadata> deleteUser(String userId) {
        String id = new User(userId, null, null, null).userId(); // the same rules as for a user
        return send(topics.users(), id, null);
    }

    /** Mark the user's notifications with id {@code <= idLte} viewed. */
    public CompletableFuture<RecordMetadata> markRead(String userId, long idLte) {
        return markRead(MarkViewed.upTo(userId, idLte));
    }

    public CompletableFuture<RecordMetadata> markRead(MarkViewed command) {
        return status(command);
    }

    /**
     * Change the state of a selection of the user's notifications: read ({@link MarkViewed}), seen
     * ({@code MarkSeen}), archived ({@code Archive}, {@code Unarchive}); keyed by the user, in order with
     * the user's other status commands.
     */
    public CompletableFuture<RecordMetadata> status(StatusCommand command) {
        Objects.requireNonNull(command, "command");
        return send(topics.notificationStatus(), command.userId(), command);
    }

    /** Wait until every event sent so far is acknowledged. */
    public void flush() {
        producer.flush();
    }

    public Topics topics() {
        return topics;
    }

    @Override
    public void close() {
        producer.close(Duration.ofSeconds(30));
    }

    /**
     * Send a command with a command id of the caller's (at most 64 characters): the registry then writes
     * its outcome, accepted or refused with the reason, to {@code nyt-command-outcomes} instead of sending
     * a refused command to the dead-letter topic. The query API does this for every command it accepts.
     */
    public CompletableFuture<RecordMetadata> command(SubscriptionCommand command, String commandId) {
        Objects.requireNonNull(command, "command");
        Objects.requireNonNull(commandId, "commandId");
        if (commandId.isBlank() || commandId.length() > CommandOutcome.MAX_COMMAND_ID_LENGTH) {
            throw new InvalidEventException("commandId", "must be 1 to " + CommandOutcome.MAX_COMMAND_ID_LENGTH
                    + " characters");
        }
        Headers headers = new RecordHeaders().add(CommandOutcome.HEADER, commandId.getBytes(StandardCharsets.UTF_8));
        return send(topics.subscriptionRequests(), command.userId(), command, headers);
    }

    private CompletableFuture<RecordMetadata> command(SubscriptionCommand command) {
        Objects.requireNonNull(command, "command");
        return send(topics.subscriptionRequests(), command.userId(), command);
    }

    private <V> CompletableFuture<RecordMetadata> send(Topic<String, V> topic, String key, V value) {
        return send(topic, key, value, new RecordHeaders());
    }

    private <V> CompletableFuture<RecordMetadata> send(Topic<String, V> topic, String key, V value, Headers headers) {
        byte[] bytes = topic.valueSerde().serializer().serialize(topic.name(), value);
        CompletableFuture<RecordMetadata> result = new CompletableFuture<>();
        try {
            producer.send(new ProducerRecord<>(topic.name(), null, key, bytes, headers), (metadata, error) -> {
                if (error != null) {
                    result.completeExceptionally(error);
                } else {
                    result.complete(metadata);
                }
            });
        } catch (RuntimeException e) {
            // closed producer, interrupt, buffer exhausted: a failed future, like every other failure
            result.completeExceptionally(e);
        }
        return result;
    }
}
