package dev.nyt.runtime;

import dev.nyt.events.topic.Topics;
import java.nio.file.Path;

/**
 * What every nyt service needs to reach Kafka: the bootstrap servers, the prefixed topics, how to
 * create topics that are missing, and where Kafka Streams keeps its state.
 *
 * @param partitions  partitions of topics nyt creates ({@code NYT_TOPIC_PARTITIONS}, default 6)
 * @param replication their replication factor ({@code NYT_TOPIC_REPLICATION}, default 1)
 */
public record KafkaConfig(String bootstrap, Topics topics, int partitions, short replication, Path stateDir) {

    public static KafkaConfig fromEnv(Env env) {
        Topics topics;
        try {
            topics = Topics.fromEnv(env.asMap());
        } catch (IllegalArgumentException e) {
            throw new ConfigException(Topics.PREFIX_VARIABLE, e.getMessage());
        }
        return new KafkaConfig(
                env.string("NYT_KAFKA_BOOTSTRAP", "localhost:9092"),
                topics,
                env.integer("NYT_TOPIC_PARTITIONS", 6, 1, TopicAdmin.MAX_PARTITIONS),
                (short) env.integer("NYT_TOPIC_REPLICATION", 1, 1, 16),
                Path.of(env.string("NYT_STATE_DIR", Path.of(System.getProperty("java.io.tmpdir"), "nyt-state").toString())));
    }
}
