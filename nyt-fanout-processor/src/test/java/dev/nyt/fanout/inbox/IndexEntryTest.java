package dev.nyt.fanout.inbox;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.nyt.events.Subscription;
import dev.nyt.events.Target;
import dev.nyt.events.json.EventDeserializationException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import org.apache.kafka.common.serialization.Serde;
import org.junit.jupiter.api.Test;

class IndexEntryTest {

    private static final String STORE = "fanout-subscriptions-store";
    private final Serde<IndexEntry> serde = IndexEntry.serde();

    @Test
    void aSubscriptionToEveryEventOfItsKeyIsStoredAsNoBytes() {
        IndexEntry any = IndexEntry.of(subscription(new Target("wiki.article", null)));

        byte[] bytes = serde.serializer().serialize(STORE, any);

        assertThat(bytes).isEmpty();
        assertThat(serde.deserializer().deserialize(STORE, bytes)).isSameAs(IndexEntry.ANY);
        assertThat(IndexEntry.of(subscription(null))).isSameAs(IndexEntry.ANY);
    }

    @Test
    void aNarrowedSubscriptionKeepsItsObjectThroughTheStore() {
        Target object = new Target("wiki.artïcle ✓", "42 – ünïcödé 🎉");
        IndexEntry narrowed = IndexEntry.of(subscription(object));

        IndexEntry back = serde.deserializer().deserialize(STORE, serde.serializer().serialize(STORE, narrowed));

        assertThat(back).isEqualTo(new IndexEntry(object));
        assertThat(back.matches(object)).isTrue();
        assertThat(back.matches(new Target("wiki.artïcle ✓", "43"))).isFalse();
        assertThat(IndexEntry.ANY.matches(new Target("anything", "1"))).isTrue();
    }

    @Test
    void nullStaysNullSoDeletesPassThrough() {
        assertThat(serde.serializer().serialize(STORE, null)).isNull();
        assertThat(serde.deserializer().deserialize(STORE, null)).isNull();
    }

    @Test
    void foreignBytesFailWithTheReason() {
        byte[] oldFormat = "{\"subscriptionId\":\"s\",\"userId\":\"u\"}".getBytes(StandardCharsets.UTF_8);

        assertThatThrownBy(() -> serde.deserializer().deserialize(STORE, oldFormat))
                .isInstanceOf(EventDeserializationException.class)
                .hasMessageContaining(STORE)
                .hasMessageContaining("contentType");
        assertThatThrownBy(() -> serde.deserializer().deserialize(STORE, new byte[] {(byte) 0xff, 0x01}))
                .isInstanceOf(EventDeserializationException.class);
    }

    private static Subscription subscription(Target target) {
        return new Subscription("sub-1", "user-1", "settings-1", "article:42", target, true,
                Instant.parse("2026-01-01T00:00:00Z"));
    }
}
