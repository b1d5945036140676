package dev.nyt.bench;

import dev.nyt.testing.TestKafka;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;

/**
 * Counts the committed records ({@code read_committed}) of a topic as they arrive, on a thread of its own, from
 * the beginning; optionally hands each record to a listener (the latency figure). It never keeps the records,
 * so it costs the measured system little memory and CPU.
 */
final class TopicCounter implements AutoCloseable {

    private final AtomicLong count = new AtomicLong();
    private final AtomicBoolean running = new AtomicBoolean(true);
    private final Thread thread;
    private volatile Consumer<ConsumerRecord<byte[], byte[]>> listener;
    private volatile RuntimeException failure;

    TopicCounter(String topic) {
        Map<String, Object> config = new HashMap<>();
        config.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, TestKafka.bootstrapServers());
        config.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        config.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        config.put(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, 5_000);
        config.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class);
        config.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class);
        KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(config);
        List<TopicPartition> partitions = consumer.partitionsFor(topic, Duration.ofSeconds(30)).stream()
                .map(info -> new TopicPartition(info.topic(), info.partition())).toList();
        if (partitions.isEmpty()) {
            consumer.close();
            throw new IllegalStateException("topic " + topic + " does not exist");
        }
        consumer.assign(partitions);
        consumer.seekToBeginning(partitions);
        thread = Thread.ofPlatform().name("bench-count-" + topic).daemon().start(() -> {
            try (consumer) {
                while (running.get()) {
                    var records = consumer.poll(Duration.ofMillis(100));
                    var current = listener;
                    if (current != null) {
                        records.forEach(current);
                    }
                    count.addAndGet(records.count());
                }
            } catch (RuntimeException e) {
                failure = e;
            }
        });
    }

    long count() {
        if (failure != null) {
            throw new IllegalStateException("counting consumer failed", failure);
        }
        return count.get();
    }

    void listen(Consumer<ConsumerRecord<byte[], byte[]>> newListener) {
        this.listener = newListener;
    }

    /** Waits (polling every 2 ms) until at least {@code target} records were counted; the nanoTime it saw it. */
    long awaitCount(long target, Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (true) {
            long now = System.nanoTime();
            long seen = count();
            if (seen >= target) {
                return now;
            }
            if (now > deadline) {
                throw new IllegalStateException("only " + seen + " of " + target + " records within " + timeout);
            }
            Bench.pause(2);
        }
    }

    @Override
    public void close() {
        running.set(false);
        try {
            thread.join(5_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
