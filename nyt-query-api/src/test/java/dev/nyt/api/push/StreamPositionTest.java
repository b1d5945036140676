package dev.nyt.api.push;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** Positions in nyt-notifications: the next offset per partition; an absent partition has been read up to 0. */
class StreamPositionTest {

    @Test
    void isReachedByAPositionAtLeastAsFarOnEveryPartitionItRead() {
        StreamPosition live = new StreamPosition(Map.of(0, 10L, 1, 4L));

        assertThat(live.reachedBy(new StreamPosition(Map.of(0, 10L, 1, 9L, 2, 1L)))).isTrue();
        assertThat(live.reachedBy(new StreamPosition(Map.of(0, 9L, 1, 9L)))).isFalse();
        assertThat(live.reachedBy(new StreamPosition(Map.of(0, 10L)))).as("partition 1 not read at all").isFalse();
        assertThat(StreamPosition.NONE.reachedBy(StreamPosition.NONE)).isTrue();
    }

    @Test
    void coversTheOffsetsBeforeItsNextOffset() {
        StreamPosition snapshot = new StreamPosition(Map.of(3, 100L));

        assertThat(snapshot.covers(3, 99)).isTrue();
        assertThat(snapshot.covers(3, 100)).isFalse();
        assertThat(snapshot.covers(0, 0)).as("a partition it never read").isFalse();
    }

    @Test
    void keepsOnlyTheNamedPartitions() {
        StreamPosition live = new StreamPosition(Map.of(0, 10L, 1, 4L, 2, 7L));

        assertThat(live.only(Set.of(1, 5)).next()).isEqualTo(Map.of(1, 4L));
    }
}
