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
import dev.nyt.fanout.inbox.FanoutRun;
import dev.nyt.fanout.inbox.InboxEntry;
import dev.nyt.fanout.inbox.InboxFanout;
import dev.nyt.fanout.inbox.IndexEntry;
import dev.nyt.fanout.inbox.NotificationIds;
import dev.nyt.fanout.inbox.StatusProcessor;
import dev.nyt.fanout.inbox.SubscriberIndex;
import dev.nyt.fanout.registry.CommandProcessor;
import dev.nyt.fanout.registry.Registry;
import dev.nyt.fanout.registry.RegistryEvent;
import dev.nyt.fanout.registry.RegistryEvent.CommandDecided;
import dev.nyt.fanout.registry.RegistryEvent.ReachChanged;
import dev.nyt.fanout.registry.RegistryEvent.SettingsChanged;
import dev.nyt.fanout.registry.RegistryEvent.SubscriptionChanged;
import dev.nyt.fanout.registry.UserProcessor;
import dev.nyt.fanout.route.KeyPartitions;
import dev.nyt.fanout.route.KeyPresence;
import dev.nyt.fanout.route.PresenceReport;
import dev.nyt.fanout.route.RouteProcessor;
import dev.nyt.fanout.route.Routed;
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
 * The fan-out processor's topology, in two sub-topologies (docs/ARCHITECTURE.md draws it):
 * <ol>
 *   <li><b>registry and inbox</b> (keyed by user): subscription commands and users against each user's
 *       settings and subscriptions; writes the subscriptions table ({@code nyt-subscriptions},
 *       {@code nyt-settings}, keyed by owner and id), the outcomes of commands that carry a command id
 *       ({@code nyt-command-outcomes}), and the {@link SubscriberIndex} of the task's users by key, in the
 *       same store writes. Events routed to the task walk that index in bounded steps ({@link InboxFanout}):
 *       ids, coalescing, viewed state; writes {@code nyt-notifications}. Each change of who receives a key
 *       is reported, as a 5-byte {@link KeyPresence}, to the task of the key;</li>
 *   <li><b>routing</b> (keyed by notification key): {@code nyt-notify-requested}, deduplicated by eventId,
 *       sent once to each user partition that holds a subscriber of the key ({@link RouteProcessor}, which
 *       learns them from the presence reports).</li>
 * </ol>
 * So a notification costs no Kafka record of its own beyond its output and its inbox changelog entry: an event
 * crosses the broker once per user partition it reaches, not once per subscriber.
 * Every input that producers write is read through {@link Rerouting}: a record on another partition than
 * its key hashes to is re-routed to the task owning the key before any state is read.
 * Every store, repartition topic and processor is named; the names are operations' vocabulary.
 */
public final class FanoutTopology {

    public static final String PRESENCE_BY_KEY = "fanout-presence-by-key";
    public static final String EVENTS_BY_PARTITION = "fanout-events-by-partition";

    private static final String[] USER_STORES = {
        Registry.USERS_STORE, Registry.SETTINGS_STORE, Registry.SUBSCRIPTIONS_STORE, InboxEntry.STORE,
        SubscriberIndex.STORE
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
        addStores(builder, settings);
        FanoutMetrics metrics = FanoutMetrics.register(registry);
        KStream<String, RegistryEvent> changes = registry(builder, topics, settings, metrics);
        fanOut(builder, topics, settings, metrics, changes);
    }

