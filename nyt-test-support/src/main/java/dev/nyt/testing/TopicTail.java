package dev.nyt.testing;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.Deserializer;

/**
 * Follows one topic from its beginning with {@code read_committed}, keeping every record read, so
 * a test can wait for "N records so far" without re-reading the topic on each check:
 * {@code await().until(() -> tail.records().size() >= n)}. Not thread-safe: one test thread.
 */
public final class TopicTail<K, V> implements AutoCloseable {

    private final KafkaConsumer<K, V> consumer;
    private final List<ConsumerRecord<K, V>> records = new ArrayList<>();

    public TopicTail(String topic, Deserializer<K> keys, Deserializer<V> values) {
        Map<String, Object> config = TestKafka.consumerConfig(TestKafka.uniqueName("tail"));
        config.remove(ConsumerConfig.GROUP_ID_CONFIG);
        config.put(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, 5_000);
        this.consumer = new KafkaConsumer<>(config, keys, values);
        List<TopicPartition> partitions = consumer.partitionsFor(topic, Duration.ofSeconds(30)).stream()
                .map(info -> new TopicPartition(topic, info.partition())).toList();
        if (partitions.isEmpty()) {
            throw new IllegalArgumentException("Topic " + topic + " does not exist");
        }
        consumer.assign(partitions);
        consumer.seekToBeginning(partitions);
    }

    /** Reads what has arrived since the last call and answers everything read so far. */
    public List<ConsumerRecord<K, V>> records() {
        for (int polls = 0; polls < 50; polls++) {
            var batch = consumer.poll(Duration.ofMillis(100));
            batch.forEach(records::add);
            if (batch.isEmpty()) {
                break;
            }
        }
        return Collections.unmodifiableList(records);
    }

    /** The values read so far. */
    public List<V> values() {
        return records().stream().map(ConsumerRecord::value).toList();
    }

    @Override
    public void close() {
        consumer.close();
    }
}
