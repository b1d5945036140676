package dev.nyt.fanout;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;

/**
 * What the fan-out counts, beside Kafka Streams' own metrics. In Prometheus:
 * {@code nyt_fanout_notifications_total{outcome="created|coalesced"}},
 * {@code nyt_fanout_duplicate_events_total}, {@code nyt_fanout_deliveries_dropped_total}.
 * (No name ends in "created": Prometheus reserves that suffix and would drop it.)
 */
public record FanoutMetrics(
        Counter notificationsCreated,
        Counter notificationsCoalesced,
        Counter duplicateEvents,
        Counter deliveriesDropped) {

    public static final String NOTIFICATIONS = "nyt.fanout.notifications";
    public static final String DUPLICATE_EVENTS = "nyt.fanout.duplicate.events";
    public static final String DELIVERIES_DROPPED = "nyt.fanout.deliveries.dropped";

    public static FanoutMetrics register(MeterRegistry registry) {
        return new FanoutMetrics(
                Counter.builder(NOTIFICATIONS).tag("outcome", "created")
                        .description("Notifications written to nyt-notifications, by outcome").register(registry),
                Counter.builder(NOTIFICATIONS).tag("outcome", "coalesced")
                        .description("Notifications written to nyt-notifications, by outcome").register(registry),
                Counter.builder(DUPLICATE_EVENTS).description("NotifyRequested events dropped as a repeated eventId")
                        .register(registry),
                Counter.builder(DELIVERIES_DROPPED)
                        .description("Deliveries dropped: the user is inactive or unsubscribed meanwhile")
                        .register(registry));
    }
}
