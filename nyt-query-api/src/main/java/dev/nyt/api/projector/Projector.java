package dev.nyt.api.projector;

import static dev.nyt.api.db.jooq.Tables.NYT_PROJECTOR_OFFSET;

import dev.nyt.api.db.Database;
import dev.nyt.runtime.KafkaClients;
import dev.nyt.runtime.KafkaConfig;
import dev.nyt.runtime.HealthCheck;
import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.binder.kafka.KafkaClientMetrics;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Deque;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.ConsumerRebalanceListener;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.WakeupException;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.jooq.exception.DataAccessException;
import org.jooq.impl.DSL;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Projects nyt-notifications, nyt-subscriptions, nyt-settings, nyt-users and nyt-email-events into PostgreSQL.
 *
 * <p>An idempotent consumer in the Debezium-outbox style: every batch is written in one database transaction
 * together with the next offset of each partition it covers ({@code <prefix>_projector_offset}); when
 * partitions are assigned the projector seeks to the offsets stored there (the beginning when there are none).
 * So the database alone says how far it is: a crash before the commit re-reads the batch, a crash after it
 * does not, and nothing is lost or doubled whatever Kafka's committed offsets say (they are committed too,
 * after the database, only so that {@code kafka-consumer-groups} shows the lag).
 *
 * <p>When PostgreSQL is unavailable the projector pauses its partitions, keeps polling (so it stays in the
 * group) and retries the same batch with a growing backoff until the database answers. A record that is not a
 * valid event, or that the database refuses as data, goes to nyt-dead-letter and the projector moves on.
 */
public final class Projector implements Runnable, HealthCheck, AutoCloseable {

    /** The consumer group of the projectors (after the topic prefix): every instance shares the partitions. */
    public static final String GROUP = "nyt-query-api";

    /** The consumer settings the environment may not change. */
    static final Map<String, String> OWNED = Map.of(
            ConsumerConfig.GROUP_ID_CONFIG, "it is <NYT_TOPIC_PREFIX>" + GROUP,
            ConsumerConfig.ISOLATION_LEVEL_CONFIG, "the read model holds committed notifications only",
            ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "the projector's positions are committed with its rows",
            ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "a new read model starts at the first record",
            ConsumerConfig.MAX_POLL_RECORDS_CONFIG, "use NYT_PROJECTOR_BATCH");

    private static final Logger log = LoggerFactory.getLogger(Projector.class);
    private static final Duration POLL = Duration.ofMillis(200);
    private static final Duration MAX_BACKOFF = Duration.ofSeconds(5);

    private final Consumer<byte[], byte[]> consumer;
    private final Database database;
    private final Decoder decoder;
    private final ReadModelWriter writer = new ReadModelWriter();
    private final DeadLetterSink deadLetters;
    private final Thread thread;
    private final Timer batchTimer;
    private final DistributionSummary batchSize;
    private final AtomicLong lag = new AtomicLong();
    private final KafkaClientMetrics clientMetrics;

    /** Owned by the projector thread. */
    private final Set<TopicPartition> unpositioned = new HashSet<>();
    private final Deque<Entry> pending = new ArrayDeque<>();
    /** The offsets last handed to Kafka per partition (projected ones), to commit an idle position past them once. */
    private final Map<TopicPartition, Long> committedToKafka = new HashMap<>();

    private volatile boolean running = true;
    private volatile boolean assigned;
    private volatile boolean positioned;
    private volatile boolean waitingForDatabase;

    /** One record of a batch and what it does; {@code change} is null when it went to the dead letters. */
    private record Entry(ConsumerRecord<byte[], byte[]> record, Change change) {
        TopicPartition partition() {
            return new TopicPartition(record.topic(), record.partition());
        }
    }

    Projector(Consumer<byte[], byte[]> consumer, Database database, Decoder decoder, DeadLetterSink deadLetters,
              MeterRegistry registry) {
        this.consumer = consumer;
        this.database = database;
        this.decoder = decoder;
        this.deadLetters = deadLetters;
        this.thread = Thread.ofPlatform().name("nyt-projector").daemon(true).unstarted(this);
        this.batchTimer = Timer.builder("nyt.projector.batch.duration")
                .description("Time to write one batch into PostgreSQL").register(registry);
        this.batchSize = DistributionSummary.builder("nyt.projector.batch.size")
                .description("Records per batch written into PostgreSQL").register(registry);
        Gauge.builder("nyt.projector.lag", lag, AtomicLong::get)
                .description("Records on the assigned partitions not yet in PostgreSQL").register(registry);
        Gauge.builder("nyt.projector.waiting.for.database", () -> waitingForDatabase ? 1 : 0)
                .description("1 while the projector is paused because PostgreSQL is unavailable").register(registry);
        this.clientMetrics = new KafkaClientMetrics(consumer);
        this.clientMetrics.bindTo(registry);
    }

