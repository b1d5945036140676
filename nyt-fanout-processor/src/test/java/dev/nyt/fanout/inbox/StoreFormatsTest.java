package dev.nyt.fanout.inbox;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.nyt.events.NotifyRequested;
import dev.nyt.events.Target;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The fan-out's binary store values read back what was written, and refuse what they cannot read. */
class StoreFormatsTest {

    private static final NotifyRequested EVENT = new NotifyRequested("e-1", "comment/new", "Bob replied", "/c/1",
            Target.of("post", "7"), List.of("alice", "bob"), List.of("carol"), Instant.parse("2026-12-04T10:00:00Z"));

    @Test
    void aRunReadsBackWithItsCursor() {
        FanoutRun run = FanoutRun.start(42, 1_700_000_000_000L, 3, EVENT, 1);
        run.prefixIndex = 1;
        run.after = "comment/new\u0000bob\u0000s\u0000sub";
        run.lastUser = "bob";
        run.lastSettings = "s";
        run.visited = 7;

        var serde = FanoutRun.serde(1);
        FanoutRun back = serde.deserializer().deserialize("t", serde.serializer().serialize("t", run));

        assertThat(back.seq).isEqualTo(42);
        assertThat(back.timestamp).isEqualTo(1_700_000_000_000L);
        assertThat(back.partition).isEqualTo(3);
        assertThat(back.event).isEqualTo(EVENT);
        assertThat(back.prefixIndex).isEqualTo(1);
        assertThat(back.after).isEqualTo(run.after);
        assertThat(back.lastUser).isEqualTo("bob");
        assertThat(back.lastSettings).isEqualTo("s");
        assertThat(back.visited).isEqualTo(7);
        assertThat(back.prefixes).isEqualTo(run.prefixes);
        assertThat(back.excluded).containsExactly("carol");
    }

    @Test
    void anInboxEntryReadsBackFieldForField() {
        InboxEntry entry = new InboxEntry(9_007_199_254_740_000L, "alice", "sub", "settings", "comment/new",
                "Bob replied \u00e9\u4e2d", "/c/1", Target.of("post", null), 3, true, false,
                Instant.parse("2026-12-04T10:00:00.123456789Z"), Instant.parse("2026-12-04T11:00:00Z"), null);
        InboxEntry bare = new InboxEntry(1, "a", "s", "t", "k", "m", null, null, 1, false, true,
                Instant.EPOCH, Instant.EPOCH, "e");

        var serde = InboxEntry.serde();
        assertThat(serde.deserializer().deserialize("t", serde.serializer().serialize("t", entry))).isEqualTo(entry);
        assertThat(serde.deserializer().deserialize("t", serde.serializer().serialize("t", bare))).isEqualTo(bare);
        assertThat(serde.serializer().serialize("t", null)).isNull();
    }

    @Test
    void aValueOfAnotherFormatIsRefusedByName() {
        var serde = InboxEntry.serde();
        assertThatThrownBy(() -> serde.deserializer().deserialize("t", "{\"id\":1}".getBytes()))
                .hasMessageContaining("inbox entry of format");
        assertThatThrownBy(() -> serde.deserializer().deserialize("t", new byte[] {1, 0}))
                .hasMessageContaining("inbox entry value unreadable");
    }
}
