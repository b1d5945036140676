package dev.nyt.fanout;

import dev.nyt.events.NotificationEvent;
import dev.nyt.events.NotifyRequested;
import dev.nyt.events.Settings;
import dev.nyt.events.StatusCommand;
import dev.nyt.events.Subscription;
import dev.nyt.events.SubscriptionCommand;
import dev.nyt.events.User;
import dev.nyt.events.json.JsonSerde;
import dev.nyt.events.outcome.CommandOutcome;
import dev.nyt.events.topic.Topic;
import dev.nyt.events.topic.Topics;
import dev.nyt.fanout.inbox.DeliveryProcessor;
import dev.nyt.fanout.inbox.InboxEntry;
import dev.nyt.fanout.inbox.NotificationIds;
import dev.nyt.fanout.inbox.StatusProcessor;
import dev.nyt.fanout.join.Delivery;
import dev.nyt.fanout.join.FanoutJoinProcessor;
import dev.nyt.fanout.join.IndexEntry;
import dev.nyt.fanout.join.SubscriptionChange;
import dev.nyt.fanout.join.SubscriptionIndexProcessor;
import dev.nyt.fanout.registry.CommandProcessor;
import dev.nyt.fanout.registry.Registry;
import dev.nyt.fanout.registry.RegistryEvent;
import dev.nyt.fanout.registry.RegistryEvent.CommandDecided;
import dev.nyt.fanout.registry.RegistryEvent.SettingsChanged;
import dev.nyt.fanout.registry.RegistryEvent.SubscriptionChanged;
import dev.nyt.fanout.registry.UserProcessor;
import dev.nyt.runtime.Rerouting;
import dev.nyt.runtime.Rerouting.KeyOf;
import dev.nyt.runtime.StreamsProps;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Duration;
import java.util.Properties;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.StreamsBuilder;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.Topology;
import org.apache.kafka.streams.TopologyConfig;
import org.apache.kafka.streams.kstream.KStream;
import org.apache.kafka.streams.kstream.Named;
import org.apache.kafka.streams.kstream.Repartitioned;
import org.apache.kafka.streams.state.Stores;

/**
 * The fan-out processor's topology, in three stages (docs/ARCHITECTURE.md draws it):
 * <ol>
 *   <li><b>registry</b> (keyed by user): subscription commands and users against each user's
 *       settings and subscriptions; writes the subscriptions table ({@code nyt-subscriptions},
 *       {@code nyt-settings}, keyed by owner and id), the outcomes of commands that carry a command id
 *       ({@code nyt-command-outcomes}) and re-keys subscription changes by notification key;</li>
 *   <li><b>fan-out join</b> (keyed by notification key): {@code nyt-notify-requested} against the
 *       subscriptions index, one prefix scan per event; deliveries re-keyed by user;</li>
 *   <li><b>inbox</b> (keyed by user, in the registry's task): ids, coalescing, viewed state;
 *       writes {@code nyt-notifications}.</li>
 * </ol>
 * Every input that producers write is read through {@link Rerouting}: a record on another partition than
 * its key hashes to is re-routed to the task owning the key before any state is read.
 * Every store, repartition topic and processor is named; the names are operations' vocabulary.
 */
public final class FanoutTopology {

    public static final String SUBSCRIPTIONS_BY_KEY = "fanout-subscriptions-by-key";
    public static final String DELIVERIES = "inbox-deliveries";

    private static final String[] USER_STORES = {
        Registry.USERS_STORE, Registry.SETTINGS_STORE, Registry.SUBSCRIPTIONS_STORE, InboxEntry.STORE
    };

    private FanoutTopology() {
    }

    /**
     * The topology, built with the Streams settings it will run with ({@link StreamsProps#base} and
     * overrides), so that {@code ensure.explicit.internal.resource.naming} fails here on an unnamed
     * store or topic; its meters ({@link FanoutMetrics}, re-routed records) go to the registry in them.
     */
    public static Topology build(Topics topics, FanoutSettings settings, Properties props) {
        StreamsBuilder builder = new StreamsBuilder(new TopologyConfig(new StreamsConfig(props)));
        build(builder, topics, settings, StreamsProps.meterRegistry(props));
        return builder.build(props);
    }

    public static void build(StreamsBuilder builder, Topics topics, FanoutSettings settings, MeterRegistry registry) {
        addStores(builder, settings.dedupRetention());
        FanoutMetrics metrics = FanoutMetrics.register(registry);
        KStream<String, SubscriptionChanged> subscriptionChanges = registry(builder, topics, settings, metrics);
        join(builder, topics, settings, metrics, subscriptionChanges);
    }

    /**
     * Key-value stores are cached: repeated writes of a key within a commit interval (the id
     * counter is written for every notification) reach RocksDB and the changelog once.
     */
    private static void addStores(StreamsBuilder builder, Duration dedupRetention) {
        Serde<String> keys = Serdes.String();
        builder.addStateStore(Stores.keyValueStoreBuilder(
                Stores.persistentKeyValueStore(Registry.USERS_STORE), keys, JsonSerde.of(User.class)).withCachingEnabled());
        builder.addStateStore(Stores.keyValueStoreBuilder(
                Stores.persistentKeyValueStore(Registry.SETTINGS_STORE), keys, JsonSerde.of(Settings.class)).withCachingEnabled());
        builder.addStateStore(Stores.keyValueStoreBuilder(
                Stores.persistentKeyValueStore(Registry.SUBSCRIPTIONS_STORE), keys, JsonSerde.of(Subscription.class)).withCachingEnabled());
        builder.addStateStore(Stores.keyValueStoreBuilder(
                Stores.persistentKeyValueStore(InboxEntry.STORE), keys, JsonSerde.of(InboxEntry.class)).withCachingEnabled());
        builder.addStateStore(Stores.keyValueStoreBuilder(
                Stores.persistentKeyValueStore(NotificationIds.STORE), keys, Serdes.Long()).withCachingEnabled());
        builder.addStateStore(Stores.keyValueStoreBuilder(
                Stores.persistentKeyValueStore(FanoutJoinProcessor.INDEX_STORE), keys, IndexEntry.serde()).withCachingEnabled());
        builder.addStateStore(Stores.windowStoreBuilder(
                Stores.persistentWindowStore(FanoutJoinProcessor.EVENT_IDS_STORE, dedupRetention.multipliedBy(2),
                        Duration.ofMillis(1), false),
                keys, Serdes.Long()));
    }