    /**
     * A projector for the deployment's topics: consumer group {@code <topic prefix>nyt-query-api}
     * (instances share the partitions), {@code read_committed}, up to {@code maxPollRecords} per batch.
     */
    public static Projector create(KafkaClients clients, Database database, MeterRegistry registry, int maxPollRecords) {
        KafkaConfig kafka = clients.kafka();
        Map<String, Object> config = new HashMap<>();
        config.put(ConsumerConfig.GROUP_ID_CONFIG, kafka.topics().prefix() + GROUP);
        config.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        config.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        config.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        config.put(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, maxPollRecords);
        config.put(ConsumerConfig.MAX_PARTITION_FETCH_BYTES_CONFIG, 4 * 1024 * 1024);
        config.put(ConsumerConfig.FETCH_MAX_WAIT_MS_CONFIG, 100);
        Consumer<byte[], byte[]> consumer = clients.consumer("projector", config, OWNED,
                new ByteArrayDeserializer(), new ByteArrayDeserializer());
        DeadLetterSink deadLetters = DeadLetterSink.create(clients, kafka.topics().deadLetter().name(), registry);
        return new Projector(consumer, database, new Decoder(kafka.topics()), deadLetters, registry);
    }

    public Projector start() {
        thread.start();
        return this;
    }

    @Override
    public void run() {
        try {
            consumer.subscribe(decoder.topicNames(), new Rebalance());
            while (running) {
                positionNewPartitions();
                ConsumerRecords<byte[], byte[]> records = consumer.poll(POLL);
                if (!records.isEmpty()) {
                    decode(records);
                    writePending();
                } else {
                    commitIdlePositions();
                }
                measureLag();
            }
        } catch (WakeupException e) {
            if (running) {
                log.error("Projector woken up while running", e);
            }
        } catch (RuntimeException e) {
            log.error("Projector stopped on an unexpected exception", e);
        } finally {
            running = false;
            consumer.close(Duration.ofSeconds(10));
            clientMetrics.close();
        }
    }

    /** Seeks newly assigned partitions to the offsets stored with the read model (the beginning when none). */
    private void positionNewPartitions() {
        if (unpositioned.isEmpty()) {
            return;
        }
        Map<TopicPartition, Long> stored;
        try {
            stored = storedOffsets(unpositioned);
        } catch (DataAccessException e) {
            if (!waitingForDatabase) {
                log.warn("Cannot read the projector's offsets, PostgreSQL is unavailable: {}", e.getMessage());
            }
            waitingForDatabase = true;
            return;
        }
        List<TopicPartition> fromStart = new ArrayList<>();
        for (TopicPartition partition : unpositioned) {
            Long next = stored.get(partition);
            if (next == null) {
                fromStart.add(partition);
            } else {
                consumer.seek(partition, next);
            }
        }
        consumer.seekToBeginning(fromStart);
        log.info("Projecting {} from the stored offsets {} (from the beginning: {})", unpositioned, stored, fromStart);
        consumer.resume(unpositioned);
        unpositioned.clear();
        waitingForDatabase = false;
        positioned = true;
    }

    private Map<TopicPartition, Long> storedOffsets(Collection<TopicPartition> partitions) {
        Set<String> topics = new HashSet<>();
        partitions.forEach(p -> topics.add(p.topic()));
        Map<TopicPartition, Long> stored = new HashMap<>();
        database.dsl().selectFrom(NYT_PROJECTOR_OFFSET).where(NYT_PROJECTOR_OFFSET.TOPIC.in(topics)).fetch()
                .forEach(r -> stored.put(new TopicPartition(r.getTopic(), r.getPartition()), r.getNextOffset()));
        stored.keySet().retainAll(partitions);
        return stored;
    }

    private void decode(ConsumerRecords<byte[], byte[]> records) {
        for (ConsumerRecord<byte[], byte[]> record : records) {
            Change change;
            try {
                change = decoder.decode(record);
            } catch (RuntimeException e) {
                deadLetters.send(record, e);
                change = null;
            }
            pending.add(new Entry(record, change));
        }
    }

    /** Writes what is pending, waiting (paused, still polling) while PostgreSQL is unavailable. */
    private void writePending() {
        Duration backoff = Duration.ofMillis(250);
        while (running && !pending.isEmpty()) {
            try {
                writeBatch();
                if (waitingForDatabase) {
                    log.info("PostgreSQL answers again: projecting");
                    waitingForDatabase = false;
                    consumer.resume(resumable());
                }
            } catch (DataAccessException e) {
                if (!waitingForDatabase) {
                    log.warn("PostgreSQL is unavailable, pausing the projector until it answers: {}", e.getMessage());
                    waitingForDatabase = true;
                }
                consumer.pause(consumer.assignment());
                // returns nothing while paused; keeps the group membership and runs rebalances
                ConsumerRecords<byte[], byte[]> more = consumer.poll(backoff);
                if (!more.isEmpty()) {
                    decode(more);
                }
                backoff = backoff.multipliedBy(2).compareTo(MAX_BACKOFF) > 0 ? MAX_BACKOFF : backoff.multipliedBy(2);
            }
        }
    }

