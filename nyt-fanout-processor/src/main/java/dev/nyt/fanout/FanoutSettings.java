package dev.nyt.fanout;

import dev.nyt.runtime.Intervals;
import java.time.Duration;

/**
 * What shapes the topology besides the topics.
 *
 * @param keyPartitions   partitions of {@code nyt-notify-requested}; the presence-by-key repartition topic gets
 *                        as many, so routing is co-partitioned with it
 * @param userPartitions  partitions of the user-keyed topics; the events-by-partition repartition topic gets as many
 * @param dedupRetention  how long an eventId is remembered to drop a repeat
 * @param chunk           index entries one step of a fan-out walk visits at most ({@code NYT_FANOUT_CHUNK})
 * @param stepBudget      how long one punctuation moves pending walks on before the thread polls again
 * @param maxPending      walks waiting in one task beyond which a new event first moves them on
 */
public record FanoutSettings(int keyPartitions, int userPartitions, Intervals intervals, Duration dedupRetention,
                             int chunk, Duration stepBudget, int maxPending) {

    public static final int DEFAULT_CHUNK = 2_000;
    public static final Duration DEFAULT_STEP_BUDGET = Duration.ofMillis(20);
    public static final int DEFAULT_MAX_PENDING = 1_000;

    public FanoutSettings {
        if (chunk < 1 || maxPending < 1 || stepBudget.isNegative() || stepBudget.isZero()) {
            throw new IllegalArgumentException("chunk, maxPending and stepBudget must be positive");
        }
    }

    /** With the default walk steps. */
    public FanoutSettings(int keyPartitions, int userPartitions, Intervals intervals, Duration dedupRetention) {
        this(keyPartitions, userPartitions, intervals, dedupRetention, DEFAULT_CHUNK, DEFAULT_STEP_BUDGET,
                DEFAULT_MAX_PENDING);
    }

    public static FanoutSettings defaults() {
        return new FanoutSettings(1, 1, Intervals.defaults(), Duration.ofDays(7));
    }

    public FanoutSettings withChunk(int size) {
        return new FanoutSettings(keyPartitions, userPartitions, intervals, dedupRetention, size, stepBudget, maxPending);
    }
}