    /**
     * Key-value stores are cached: repeated writes of a key within a commit interval (the id
     * counter is written for every notification, a walk's cursor for every step) reach RocksDB and the
     * changelog once. What only the fan-out reads back is stored in a compact binary form.
     */
    private static void addStores(StreamsBuilder builder, FanoutSettings settings) {
        Duration dedupRetention = settings.dedupRetention();
        Serde<String> keys = Serdes.String();
        builder.addStateStore(Stores.keyValueStoreBuilder(
                Stores.persistentKeyValueStore(Registry.USERS_STORE), keys, JsonSerde.of(User.class)).withCachingEnabled());
        builder.addStateStore(Stores.keyValueStoreBuilder(
                Stores.persistentKeyValueStore(Registry.SETTINGS_STORE), keys, JsonSerde.of(Settings.class)).withCachingEnabled());
        builder.addStateStore(Stores.keyValueStoreBuilder(
                Stores.persistentKeyValueStore(Registry.SUBSCRIPTIONS_STORE), keys, JsonSerde.of(Subscription.class)).withCachingEnabled());
        builder.addStateStore(Stores.keyValueStoreBuilder(
                Stores.persistentKeyValueStore(InboxEntry.STORE), keys, InboxEntry.serde()).withCachingEnabled());
        builder.addStateStore(Stores.keyValueStoreBuilder(
                Stores.persistentKeyValueStore(NotificationIds.STORE), keys, Serdes.Long()).withCachingEnabled());
        builder.addStateStore(Stores.keyValueStoreBuilder(
                Stores.persistentKeyValueStore(SubscriberIndex.STORE), keys, IndexEntry.serde()).withCachingEnabled());
        builder.addStateStore(Stores.keyValueStoreBuilder(
                Stores.persistentKeyValueStore(FanoutRun.STORE), Serdes.Long(), FanoutRun.serde(settings.userPartitions()))
                .withCachingEnabled());
        builder.addStateStore(Stores.keyValueStoreBuilder(
                Stores.persistentKeyValueStore(KeyPartitions.STORE), keys, Serdes.ByteArray()).withCachingEnabled());
        builder.addStateStore(Stores.windowStoreBuilder(
                Stores.persistentWindowStore(RouteProcessor.EVENT_IDS_STORE, dedupRetention.multipliedBy(2),
                        Duration.ofMillis(1), false),
                keys, Serdes.Long()));
    }

    /** The registry: writes the subscriptions table and answers what changed. */
    private static KStream<String, RegistryEvent> registry(StreamsBuilder builder, Topics topics,
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

        changes.filter((user, event) -> event instanceof SubscriptionChanged, Named.as("registry-subscription-changes"))
                .map((user, event) -> {
                    SubscriptionChanged changed = (SubscriptionChanged) event;
                    return KeyValue.pair(changed.current().subscriptionId(), changed.now());
                }, Named.as("registry-subscriptions-by-id"))
                .to(topics.subscriptions().name(),
                        topics.subscriptions().produced().withName("registry-subscriptions-sink"));
        return changes;
    }

    /**
     * Routing and the inbox: who receives a key is reported to the key's task; each event goes once to each
     * user partition holding a subscriber, whose inbox task walks them; status commands keep viewed state.
     */
    private static void fanOut(StreamsBuilder builder, Topics topics, FanoutSettings settings, FanoutMetrics metrics,
                               KStream<String, RegistryEvent> changes) {
        MeterRegistry registry = metrics.registry();
        changes.filter((user, event) -> event instanceof SubscriptionChanged || event instanceof ReachChanged,
                        Named.as("registry-reach-changes"))
                .process(() -> new PresenceReport(settings.userPartitions()), Named.as("registry-presence"),
                        SubscriberIndex.STORE)
                .repartition(Repartitioned.<String, KeyPresence>as(PRESENCE_BY_KEY)
                        .withKeySerde(Serdes.String())
                        .withValueSerde(KeyPresence.serde())
                        .withNumberOfPartitions(settings.keyPartitions()))
                .process(KeyPartitions.Apply::new, Named.as("fanout-presence"), KeyPartitions.STORE);

        KStream<String, NotificationEvent> created = Rerouting
                .owned(builder, topics.notifyRequested(), "fanout-notify", settings.keyPartitions(),
                        KeyOf.of("key", NotifyRequested::key), registry)
                .process(() -> new RouteProcessor(settings.dedupRetention(), settings.userPartitions(), metrics),
                        Named.as("fanout-route"), KeyPartitions.STORE, RouteProcessor.EVENT_IDS_STORE)
                .repartition(Repartitioned.<String, Routed>as(EVENTS_BY_PARTITION)
                        .withKeySerde(Serdes.String())
                        .withValueSerde(Routed.serde())
                        .withStreamPartitioner(Routed.partitioner())
                        .withNumberOfPartitions(settings.userPartitions()))
                .process(() -> new InboxFanout(metrics, settings.chunk(), settings.stepBudget(), settings.userPartitions(),
                                settings.maxPending()), Named.as("inbox-fanout"),
                        SubscriberIndex.STORE, InboxEntry.STORE, NotificationIds.STORE, FanoutRun.STORE);

        KStream<String, NotificationEvent> viewed = Rerouting
                .owned(builder, topics.notificationStatus(), "inbox-status", settings.userPartitions(),
                        KeyOf.of("userId", StatusCommand::userId), registry)
                .process(StatusProcessor::new, Named.as("inbox-status"), InboxEntry.STORE);

        created.merge(viewed, Named.as("inbox-events"))
                .to(topics.notifications().name(), topics.notifications().produced().withName("inbox-notifications-sink"));
    }
}
