package dev.nyt.fanout;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.concurrent.atomic.AtomicLong;

/**
 * What the fan-out counts, beside Kafka Streams' own metrics. In Prometheus:
 * {@code nyt_fanout_notifications_total{outcome="created|coalesced"}},
 * {@code nyt_fanout_duplicate_events_total}, {@code nyt_fanout_events_unrouted_total} (events no subscriber
 * receives), {@code nyt_fanout_runs_pending} (fan-out walks waiting for their next step, all tasks of the
 * instance), {@code nyt_fanout_deliveries_dropped_total} (kept for dashboards; stays 0 since the subscriber
 * index moved beside the inbox: it holds only the subscriptions of active users, so nothing is dropped late),
 * {@code nyt_commands_refused_total{reason="<field>|other"}} (subscription commands the registry refused).
 * (No name ends in "created": Prometheus reserves that suffix and would drop it.)
 */
public record FanoutMetrics(
        Counter notificationsCreated,
        Counter notificationsCoalesced,
        Counter duplicateEvents,
        Counter deliveriesDropped,
        Counter eventsUnrouted,
        AtomicLong pendingRuns,
        MeterRegistry registry) {

    public static final String NOTIFICATIONS = "nyt.fanout.notifications";
    public static final String DUPLICATE_EVENTS = "nyt.fanout.duplicate.events";
    public static final String DELIVERIES_DROPPED = "nyt.fanout.deliveries.dropped";
    public static final String COMMANDS_REFUSED = "nyt.commands.refused";
    public static final String EVENTS_UNROUTED = "nyt.fanout.events.unrouted";
    public static final String RUNS_PENDING = "nyt.fanout.runs.pending";

    public static FanoutMetrics register(MeterRegistry registry) {
        AtomicLong pending = new AtomicLong();
        Gauge.builder(RUNS_PENDING, pending, AtomicLong::get)
                .description("Fan-out walks waiting for their next step (broadcasts larger than one chunk, and what queues behind them)")
                .register(registry);
        return new FanoutMetrics(
                Counter.builder(NOTIFICATIONS).tag("outcome", "created")
                        .description("Notifications written to nyt-notifications, by outcome").register(registry),
                Counter.builder(NOTIFICATIONS).tag("outcome", "coalesced")
                        .description("Notifications written to nyt-notifications, by outcome").register(registry),
                Counter.builder(DUPLICATE_EVENTS).description("NotifyRequested events dropped as a repeated eventId")
                        .register(registry),
                Counter.builder(DELIVERIES_DROPPED)
                        .description("Deliveries dropped late (stays 0: the subscriber index holds only active users)")
                        .register(registry),
                Counter.builder(EVENTS_UNROUTED).description("NotifyRequested events no subscriber receives")
                        .register(registry),
                pending,
                registry);
    }

    /** Counts a refused command by the field at fault (a small, fixed set: the commands' fields). */
    public void refused(String field) {
        Counter.builder(COMMANDS_REFUSED).tag("reason", field == null ? "other" : field)
                .description("Subscription commands the registry refused, by the field at fault").register(registry)
                .increment();
    }
}
