package dev.nyt.fanout;

import dev.nyt.runtime.Intervals;
import java.time.Duration;

/**
 * What shapes the topology besides the topics.
 *
 * @param keyPartitions   partitions of {@code nyt-notify-requested}; the subscriptions-by-key
 *                        repartition topic gets as many, so the join is co-partitioned
 * @param userPartitions  partitions of the user-keyed topics; the deliveries repartition topic gets as many
 * @param dedupRetention  how long an eventId is remembered to drop a repeat
 */
public record FanoutSettings(int keyPartitions, int userPartitions, Intervals intervals, Duration dedupRetention) {

    public static FanoutSettings defaults() {
        return new FanoutSettings(1, 1, Intervals.defaults(), Duration.ofDays(7));
    }
}
