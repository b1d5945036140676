package dev.nyt.fanout.faults;

import dev.nyt.events.NotificationCreated;
import dev.nyt.events.NotificationEvent;
import dev.nyt.events.topic.Topic;
import dev.nyt.testing.TestKafka;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.WakeupException;

/**
 * Reads {@code nyt-notifications} ({@code read_committed}, from the beginning) on a thread of its own and keeps
 * every record with the wall-clock time it became readable, so the suite can tell how long an event took to
 * reach its audience during and after a fault. Thread-safe reads of what has arrived so far.
 */
final class NotificationLog implements AutoCloseable {

    /** One notification event and when it was read (System.nanoTime). */
    record Arrival(int partition, String userId, NotificationEvent event, long readAtNanos) {
    }

    private final KafkaConsumer<String, NotificationEvent> consumer;
    private final List<Arrival> arrivals = new ArrayList<>();
    private final Map<String, Long> latestCreated = new ConcurrentHashMap<>();
    private final Thread thread;
    private volatile RuntimeException failure;

    NotificationLog(Topic<String, NotificationEvent> topic) {
        Map<String, Object> config = TestKafka.consumerConfig(TestKafka.uniqueName("fault-log"));
        config.remove(ConsumerConfig.GROUP_ID_CONFIG);
        config.put(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, 5_000);
        consumer = new KafkaConsumer<>(config, topic.keySerde().deserializer(), topic.valueSerde().deserializer());
        List<TopicPartition> partitions = consumer.partitionsFor(topic.name(), Duration.ofSeconds(30)).stream()
                .map(info -> new TopicPartition(topic.name(), info.partition())).toList();
        consumer.assign(partitions);
        consumer.seekToBeginning(partitions);
        thread = new Thread(this::run, "fault-notification-log");
        thread.setDaemon(true);
        thread.start();
    }

    private void run() {
        try {
            while (!Thread.currentThread().isInterrupted()) {
                var batch = consumer.poll(Duration.ofMillis(100));
                long now = System.nanoTime();
                List<Arrival> read = new ArrayList<>(batch.count());
                batch.forEach(r -> {
                    read.add(new Arrival(r.partition(), r.key(), r.value(), now));
                    if (r.value() instanceof NotificationCreated created) {
                        latestCreated.merge(created.userId(), created.id(), Math::max);
                    }
                });
                synchronized (arrivals) {
                    arrivals.addAll(read);
                }
            }
        } catch (WakeupException e) {
            // closing
        } catch (RuntimeException e) {
            failure = e;
        } finally {
            consumer.close();
        }
    }

    /** Everything read so far, in the order read (each partition's records in their order). */
    List<Arrival> arrivals() {
        if (failure != null) {
            throw new IllegalStateException("the notification log stopped reading", failure);
        }
        synchronized (arrivals) {
            return List.copyOf(arrivals);
        }
    }

    /** The highest id of a notification created for the user read so far. */
    OptionalLong latestId(String userId) {
        Long id = latestCreated.get(userId);
        return id == null ? OptionalLong.empty() : OptionalLong.of(id);
    }

    int size() {
        synchronized (arrivals) {
            return arrivals.size();
        }
    }

    @Override
    public void close() throws InterruptedException {
        consumer.wakeup();
        thread.join(Duration.ofSeconds(30));
    }
}
