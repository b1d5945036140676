package dev.nyt.jmh;

import dev.nyt.events.NotificationCreated;
import dev.nyt.events.NotifyRequested;
import dev.nyt.events.Subscription;
import dev.nyt.events.Target;
import dev.nyt.events.json.Json;
import dev.nyt.events.json.JsonSerde;
import dev.nyt.events.topic.Topics;
import dev.nyt.fanout.FanoutTopology;
import dev.nyt.fanout.inbox.InboxEntry;
import dev.nyt.fanout.inbox.IndexEntry;
import dev.nyt.fanout.route.KeyPresence;
import dev.nyt.fanout.route.Routed;
import java.time.Instant;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.common.serialization.Serializer;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import tools.jackson.databind.ObjectReader;
import tools.jackson.databind.ObjectWriter;
import tools.jackson.databind.json.JsonMapper;

/**
 * JSON serdes of the records on the broadcast's hot path: the public {@code NotificationCreated} (fan-out
 * sink, projector and push source), the inbox's {@link InboxEntry} (one written per notification to
 * {@code inbox-latest-store} and its changelog; JSON before 0.2, now {@link InboxEntry#serde()}'s binary form,
 * measured beside it in {@link #serializeInboxEntryBinary}) and {@link Subscription} (registry store reads), each written
 * and read with the shared mapper ({@code mapper=nyt}: {@link JsonSerde}, with its fast {@code Instant} text)
 * and with a plain Jackson 3 mapper configured the same way but without that module ({@code mapper=plain}:
 * {@code DateTimeFormatter} for every timestamp). Plus the fan-out index's {@link IndexEntry} serde, read once
 * per subscriber of a broadcast. JSON was a third of the broadcast's CPU samples and {@code Instant} parsing
 * 10.6 % of its allocation (docs/BENCHMARKS.md, "What limits the rest"); run with {@code -prof gc} for the
 * bytes allocated per operation ({@code gc.alloc.rate.norm}).
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
public class SerdeBench {

    static final Instant AT = Instant.parse("2026-11-23T10:00:00.123Z");
    static final String NOTIFICATIONS = Topics.NOTIFICATIONS;
    static final String INBOX = "nyt-fanout-" + InboxEntry.STORE + "-changelog";
    static final String INDEX = "nyt-fanout-index-changelog";
    static final String ROUTED = "nyt-fanout-" + FanoutTopology.EVENTS_BY_PARTITION + "-repartition";
    static final String PRESENCE = "nyt-fanout-" + FanoutTopology.PRESENCE_BY_KEY + "-repartition";

    /** One serde per record type, all from the same mapper. */
    @State(Scope.Thread)
    public static class Codecs {

        /** {@code nyt}: the shared mapper, as the services use it; {@code plain}: without the Instant module. */
        @Param({"nyt", "plain"})
        public String mapper;

        final NotificationCreated created = new NotificationCreated(1_234_567L, "user-4711", "sub-4711",
                "settings-4711", "comment/new", "There was a response to your comment on 'Broadcasts'",
                "/comments/42/", new Target("comments.comment", "42"), 1, false, false, AT, AT, "event-0001");
        final InboxEntry delivery = new InboxEntry(1_234_567L, "user-4711", "sub-4711", "settings-4711",
                "comment/new", "There was a response to your comment on 'Broadcasts'", "/comments/42/",
                new Target("comments.comment", "42"), 1, false, false, AT, AT, "event-0001");
        final Serde<InboxEntry> binarySerde = InboxEntry.serde();
        byte[] binaryBytes;
        final Subscription subscription = new Subscription("sub-4711", "user-4711", "settings-4711", "comment/new",
                null, true, AT);

        Serde<NotificationCreated> createdSerde;
        Serde<InboxEntry> deliverySerde;
        Serde<Subscription> subscriptionSerde;
        byte[] createdBytes;
        byte[] deliveryBytes;
        byte[] subscriptionBytes;

        @Setup
        public void setup() {
            JsonMapper plain = "plain".equals(mapper) ? Json.configure(JsonMapper.builder()).build() : null;
            createdSerde = serde(NotificationCreated.class, plain);
            deliverySerde = serde(InboxEntry.class, plain);
            subscriptionSerde = serde(Subscription.class, plain);
            createdBytes = createdSerde.serializer().serialize(NOTIFICATIONS, created);
            deliveryBytes = deliverySerde.serializer().serialize(INBOX, delivery);
            binaryBytes = binarySerde.serializer().serialize(INBOX, delivery);
            subscriptionBytes = subscriptionSerde.serializer().serialize(Topics.SUBSCRIPTIONS, subscription);
        }

        /** {@link JsonSerde} itself, or the same reader/writer calls on the plain mapper. */
        private static <T> Serde<T> serde(Class<T> type, JsonMapper plain) {
            if (plain == null) {
                return JsonSerde.of(type);
            }
            ObjectWriter writer = plain.writerFor(type);
            ObjectReader reader = plain.readerFor(type);
            Serializer<T> serializer = (topic, value) -> writer.writeValueAsBytes(value);
            Deserializer<T> deserializer = (topic, bytes) -> reader.readValue(bytes);
            return Serdes.serdeFrom(serializer, deserializer);
        }
    }

    /** The index store's serde, in its two shapes: a narrowed subscription (target JSON) and "any" (no bytes). */
    @State(Scope.Thread)
    public static class Index {

        final Serde<IndexEntry> serde = IndexEntry.serde();
        final IndexEntry narrowed = new IndexEntry(new Target("comments.comment", "42"));
        byte[] narrowedBytes;
        byte[] anyBytes;

        @Setup
        public void setup() {
            narrowedBytes = serde.serializer().serialize(INDEX, narrowed);
            anyBytes = serde.serializer().serialize(INDEX, IndexEntry.ANY);
        }
    }

    /** The fan-out's internal records of 0.2: a routed event (once per user partition), a presence report. */
    @State(Scope.Thread)
    public static class Internal {

        final Serde<Routed> routedSerde = Routed.serde();
        final Serde<KeyPresence> presenceSerde = KeyPresence.serde();
        final Routed routed = new Routed(3, new NotifyRequested("event-0001", "comment/new",
                "There was a response to your comment on 'Broadcasts'", "/comments/42/",
                new Target("comments.comment", "42"), java.util.List.of(), java.util.List.of(), AT));
        final KeyPresence presence = new KeyPresence(3, true);
        byte[] routedBytes;
        byte[] presenceBytes;

        @Setup
        public void setup() {
            routedBytes = routedSerde.serializer().serialize(ROUTED, routed);
            presenceBytes = presenceSerde.serializer().serialize(PRESENCE, presence);
        }
    }

    @Benchmark
    public byte[] serializeRouted(Internal i) {
        return i.routedSerde.serializer().serialize(ROUTED, i.routed);
    }

    @Benchmark
    public Routed deserializeRouted(Internal i) {
        return i.routedSerde.deserializer().deserialize(ROUTED, i.routedBytes);
    }

    @Benchmark
    public KeyPresence deserializeKeyPresence(Internal i) {
        return i.presenceSerde.deserializer().deserialize(PRESENCE, i.presenceBytes);
    }

    @Benchmark
    public byte[] serializeNotificationCreated(Codecs c) {
        return c.createdSerde.serializer().serialize(NOTIFICATIONS, c.created);
    }

    @Benchmark
    public NotificationCreated deserializeNotificationCreated(Codecs c) {
        return c.createdSerde.deserializer().deserialize(NOTIFICATIONS, c.createdBytes);
    }

    @Benchmark
    public byte[] serializeInboxEntry(Codecs c) {
        return c.deliverySerde.serializer().serialize(INBOX, c.delivery);
    }

    @Benchmark
    public InboxEntry deserializeInboxEntry(Codecs c) {
        return c.deliverySerde.deserializer().deserialize(INBOX, c.deliveryBytes);
    }

    @Benchmark
    public byte[] serializeInboxEntryBinary(Codecs c) {
        return c.binarySerde.serializer().serialize(INBOX, c.delivery);
    }

    @Benchmark
    public InboxEntry deserializeInboxEntryBinary(Codecs c) {
        return c.binarySerde.deserializer().deserialize(INBOX, c.binaryBytes);
    }

    @Benchmark
    public byte[] serializeSubscription(Codecs c) {
        return c.subscriptionSerde.serializer().serialize(Topics.SUBSCRIPTIONS, c.subscription);
    }

    @Benchmark
    public Subscription deserializeSubscription(Codecs c) {
        return c.subscriptionSerde.deserializer().deserialize(Topics.SUBSCRIPTIONS, c.subscriptionBytes);
    }

    @Benchmark
    public byte[] serializeIndexEntryNarrowed(Index i) {
        return i.serde.serializer().serialize(INDEX, i.narrowed);
    }

    @Benchmark
    public IndexEntry deserializeIndexEntryNarrowed(Index i) {
        return i.serde.deserializer().deserialize(INDEX, i.narrowedBytes);
    }

    /** What a broadcast's index scan pays per plain subscriber. */
    @Benchmark
    public IndexEntry deserializeIndexEntryAny(Index i) {
        return i.serde.deserializer().deserialize(INDEX, i.anyBytes);
    }
}
