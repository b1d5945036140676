package dev.nyt.api.push;

import static org.assertj.core.api.Assertions.assertThat;

import dev.nyt.events.NotificationCreated;
import dev.nyt.events.NotificationUpdated;
import dev.nyt.events.NotificationsViewed;
import java.time.Instant;
import org.junit.jupiter.api.Test;

/** What each message does to the client's cursor (the SSE id), and the stream's own signals. */
class PushMessageTest {

    private static final Instant NOW = Instant.parse("2026-11-23T10:00:00Z");

    @Test
    void aCreationMovesTheCursorToItsIdOtherEventsLeaveIt() {
        PushMessage created = PushMessage.of(new NotificationCreated(42, "alice", null, null, "k", "m", null, null, 1, false, false, NOW, NOW, null));
        PushMessage updated = PushMessage.of(new NotificationUpdated(7, "alice", null, null, "k", "m", null, null, 2, false, false, NOW, NOW, null));
        PushMessage viewed = PushMessage.of(new NotificationsViewed("alice", 42, null, null, NOW));

        assertThat(created.type()).isEqualTo("notificationCreated");
        assertThat(created.lastEventId()).isEqualTo(42L);
        assertThat(updated.type()).isEqualTo("notificationUpdated");
        assertThat(updated.notificationId()).isEqualTo(7L);
        assertThat(updated.lastEventId()).as("an update of an older notification must not move a browser's Last-Event-ID back").isNull();
        assertThat(viewed.type()).isEqualTo("notificationsViewed");
        assertThat(viewed.lastEventId()).isNull();
        assertThat(created.json()).startsWith("{\"type\":\"notificationCreated\",\"id\":42,");
    }

    @Test
    void signalsCarryTheCursorTheClientIsAtAfterThem() {
        PushMessage caughtUp = PushMessage.caughtUp(42L, 3);
        PushMessage reload = PushMessage.reload(null, PushMessage.Reason.READ_MODEL_UNAVAILABLE);

        assertThat(caughtUp.lastEventId()).isEqualTo(42L);
        assertThat(caughtUp.json()).isEqualTo("{\"type\":\"caughtUp\",\"lastEventId\":42,\"count\":3}");
        assertThat(reload.lastEventId()).isNull();
        assertThat(reload.json()).isEqualTo("{\"type\":\"reload\",\"lastEventId\":null,\"reason\":\"readModelUnavailable\"}");
    }
}
