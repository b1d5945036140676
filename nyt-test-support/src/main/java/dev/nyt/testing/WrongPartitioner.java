package dev.nyt.testing;

import java.util.Map;
import org.apache.kafka.clients.producer.Partitioner;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.Cluster;
import org.apache.kafka.common.utils.Utils;

/**
 * A producer partitioner that never agrees with the Java client's: a keyed record goes to the
 * partition after the one murmur2 of its key names (as a producer with another hash, such as
 * librdkafka's CRC32 default, would put most keys), an unkeyed one to partition 0. Set it with
 * {@link #config(Map)}; it needs topics of at least two partitions to be wrong.
 */
public final class WrongPartitioner implements Partitioner {

    /** The producer config with this partitioner. */
    public static Map<String, Object> config(Map<String, Object> producerConfig) {
        producerConfig.put(ProducerConfig.PARTITIONER_CLASS_CONFIG, WrongPartitioner.class.getName());
        return producerConfig;
    }

    /** The partition murmur2 gives the key, which this partitioner never chooses. */
    public static int rightPartition(byte[] keyBytes, int partitions) {
        return Utils.toPositive(Utils.murmur2(keyBytes)) % partitions;
    }

    @Override
    public int partition(String topic, Object key, byte[] keyBytes, Object value, byte[] valueBytes, Cluster cluster) {
        int partitions = cluster.partitionCountForTopic(topic);
        if (keyBytes == null) {
            return 0;
        }
        return (rightPartition(keyBytes, partitions) + 1) % partitions;
    }

    @Override
    public void configure(Map<String, ?> configs) {
    }

    @Override
    public void close() {
    }
}
