package dev.nyt.fanout.registry;

import static org.assertj.core.api.Assertions.assertThat;

import dev.nyt.events.Settings;
import dev.nyt.events.json.JsonSerde;
import dev.nyt.events.topic.Topics;
import dev.nyt.fanout.StoreKeys;
import dev.nyt.testing.TestKafka;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.junit.jupiter.api.Test;

/** The upgrade's re-keying against a real broker: from the registry's changelog to owner keys. */
class SettingsRekeyIT {

    private static final Instant T0 = Instant.parse("2026-11-23T10:00:00Z");
    private final JsonSerde<Settings> serde = JsonSerde.of(Settings.class);

    @Test
    void writesEverySettingsTheRegistryHoldsUnderItsOwnersKeyAndRemovesThePlainKeys() throws Exception {
        // Given: the registry holds uu1's and vv1's "dd1" (and one deleted); nyt-settings has only vv1's, under "dd1"
        Topics topics = Topics.withPrefix(TestKafka.uniqueName("rekey") + "-");
        String changelog = SettingsRekey.changelog(topics);
        TestKafka.createCompactedTopic(changelog, 2);
        TestKafka.createCompactedTopic(topics.settings().name(), 2);
        Settings uu1 = new Settings("dd1", "uu1", 1380, true, T0);
        Settings vv1 = new Settings("dd1", "vv1", 0, true, T0);
        try (var producer = new KafkaProducer<byte[], byte[]>(TestKafka.producerConfig())) {
            send(producer, changelog, StoreKeys.of("uu1", "dd1"), uu1);
            send(producer, changelog, StoreKeys.of("vv1", "dd1"), vv1);
            send(producer, changelog, StoreKeys.of("ww1", "gone"), new Settings("gone", "ww1", 0, true, T0));
            send(producer, changelog, StoreKeys.of("ww1", "gone"), null);
            send(producer, topics.settings().name(), "dd1", vv1);
            producer.flush();
        }

        // When
        SettingsRekey.Result result = SettingsRekey.run(TestKafka.bootstrapServers(), topics);

        // Then: the latest record of each key
        assertThat(result).isEqualTo(new SettingsRekey.Result(2, 1));
        Map<String, Settings> latest = new LinkedHashMap<>();
        for (ConsumerRecord<byte[], byte[]> record : TestKafka.consume(topics.settings().name(), 4, Duration.ofSeconds(30))) {
            latest.put(new String(record.key(), StandardCharsets.UTF_8),
                    record.value() == null ? null : serde.deserialize(record.topic(), record.value()));
        }
        assertThat(latest).containsOnlyKeys("dd1", "[\"uu1\",\"dd1\"]", "[\"vv1\",\"dd1\"]");
        assertThat(latest.get("dd1")).isNull();
        assertThat(latest.get("[\"uu1\",\"dd1\"]")).isEqualTo(uu1);
        assertThat(latest.get("[\"vv1\",\"dd1\"]")).isEqualTo(vv1);
    }

    private void send(KafkaProducer<byte[], byte[]> producer, String topic, String key, Settings value) throws Exception {
        producer.send(new ProducerRecord<>(topic, key.getBytes(StandardCharsets.UTF_8),
                value == null ? null : serde.serialize(topic, value))).get();
    }
}
