package dev.nyt.fanout;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;

/** What the fan-out counts, beside Kafka Streams' own metrics. */
public record FanoutMetrics(
        Counter notificationsCreated,
        Counter notificationsCoalesced,
        Counter duplicateEvents,
        Counter deliveriesDropped) {

    public static FanoutMetrics register(MeterRegistry registry) {
        return new FanoutMetrics(
                Counter.builder("nyt.notifications.created").description("New notifications written to nyt-notifications")
                        .register(registry),
                Counter.builder("nyt.notifications.coalesced").description("Repeats counted as another occurrence")
                        .register(registry),
                Counter.builder("nyt.notify.duplicates").description("NotifyRequested events dropped as a repeated eventId")
                        .register(registry),
                Counter.builder("nyt.deliveries.dropped")
                        .description("Deliveries dropped: the user is inactive or unsubscribed meanwhile")
                        .register(registry));
    }
}
