package dev.nyt.digest.state;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import org.apache.kafka.common.serialization.Serde;
import org.junit.jupiter.api.Test;

class StoreJsonTest {

    private static final Instant CREATED = Instant.parse("2026-01-05T10:00:00.123456789Z");
    private final Serde<PendingNotification> pending = StoreJson.serde(PendingNotification.class);
    private final Serde<SubscriptionState> subscriptions = StoreJson.serde(SubscriptionState.class);

    @Test
    void writesInstantsAsEpochSecondsAndReadsThemBackToTheNanosecond() {
        // Given
        PendingNotification notification = new PendingNotification(7, "sub-1", "s-1", "test-key", "Test is a test", "/test",
                2, false, CREATED, 1_767_607_200_123L);

        // When
        byte[] bytes = pending.serializer().serialize("digest-pending", notification);

        // Then
        assertThat(new String(bytes, StandardCharsets.UTF_8)).contains("\"created\":1767607200.123456789");
        assertThat(pending.deserializer().deserialize("digest-pending", bytes)).isEqualTo(notification);
    }

    @Test
    void readsTheIsoTextEarlierBuildsWrote() {
        // Given
        String earlier = "{\"subscriptionId\":\"sub-1\",\"settingsId\":\"s-1\",\"key\":\"test-key\",\"sendEmails\":true,"
                + "\"created\":\"2026-01-05T10:00:00.123456789Z\",\"lastSent\":null}";

        // When
        SubscriptionState read = subscriptions.deserializer().deserialize("digest-subscriptions",
                earlier.getBytes(StandardCharsets.UTF_8));

        // Then
        assertThat(read).isEqualTo(new SubscriptionState("sub-1", "s-1", "test-key", true, CREATED, null));
    }

    @Test
    void passesTombstones() {
        assertThat(subscriptions.serializer().serialize("digest-subscriptions", null)).isNull();
        assertThat(subscriptions.deserializer().deserialize("digest-subscriptions", null)).isNull();
    }
}
