package dev.nyt.api.projector;

import dev.nyt.events.DigestFailed;
import dev.nyt.events.DigestSent;
import dev.nyt.events.NotificationCreated;
import dev.nyt.events.NotificationEvent;
import dev.nyt.events.NotificationUpdated;
import dev.nyt.events.NotificationStatusEvent;
import dev.nyt.events.Settings;
import dev.nyt.events.outcome.CommandOutcome;
import dev.nyt.events.topic.SettingsKey;
import dev.nyt.events.topic.Topic;
import dev.nyt.events.topic.Topics;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import org.apache.kafka.clients.consumer.ConsumerRecord;

/**
 * Turns a raw record of one of the projected topics into a {@link Change}, or null for one that changes
 * nothing; a record that is not a valid event of its topic throws (the projector sends it to the dead-letter topic).
 */
final class Decoder {

    private final Topics topics;
    private final Topic<String, CommandOutcome> outcomes;

    Decoder(Topics topics) {
        this.topics = topics;
        this.outcomes = CommandOutcome.topic(topics);
    }

    List<String> topicNames() {
        return List.of(topics.notifications().name(), topics.subscriptions().name(), topics.settings().name(),
                topics.users().name(), topics.emailEvents().name(), outcomes.name());
    }

    Change decode(ConsumerRecord<byte[], byte[]> record) {
        String topic = record.topic();
        byte[] value = record.value();
        if (topic.equals(topics.notifications().name())) {
            NotificationEvent event = topics.notifications().valueSerde().deserializer().deserialize(topic, required(record));
            return switch (event) {
                case NotificationCreated created -> new Change.NotificationUpsert(created);
                case NotificationUpdated updated -> new Change.NotificationUpsert(updated);
                case NotificationStatusEvent status -> new Change.StatusChanged(status);
            };
        }
        if (topic.equals(topics.subscriptions().name())) {
            return value == null
                    ? new Change.SubscriptionRemoved(key(record))
                    : new Change.SubscriptionUpsert(topics.subscriptions().valueSerde().deserializer().deserialize(topic, value));
        }
        if (topic.equals(topics.settings().name())) {
            return settings(record);
        }
        if (topic.equals(topics.users().name())) {
            return value == null
                    ? new Change.UserRemoved(key(record), Instant.ofEpochMilli(record.timestamp()))
                    : new Change.UserUpsert(topics.users().valueSerde().deserializer().deserialize(topic, value));
        }
        if (topic.equals(topics.emailEvents().name())) {
            var event = topics.emailEvents().valueSerde().deserializer().deserialize(topic, required(record));
            return switch (event) {
                case DigestSent sent -> new Change.Email(sent);
                case DigestFailed failed -> new Change.Email(failed);
            };
        }
        if (topic.equals(outcomes.name())) {
            return new Change.CommandDecided(outcomes.valueSerde().deserializer().deserialize(topic, required(record)));
        }
        throw new IllegalArgumentException("not a projected topic: " + topic);
    }

    /**
     * A nyt-settings record: its key names the owner and the id ({@link SettingsKey}) and must agree with
     * its value. A value under a plain settings id (written before the key named the owner) is taken as
     * its value says. A tombstone under such a key names no owner and changes nothing (null): since the key
     * names the owner, only the re-keying of the upgrade (docs/OPERATIONS.md) writes one, to compact the old
     * record away after writing it again under its owner's key.
     */
    private Change settings(ConsumerRecord<byte[], byte[]> record) {
        String key = key(record);
        Settings value = record.value() == null ? null
                : topics.settings().valueSerde().deserializer().deserialize(record.topic(), record.value());
        if (!SettingsKey.isEncoded(key)) {
            return value == null ? null : new Change.SettingsUpsert(value);
        }
        SettingsKey owned = SettingsKey.parse(key).requireMatches(value);
        return value == null ? new Change.SettingsRemoved(owned.userId(), owned.settingsId()) : new Change.SettingsUpsert(value);
    }

    private static byte[] required(ConsumerRecord<byte[], byte[]> record) {
        if (record.value() == null) {
            throw new IllegalArgumentException("a tombstone means nothing on " + record.topic());
        }
        return record.value();
    }

    private static String key(ConsumerRecord<byte[], byte[]> record) {
        if (record.key() == null || record.key().length == 0) {
            throw new IllegalArgumentException("a tombstone on " + record.topic() + " needs the id as its key");
        }
        return new String(record.key(), StandardCharsets.UTF_8);
    }
}
