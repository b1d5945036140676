package dev.nyt.digest;

import dev.nyt.digest.config.DigestConfig;
import dev.nyt.digest.input.DigestInput;
import dev.nyt.digest.input.NotificationChange;
import dev.nyt.digest.input.OwnerRouter;
import dev.nyt.digest.input.SettingsChange;
import dev.nyt.digest.input.SettingsRouter;
import dev.nyt.digest.input.SubscriptionChange;
import dev.nyt.digest.input.UserChange;
import dev.nyt.digest.schedule.DigestRuntime;
import dev.nyt.digest.schedule.DigestScheduler;
import dev.nyt.digest.state.DigestStores;
import dev.nyt.events.Settings;
import dev.nyt.events.Subscription;
import dev.nyt.events.User;
import dev.nyt.events.json.JsonSerde;
import dev.nyt.events.topic.Topics;
import dev.nyt.runtime.Rerouting;
import dev.nyt.runtime.StreamsProps;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.OptionalInt;
import java.util.Properties;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.streams.StreamsBuilder;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.Topology;
import org.apache.kafka.streams.TopologyConfig;
import org.apache.kafka.streams.kstream.KStream;
import org.apache.kafka.streams.kstream.Named;
import org.apache.kafka.streams.kstream.Repartitioned;

/**
 * The digest topology, keyed by user:
 * <pre>
 * nyt-notifications ─────────────────────────────────────────────────┐
 * nyt-users ─► digest-users-local/-misrouted ─► [digest-users-rerouted] ─┤
 * nyt-subscriptions ─► digest-subscription-router ─► [digest-subscriptions-by-user] ─┤─► digest-scheduler ─► nyt-email-events
 * nyt-settings ──────► digest-settings-router ─────► [digest-settings-by-user] ──────┘   (punctuator: send, prepare)
 * </pre>
 * The routers remember id → user (stores {@code digest-subscription-owners}, {@code digest-settings-owners}),
 * so tombstones reach the user they belonged to. The scheduler's stores are in {@link DigestStores}.
 */
public final class DigestTopology {

    public static final String SUBSCRIPTIONS_BY_USER = "digest-subscriptions-by-user";
    public static final String SETTINGS_BY_USER = "digest-settings-by-user";

    private DigestTopology() {
    }

    /** The Kafka Streams settings: nyt's shared ones (exactly once, named resources, dead letters) and the thread count. */
    public static Properties props(DigestConfig config, MeterRegistry registry) {
        Properties props = StreamsProps.base(DigestConfig.APPLICATION_ID, config.kafka(), registry);
        props.put(StreamsConfig.NUM_STREAM_THREADS_CONFIG, config.streamThreads());
        // a punctuation starts mails for up to DigestScheduler.MAX_SEND_BUDGET inside the task's open transaction
        props.put(StreamsConfig.producerPrefix(ProducerConfig.TRANSACTION_TIMEOUT_CONFIG), 60_000);
        return props;
    }

    /**
     * The topology, built with the given settings so that unnamed internal resources fail here.
     *
     * @param userPartitions partitions of the user-keyed topics; the re-key topics get as many
     *                       (empty: Kafka Streams' default, the partitions of the source topic)
     */
    public static Topology topology(Topics topics, DigestRuntime runtime, Properties props, OptionalInt userPartitions) {
        StreamsBuilder builder = new StreamsBuilder(new TopologyConfig(new StreamsConfig(props)));
        build(builder, topics, runtime, userPartitions, StreamsProps.meterRegistry(props));
        return builder.build(props);
    }

    public static void build(StreamsBuilder builder, Topics topics, DigestRuntime runtime, OptionalInt userPartitions,
                             MeterRegistry registry) {
        builder.addStateStore(DigestStores.owners(DigestStores.SUBSCRIPTION_OWNERS));
        builder.addStateStore(DigestStores.owners(DigestStores.SETTINGS_OWNERS));
        DigestStores.userStage().forEach(builder::addStateStore);

        KStream<String, DigestInput> notifications = builder
                .stream(topics.notifications().name(), topics.notifications().consumed().withName("digest-notifications-source"))
                .filter((user, event) -> user != null && event != null, Named.as("digest-notifications-present"))
                .mapValues(NotificationChange::new, Named.as("digest-notifications-input"));

        // nyt-users is written by producers: a record on another partition than its key's is re-routed first
        KStream<String, DigestInput> users = Rerouting
                .owned(builder, topics.users(), "digest-users", userPartitions.orElse(1),
                        Rerouting.KeyOf.of("userId", User::userId), registry)
                .filter((user, profile) -> user != null, Named.as("digest-users-keyed"))
                .mapValues(UserChange::new, Named.as("digest-users-input"));

        Repartitioned<String, SubscriptionChange> subscriptionsByUser =
                partitions(Repartitioned.with(Serdes.String(), JsonSerde.of(SubscriptionChange.class))
                        .withName(SUBSCRIPTIONS_BY_USER), userPartitions);
        KStream<String, DigestInput> subscriptions = builder
                .stream(topics.subscriptions().name(), topics.subscriptions().consumed().withName("digest-subscriptions-source"))
                .process(() -> new OwnerRouter<Subscription, SubscriptionChange>(
                                DigestStores.SUBSCRIPTION_OWNERS, Subscription::userId, SubscriptionChange::new),
                        Named.as("digest-subscription-router"), DigestStores.SUBSCRIPTION_OWNERS)
                .repartition(subscriptionsByUser)
                .mapValues(change -> (DigestInput) change, Named.as("digest-subscriptions-input"));

        Repartitioned<String, SettingsChange> settingsByUser =
                partitions(Repartitioned.with(Serdes.String(), JsonSerde.of(SettingsChange.class))
                        .withName(SETTINGS_BY_USER), userPartitions);
        KStream<String, DigestInput> settings = builder
                .stream(topics.settings().name(), topics.settings().consumed().withName("digest-settings-source"))
                .process(() -> new SettingsRouter(DigestStores.SETTINGS_OWNERS),
                        Named.as("digest-settings-router"), DigestStores.SETTINGS_OWNERS)
                .repartition(settingsByUser)
                .mapValues(change -> (DigestInput) change, Named.as("digest-settings-input"));

        notifications
                .merge(users, Named.as("digest-merge-users"))
                .merge(subscriptions, Named.as("digest-merge-subscriptions"))
                .merge(settings, Named.as("digest-merge-settings"))
                .process(() -> new DigestScheduler(runtime), Named.as("digest-scheduler"),
                        DigestStores.USER_STAGE.toArray(String[]::new))
                .to(topics.emailEvents().name(), topics.emailEvents().produced().withName("digest-email-events-sink"));
    }

    private static <V> Repartitioned<String, V> partitions(Repartitioned<String, V> repartitioned, OptionalInt count) {
        return count.isPresent() ? repartitioned.withNumberOfPartitions(count.getAsInt()) : repartitioned;
    }
}