    private Set<TopicPartition> resumable() {
        Set<TopicPartition> partitions = new HashSet<>(consumer.assignment());
        partitions.removeAll(unpositioned);
        return partitions;
    }

    private void writeBatch() {
        List<Entry> batch = List.copyOf(pending);
        long started = System.nanoTime();
        try {
            write(batch);
        } catch (DataAccessException e) {
            if (!SqlFailures.isDataError(e)) {
                throw e;
            }
            log.warn("PostgreSQL refused a batch of {} records, writing them one by one: {}", batch.size(), e.getMessage());
            writeOneByOne();
            return;
        }
        pending.clear();
        batchTimer.record(Duration.ofNanos(System.nanoTime() - started));
        batchSize.record(batch.size());
        commitToKafka(nextOffsets(batch));
    }

    /** After a refused batch: each record in its own transaction, the refused ones to the dead letters. */
    private void writeOneByOne() {
        while (!pending.isEmpty()) {
            Entry entry = pending.peekFirst();
            try {
                write(List.of(entry));
            } catch (DataAccessException e) {
                if (!SqlFailures.isDataError(e)) {
                    throw e;
                }
                deadLetters.send(entry.record(), e);
                write(List.of(new Entry(entry.record(), null)));
            }
            pending.removeFirst();
            commitToKafka(nextOffsets(List.of(entry)));
        }
    }

    private void write(List<Entry> batch) {
        List<Change> changes = new ArrayList<>(batch.size());
        for (Entry entry : batch) {
            if (entry.change() != null) {
                changes.add(entry.change());
            }
        }
        Map<TopicPartition, Long> next = nextOffsets(batch);
        database.dsl().transaction(configuration -> writer.apply(DSL.using(configuration), changes, next));
    }

    private static Map<TopicPartition, Long> nextOffsets(List<Entry> batch) {
        Map<TopicPartition, Long> next = new LinkedHashMap<>();
        for (Entry entry : batch) {
            next.merge(entry.partition(), entry.record().offset() + 1, Math::max);
        }
        return next;
    }

    private void commitToKafka(Map<TopicPartition, Long> next) {
        Map<TopicPartition, OffsetAndMetadata> offsets = new HashMap<>();
        Set<TopicPartition> owned = consumer.assignment();
        next.forEach((partition, offset) -> {
            if (owned.contains(partition)) {
                offsets.put(partition, new OffsetAndMetadata(offset));
                committedToKafka.merge(partition, offset, Math::max);
            }
        });
        if (!offsets.isEmpty()) {
            consumer.commitAsync(offsets, (committed, error) -> {
                if (error != null) {
                    log.debug("Kafka did not take the projector's offsets (PostgreSQL has them): {}", error.getMessage());
                }
            });
        }
    }

    /**
     * With nothing pending, every record before the consumer's position is in PostgreSQL, and the
     * position may be past what the last batch committed: a transaction's commit marker takes an
     * offset of its own after the last record. Committing the position then shows the group's lag
     * as 0 when idle, instead of 1 per partition (PostgreSQL's offsets stay the source of truth; a
     * restart at the marker's offset skips it).
     */
    private void commitIdlePositions() {
        if (!pending.isEmpty() || waitingForDatabase) {
            return;
        }
        Map<TopicPartition, Long> next = new HashMap<>();
        for (TopicPartition partition : resumable()) {
            long position = consumer.position(partition);
            Long committed = committedToKafka.get(partition);
            if (committed == null || position > committed) {
                next.put(partition, position);
            }
        }
        if (!next.isEmpty()) {
            commitToKafka(next);
        }
    }

    private void measureLag() {
        long total = 0;
        for (TopicPartition partition : consumer.assignment()) {
            total += consumer.currentLag(partition).orElse(0);
        }
        lag.set(total);
    }

    private final class Rebalance implements ConsumerRebalanceListener {

        @Override
        public void onPartitionsRevoked(Collection<TopicPartition> partitions) {
            pending.removeIf(entry -> partitions.contains(entry.partition()));
            unpositioned.removeAll(partitions);
            committedToKafka.keySet().removeAll(partitions);
        }

        @Override
        public void onPartitionsLost(Collection<TopicPartition> partitions) {
            onPartitionsRevoked(partitions);
        }

        @Override
        public void onPartitionsAssigned(Collection<TopicPartition> partitions) {
            unpositioned.addAll(partitions);
            consumer.pause(partitions);
            assigned = true;
            positioned = unpositioned.isEmpty();
            log.info("Projector assigned {}", partitions);
        }
    }

    /** Whether the projector thread is still running. */
    @Override
    public boolean live() {
        return running && thread.isAlive();
    }

    /** Ready once it has joined the group and positioned every partition it was given. */
    @Override
    public boolean ready() {
        return live() && assigned && positioned;
    }

    @Override
    public String name() {
        return "projector";
    }

    public boolean waitingForDatabase() {
        return waitingForDatabase;
    }

    @Override
    public void close() {
        running = false;
        deadLetters.stopping();
        consumer.wakeup();
        try {
            thread.join(Duration.ofSeconds(15));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        deadLetters.close();
    }
}
