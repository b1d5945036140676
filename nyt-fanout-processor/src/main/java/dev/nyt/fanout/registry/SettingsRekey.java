package dev.nyt.fanout.registry;

import dev.nyt.client.Nyt;
import dev.nyt.events.Settings;
import dev.nyt.events.json.JsonSerde;
import dev.nyt.events.topic.SettingsKey;
import dev.nyt.events.topic.Topics;
import dev.nyt.fanout.FanoutConfig;
import dev.nyt.runtime.Env;
import dev.nyt.runtime.KafkaClients;
import dev.nyt.runtime.KafkaConfig;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.BiConsumer;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The upgrade to owner-keyed settings (issue 11), run once with the fan-out stopped: writes every
 * settings object the registry holds to {@code nyt-settings} under its owner's key
 * ({@code ["<userId>","<settingsId>"]}) and a tombstone for every record still under a plain settings id,
 * so compaction removes those. The registry's store (its changelog topic) is the source, not
 * {@code nyt-settings} itself: before the fix, a second user's settings of the same id overwrote the first
 * user's record there, while the registry kept both. Running it again writes the same records again
 * (harmless: the topic is compacted, and every reader takes a settings record as the latest state).
 *
 * <pre>NYT_KAFKA_BOOTSTRAP=... NYT_TOPIC_PREFIX=... java -cp ... dev.nyt.fanout.registry.SettingsRekey</pre>
 */
public final class SettingsRekey {

    private static final Logger log = LoggerFactory.getLogger(SettingsRekey.class);
    private static final Duration POLL = Duration.ofMillis(500);

    /** What a run wrote. */
    public record Result(int rekeyed, int plainKeysRemoved) {
    }

    /** The tool's name: its Kafka clients' ids start with it. */
    public static final String NAME = "nyt-settings-rekey";

    private SettingsRekey() {
    }

    public static void main(String[] args) {
        KafkaConfig kafka = KafkaConfig.fromEnv(Env.system());
        Result result = run(KafkaClients.of(NAME, kafka));
        System.out.printf("nyt-settings re-keyed: %d settings written under their owner's key, %d plain keys removed%n",
                result.rekeyed(), result.plainKeysRemoved());
    }

    /** The changelog topic of the registry's settings store. */
    public static String changelog(Topics topics) {
        return topics.prefix() + FanoutConfig.APPLICATION_ID + "-" + Registry.SETTINGS_STORE + "-changelog";
    }

    /** Against a broker that needs no client settings but its address. */
    public static Result run(String bootstrap, Topics topics) {
        return run(KafkaClients.of(NAME, new KafkaConfig(bootstrap, topics, 1, (short) 1, Path.of("unused"))));
    }

    /** With the clients of the environment ({@code NYT_KAFKA_*}), client ids {@code nyt-settings-rekey-*}. */
    public static Result run(KafkaClients clients) {
        Topics topics = clients.kafka().topics();
        JsonSerde<Settings> serde = JsonSerde.of(Settings.class);
        Map<String, Settings> held = new LinkedHashMap<>();
        readAll(clients, changelog(topics), (key, value) -> {
            if (value == null) {
                held.remove(key);
            } else {
                held.put(key, serde.deserialize(changelog(topics), value));
            }
        });
        Set<String> plainKeys = new LinkedHashSet<>();
        readAll(clients, topics.settings().name(), (key, value) -> {
            if (key != null && !SettingsKey.isEncoded(key)) {
                if (value == null) {
                    plainKeys.remove(key);
                } else {
                    plainKeys.add(key);
                }
            }
        });
        try (var producer = clients.producer("producer", Nyt.PRODUCER_SETTINGS, Nyt.OWNED_SETTINGS,
                new StringSerializer(), new ByteArraySerializer())) {
            String topic = topics.settings().name();
            for (Settings settings : held.values()) {
                producer.send(new ProducerRecord<>(topic, SettingsKey.of(settings).encode(), serde.serialize(topic, settings)));
            }
            for (String key : plainKeys) {
                producer.send(new ProducerRecord<>(topic, key, null));
            }
            producer.flush();
        }
        log.info("Re-keyed {} settings of {} to their owners' keys, removed {} plain keys", held.size(), topics.settings(),
                plainKeys.size());
        return new Result(held.size(), plainKeys.size());
    }

    /** Every committed record of the topic from its beginning to its end now, in order per partition. */
    private static void readAll(KafkaClients clients, String topic, BiConsumer<String, byte[]> each) {
        Map<String, Object> config = Map.of(
                ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed",
                ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        Map<String, String> owned = Map.of(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "only committed settings are re-keyed");
        try (var consumer = clients.consumer("consumer", config, owned, new StringDeserializer(), new ByteArrayDeserializer())) {
            List<TopicPartition> partitions = consumer.partitionsFor(topic, Duration.ofSeconds(30)).stream()
                    .map(p -> new TopicPartition(topic, p.partition())).toList();
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            Map<TopicPartition, Long> end = consumer.endOffsets(partitions);
            while (end.entrySet().stream().anyMatch(e -> consumer.position(e.getKey()) < e.getValue())) {
                for (ConsumerRecord<String, byte[]> record : consumer.poll(POLL)) {
                    each.accept(record.key(), record.value());
                }
            }
        }
    }
}
