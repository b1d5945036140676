package dev.nyt.runtime;

import dev.nyt.client.KafkaSettings;
import dev.nyt.events.topic.Topics;
import java.nio.file.Path;
import java.util.Objects;

/**
 * What every nyt service needs to reach Kafka: the bootstrap servers and every other client setting from
 * the environment ({@link KafkaSettings}: {@code NYT_KAFKA_*}), the prefixed topics, how to create topics that
 * are missing, and where Kafka Streams keeps its state. Clients are made from it by {@link KafkaClients}.
 *
 * @param partitions  partitions of topics nyt creates ({@code NYT_TOPIC_PARTITIONS}, default 6)
 * @param replication their replication factor ({@code NYT_TOPIC_REPLICATION}, default 1)
 * @param membership  standby replicas and static membership of the Kafka Streams services
 *                    ({@code NYT_STANDBY_REPLICAS}, {@code NYT_INSTANCE_ID})
 */
public record KafkaConfig(KafkaSettings settings, Topics topics, int partitions, short replication, Path stateDir,
                          Membership membership) {

    public KafkaConfig {
        Objects.requireNonNull(settings, "settings");
        Objects.requireNonNull(topics, "topics");
        Objects.requireNonNull(stateDir, "stateDir");
        Objects.requireNonNull(membership, "membership");
    }

    /** One instance, no standby ({@link Membership#SINGLE}). */
    public KafkaConfig(KafkaSettings settings, Topics topics, int partitions, short replication, Path stateDir) {
        this(settings, topics, partitions, replication, stateDir, Membership.SINGLE);
    }

    /** A broker that needs no client settings but its address (tests, benchmarks). */
    public KafkaConfig(String bootstrap, Topics topics, int partitions, short replication, Path stateDir) {
        this(KafkaSettings.of(bootstrap), topics, partitions, replication, stateDir);
    }

    public static KafkaConfig fromEnv(Env env) {
        Topics topics;
        try {
            topics = Topics.fromEnv(env.asMap());
        } catch (IllegalArgumentException e) {
            throw new ConfigException(Topics.PREFIX_VARIABLE, e.getMessage());
        }
        KafkaSettings settings;
        try {
            settings = KafkaSettings.fromEnv(env.asMap());
        } catch (KafkaSettings.InvalidSettingException e) {
            throw new ConfigException(e.variable(), e.problem());
        }
        return new KafkaConfig(
                settings,
                topics,
                env.integer("NYT_TOPIC_PARTITIONS", 6, 1, TopicAdmin.MAX_PARTITIONS),
                (short) env.integer("NYT_TOPIC_REPLICATION", 1, 1, 16),
                Path.of(env.string("NYT_STATE_DIR", Path.of(System.getProperty("java.io.tmpdir"), "nyt-state").toString())),
                Membership.fromEnv(env));
    }

    /** {@code NYT_KAFKA_BOOTSTRAP}. */
    public String bootstrap() {
        return settings.bootstrap();
    }
}
