package dev.nyt.api.projector;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.nyt.events.InvalidEventException;
import dev.nyt.events.NotificationsViewed;
import dev.nyt.events.Settings;
import dev.nyt.events.json.EventDeserializationException;
import dev.nyt.events.topic.Topics;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Test;

/** What each record of a projected topic means to the read model. */
class DecoderTest {

    private final Topics topics = Topics.withPrefix("t-");
    private final Decoder decoder = new Decoder(topics);

    private static ConsumerRecord<byte[], byte[]> record(String topic, String key, String value) {
        return new ConsumerRecord<>(topic, 0, 7L, key == null ? null : key.getBytes(StandardCharsets.UTF_8),
                value == null ? null : value.getBytes(StandardCharsets.UTF_8));
    }

    @Test
    void readsNotificationEventsByTheirType() {
        Change change = decoder.decode(record("t-nyt-notifications", "alice",
                "{\"type\":\"notificationsViewed\",\"userId\":\"alice\",\"idLte\":5,\"viewedAt\":\"2026-11-23T10:00:00Z\"}"));

        assertThat(change).isEqualTo(new Change.StatusChanged(
                new NotificationsViewed("alice", 5, null, null, Instant.parse("2026-11-23T10:00:00Z"))));
    }

    @Test
    void readsTombstonesAsRemovalsOfTheKeyedEntity() {
        assertThat(decoder.decode(record("t-nyt-subscriptions", "sub-1", null))).isEqualTo(new Change.SubscriptionRemoved("sub-1"));
        assertThat(decoder.decode(record("t-nyt-settings", "[\"alice\",\"s-1\"]", null)))
                .isEqualTo(new Change.SettingsRemoved("alice", "s-1"));
        assertThat(decoder.decode(record("t-nyt-users", "alice", null))).isInstanceOf(Change.UserRemoved.class);
    }

    @Test
    void refusesWhatIsNotAnEventOfTheTopic() {
        assertThatThrownBy(() -> decoder.decode(record("t-nyt-notifications", "a", "{not json")))
                .isInstanceOf(EventDeserializationException.class);
        assertThatThrownBy(() -> decoder.decode(record("t-nyt-notifications", "a", "{\"type\":\"unknown\"}")))
                .isInstanceOf(EventDeserializationException.class);
        assertThatThrownBy(() -> decoder.decode(record("t-nyt-notifications", "a", null)))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> decoder.decode(record("t-nyt-users", null, null)))
                .isInstanceOf(IllegalArgumentException.class);
    }

    private static final String SETTINGS = "{\"settingsId\":\"dd1\",\"userId\":\"uu1\",\"interval\":0,\"isDefault\":true,"
            + "\"created\":\"2026-11-23T10:00:00Z\"}";

    @Test
    void readsSettingsKeyedByOwnerAndId() {
        assertThat(decoder.decode(record("t-nyt-settings", "[\"uu1\",\"dd1\"]", SETTINGS)))
                .isEqualTo(new Change.SettingsUpsert(new Settings("dd1", "uu1", 0, true, Instant.parse("2026-11-23T10:00:00Z"))));
    }

    @Test
    void refusesSettingsWhoseKeyNamesAnotherOwnerThanTheValue() {
        assertThatThrownBy(() -> decoder.decode(record("t-nyt-settings", "[\"vv1\",\"dd1\"]", SETTINGS)))
                .isInstanceOf(InvalidEventException.class).hasMessageContaining("uu1");
    }

    @Test
    void takesAValueUnderAPlainIdAsItsValueSaysAndATombstoneThatNamesNoOwnerAsNothing() {
        assertThat(decoder.decode(record("t-nyt-settings", "dd1", SETTINGS))).isInstanceOf(Change.SettingsUpsert.class);
        assertThat(decoder.decode(record("t-nyt-settings", "dd1", null))).isNull();
        assertThatThrownBy(() -> decoder.decode(record("t-nyt-settings", "[\"uu1\"]", null)))
                .isInstanceOf(InvalidEventException.class).hasMessageContaining("key");
    }
}