    /** Stage 1: the registry; answers the subscription changes for the join's index. */
    private static KStream<String, SubscriptionChanged> registry(StreamsBuilder builder, Topics topics,
                                                                 FanoutSettings settings, FanoutMetrics metrics) {
        MeterRegistry registry = metrics.registry();
        KStream<String, RegistryEvent> fromCommands = Rerouting
                .owned(builder, topics.subscriptionRequests(), "registry-commands", settings.userPartitions(),
                        KeyOf.of("userId", SubscriptionCommand::userId), registry)
                .process(() -> new CommandProcessor(settings.intervals(), metrics), Named.as("registry-commands"), USER_STORES);
        KStream<String, RegistryEvent> fromUsers = Rerouting
                .owned(builder, topics.users(), "registry-users", settings.userPartitions(),
                        KeyOf.of("userId", User::userId), registry)
                .process(UserProcessor::new, Named.as("registry-users"), USER_STORES);
        KStream<String, RegistryEvent> changes = fromCommands.merge(fromUsers, Named.as("registry-changes"));

        changes.filter((user, event) -> event instanceof SettingsChanged, Named.as("registry-settings-changes"))
                .map((user, event) -> {
                    SettingsChanged changed = (SettingsChanged) event;
                    return KeyValue.pair(changed.key().encode(), changed.now());
                }, Named.as("registry-settings-by-id"))
                .to(topics.settings().name(), topics.settings().produced().withName("registry-settings-sink"));

        Topic<String, CommandOutcome> outcomes = CommandOutcome.topic(topics);
        changes.filter((user, event) -> event instanceof CommandDecided, Named.as("registry-command-outcomes"))
                .mapValues(event -> ((CommandDecided) event).outcome(), Named.as("registry-command-outcomes-typed"))
                .to(outcomes.name(), outcomes.produced().withName("registry-command-outcomes-sink"));

        KStream<String, SubscriptionChanged> subscriptionChanges = changes
                .filter((user, event) -> event instanceof SubscriptionChanged, Named.as("registry-subscription-changes"))
                .mapValues(event -> (SubscriptionChanged) event, Named.as("registry-subscription-changes-typed"));
        subscriptionChanges
                .map((user, changed) -> KeyValue.pair(changed.current().subscriptionId(), changed.now()),
                        Named.as("registry-subscriptions-by-id"))
                .to(topics.subscriptions().name(),
                        topics.subscriptions().produced().withName("registry-subscriptions-sink"));
        return subscriptionChanges;
    }

    /** Stages 2 and 3: index by key, join each event, deliver to each user's inbox. */
    private static void join(StreamsBuilder builder, Topics topics, FanoutSettings settings, FanoutMetrics metrics,
                             KStream<String, SubscriptionChanged> subscriptionChanges) {
        MeterRegistry registry = metrics.registry();
        subscriptionChanges
                .map((user, changed) -> KeyValue.pair(changed.current().key(),
                        new SubscriptionChange(changed.current(), changed.now() == null)),
                        Named.as("fanout-subscriptions-rekey"))
                .repartition(Repartitioned.<String, SubscriptionChange>as(SUBSCRIPTIONS_BY_KEY)
                        .withKeySerde(Serdes.String())
                        .withValueSerde(JsonSerde.of(SubscriptionChange.class))
                        .withNumberOfPartitions(settings.keyPartitions()))
                .process(SubscriptionIndexProcessor::new, Named.as("fanout-index"), FanoutJoinProcessor.INDEX_STORE);

        KStream<String, NotificationEvent> created = Rerouting
                .owned(builder, topics.notifyRequested(), "fanout-notify", settings.keyPartitions(),
                        KeyOf.of("key", NotifyRequested::key), registry)
                .process(() -> new FanoutJoinProcessor(settings.dedupRetention(), metrics), Named.as("fanout-join"),
                        FanoutJoinProcessor.INDEX_STORE, FanoutJoinProcessor.EVENT_IDS_STORE)
                .repartition(Repartitioned.<String, Delivery>as(DELIVERIES)
                        .withKeySerde(Serdes.String())
                        .withValueSerde(JsonSerde.of(Delivery.class))
                        .withNumberOfPartitions(settings.userPartitions()))
                .process(() -> new DeliveryProcessor(metrics), Named.as("inbox-deliver"),
                        Registry.USERS_STORE, Registry.SETTINGS_STORE, Registry.SUBSCRIPTIONS_STORE, InboxEntry.STORE,
                        NotificationIds.STORE);

        KStream<String, NotificationEvent> viewed = Rerouting
                .owned(builder, topics.notificationStatus(), "inbox-status", settings.userPartitions(),
                        KeyOf.of("userId", StatusCommand::userId), registry)
                .process(StatusProcessor::new, Named.as("inbox-status"), InboxEntry.STORE);

        created.merge(viewed, Named.as("inbox-events"))
                .to(topics.notifications().name(), topics.notifications().produced().withName("inbox-notifications-sink"));
    }
}
