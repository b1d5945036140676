package dev.nyt.api.push;

import dev.nyt.events.NotificationEvent;
import dev.nyt.events.topic.Topic;
import dev.nyt.runtime.HealthCheck;
import dev.nyt.runtime.KafkaClients;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Supplier;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.WakeupException;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The one consumer of {@code nyt-notifications} per API instance that feeds every realtime client. It assigns
 * itself every partition, without a consumer group (every instance needs every event, nothing is to be
 * committed, and there is no rebalance to wait for), and starts each where the read model is (the offsets
 * the projectors store with their rows), so that the live stream continues exactly where a catch-up from
 * PostgreSQL ends; where the read model is more than {@link #MAX_START_BACKLOG} records behind the end, it
 * starts that many before the end and resumes wait for the read model to pass that point.
 *
 * <p>Partitions added to the topic later are noticed within {@link #METADATA_MAX_AGE} (the consumer's metadata
 * refresh) and read from their beginning, so nothing written to them is missed.
 *
 * <p>Records are handed to the {@link PushHub} a poll at a time; a record is decoded only when its user (the
 * record key) has a client connected to this instance.
 */
public final class PushConsumer implements Runnable, HealthCheck, AutoCloseable {

    /** At most this many records per partition are read at start that are older than the end. */
    static final long MAX_START_BACKLOG = 10_000;
    /** How soon new partitions of the topic are noticed. */
    static final Duration METADATA_MAX_AGE = Duration.ofSeconds(10);

    private static final Logger log = LoggerFactory.getLogger(PushConsumer.class);
    private static final Duration POLL = Duration.ofMillis(500);

    private final Consumer<byte[], byte[]> consumer;
    private final Topic<String, NotificationEvent> topic;
    private final PushHub hub;
    private final Supplier<StreamPosition> readModel;
    private final Thread thread;
    /** Written by {@link #start} before the thread starts, then by the thread only. */
    private final Set<TopicPartition> assigned = new HashSet<>();
    private volatile int partitions;
    private volatile boolean running = true;
    private volatile boolean positioned;

    PushConsumer(Consumer<byte[], byte[]> consumer, Topic<String, NotificationEvent> topic, PushHub hub,
                 Supplier<StreamPosition> readModel) {
        this.consumer = consumer;
        this.topic = topic;
        this.hub = hub;
        this.readModel = readModel;
        this.thread = Thread.ofPlatform().name("nyt-push-consumer").daemon(true).unstarted(this);
    }

    /** @param readModel how far the read model has projected the topic (read once, at start) */
    public static PushConsumer create(KafkaClients clients, Topic<String, NotificationEvent> topic, PushHub hub,
                                      Supplier<StreamPosition> readModel) {
        Map<String, Object> config = new HashMap<>();
        config.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        config.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        config.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "latest");
        config.put(ConsumerConfig.FETCH_MAX_WAIT_MS_CONFIG, 50);
        config.put(ConsumerConfig.METADATA_MAX_AGE_CONFIG, (int) METADATA_MAX_AGE.toMillis());
        Map<String, String> owned = Map.of(
                ConsumerConfig.ISOLATION_LEVEL_CONFIG, "the stream carries committed notifications only",
                ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "the push consumer has no group",
                ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "it is positioned at start");
        return new PushConsumer(clients.consumer("push", config, owned, new ByteArrayDeserializer(),
                new ByteArrayDeserializer()), topic, hub, readModel);
    }

    /** Assigns and positions every partition (before returning, so events published after start are pushed), then runs. */
    public PushConsumer start(Duration timeout) {
        List<TopicPartition> all;
        try {
            all = partitions(consumer.partitionsFor(topic.name(), timeout));
        } catch (RuntimeException e) {
            consumer.close(Duration.ofSeconds(5)); // never started: nothing else closes it
            throw e;
        }
        if (all.isEmpty()) {
            throw new IllegalStateException("The topic " + topic.name() + " has no partitions (does it exist?)");
        }
        StreamPosition projected = projected();
        consumer.assign(all);
        Map<TopicPartition, Long> beginning = consumer.beginningOffsets(all, timeout);
        Map<TopicPartition, Long> end = consumer.endOffsets(all, timeout);
        Map<Integer, Long> behind = new HashMap<>();
        for (TopicPartition partition : all) {
            long from = Math.min(Math.max(beginning.get(partition), projected.next(partition.partition())), end.get(partition));
            long start = Math.max(from, end.get(partition) - MAX_START_BACKLOG);
            consumer.seek(partition, start);
            if (start > from) {
                behind.put(partition.partition(), start);
            }
        }
        hub.handOff(() -> hub.readFrom(all.size(), new StreamPosition(behind)));
        assigned.addAll(all);
        partitions = all.size();
        log.info("Pushing {} from where the read model is, {} (ahead of it, {} records at most before the end: {})",
                topic.name(), projected, MAX_START_BACKLOG, behind);
        positioned = true;
        thread.start();
        return this;
    }

    private StreamPosition projected() {
        try {
            return readModel.get();
        } catch (RuntimeException e) {
            log.warn("Cannot read how far the read model is, pushing from near the end: {}", e.getMessage());
            return StreamPosition.NONE;
        }
    }

    @Override
    public void run() {
        try {
            while (running) {
                ConsumerRecords<byte[], byte[]> records = consumer.poll(POLL);
                if (!records.isEmpty()) {
                    hub.handOff(() -> handOff(records));
                }
                assignNewPartitions();
            }
        } catch (WakeupException e) {
            if (running) {
                log.error("Push consumer woken up while running", e);
            }
        } catch (RuntimeException e) {
            log.error("Push consumer stopped on an unexpected exception", e);
        } finally {
            running = false;
            consumer.close(Duration.ofSeconds(5));
        }
    }

    /** One poll to the hub, in order per partition; the hub then knows it has everything before the last offsets. */
    private void handOff(ConsumerRecords<byte[], byte[]> records) {
        for (TopicPartition partition : records.partitions()) {
            List<ConsumerRecord<byte[], byte[]>> batch = records.records(partition);
            for (ConsumerRecord<byte[], byte[]> record : batch) {
                publish(record);
            }
            hub.advance(partition.partition(), batch.getLast().offset() + 1);
        }
    }

    /** Decodes and hands on the event only when its user (the record key) has a realtime client here. */
    private void publish(ConsumerRecord<byte[], byte[]> record) {
        if (hub.connections() == 0
                || record.key() != null && !hub.connected(new String(record.key(), StandardCharsets.UTF_8))) {
            return;
        }
        NotificationEvent event;
        try {
            event = topic.valueSerde().deserializer().deserialize(record.topic(), record.value());
        } catch (RuntimeException e) {
            return; // the projector sends it to the dead letters; realtime clients just do not see it
        }
        if (event != null) {
            hub.publish(record.partition(), record.offset(), event);
        }
    }

    /** Partitions added to the topic (the metadata is the consumer's cached copy): read from their beginning. */
    private void assignNewPartitions() {
        List<TopicPartition> all;
        try {
            all = partitions(consumer.partitionsFor(topic.name(), Duration.ZERO));
        } catch (KafkaException e) {
            log.debug("No metadata for {} this time: {}", topic.name(), e.getMessage());
            return;
        }
        if (all.size() <= assigned.size()) {
            return;
        }
        List<TopicPartition> added = new ArrayList<>(all);
        added.removeAll(assigned);
        consumer.assign(all);
        consumer.seekToBeginning(added);
        hub.handOff(() -> hub.readFrom(all.size(), StreamPosition.NONE));
        assigned.addAll(added);
        partitions = all.size();
        log.info("{} has new partitions {}: pushing them from their beginning", topic.name(), added);
    }

    private static List<TopicPartition> partitions(List<PartitionInfo> infos) {
        return infos.stream().map(info -> new TopicPartition(info.topic(), info.partition())).toList();
    }

    /** How many partitions of the topic are assigned. */
    public int partitions() {
        return partitions;
    }

    @Override
    public String name() {
        return "push";
    }

    @Override
    public boolean live() {
        return running;
    }

    @Override
    public boolean ready() {
        return running && positioned;
    }

    @Override
    public void close() {
        running = false;
        consumer.wakeup();
        try {
            thread.join(Duration.ofSeconds(10));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
