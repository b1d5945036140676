package dev.nyt.fanout.inbox;

import static org.assertj.core.api.Assertions.assertThat;

import dev.nyt.events.NotificationCreated;
import dev.nyt.events.NotificationEvent;
import dev.nyt.events.NotifyRequested;
import dev.nyt.events.Subscription;
import dev.nyt.fanout.FanoutMetrics;
import dev.nyt.fanout.route.Routed;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.processor.api.MockProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueStore;
import org.apache.kafka.streams.state.Stores;
import org.junit.jupiter.api.Test;

/**
 * A walk resumes from what its task committed: a new processor over the same stores (a restarted task after
 * restoring them) picks the pending run up at its cursor, so across the restart every subscriber gets the
 * event exactly once. (The topology test driver wipes its state directory on close, so this is tested on the
 * processor with the stores a restore would give it; FanoutCrashIT does it with a killed process.)
 */
class InboxFanoutResumeTest {

    private static final int CHUNK = 100;

    private final MockProcessorContext<String, NotificationEvent> context = new MockProcessorContext<>();
    private final FanoutMetrics metrics = FanoutMetrics.register(new SimpleMeterRegistry());

    InboxFanoutResumeTest() {
        store(SubscriberIndex.STORE, Serdes.String(), IndexEntry.serde());
        store(InboxEntry.STORE, Serdes.String(), InboxEntry.serde());
        store(NotificationIds.STORE, Serdes.String(), Serdes.Long());
        store(FanoutRun.STORE, Serdes.Long(), FanoutRun.serde(1));
    }

    private <K, V> void store(String name, Serde<K> keys, Serde<V> values) {
        KeyValueStore<K, V> store = Stores.keyValueStoreBuilder(Stores.inMemoryKeyValueStore(name), keys, values)
                .withLoggingDisabled().build();
        store.init(context.getStateStoreContext(), store);
        context.addStateStore(store);
    }

    private InboxFanout start() {
        InboxFanout processor = new InboxFanout(metrics, CHUNK, Duration.ofNanos(1), 1, 1_000);
        processor.init(context);
        return processor;
    }

    private void punctuate() {
        // the newest schedule is the processor's that was started last
        context.scheduledPunctuators().getLast().getPunctuator().punctuate(0);
    }

    private List<NotificationCreated> forwarded() {
        List<NotificationCreated> created = new ArrayList<>();
        context.forwarded().forEach(f -> created.add((NotificationCreated) f.record().value()));
        context.resetForwards();
        return created;
    }

    @Test
    void aRestartedTaskResumesThePendingWalkAtItsCursor() {
        SubscriberIndex index = new SubscriberIndex(context);
        for (int i = 0; i < 1_000; i++) {
            index.put(new Subscription("sub-" + i, "user-" + i, "settings-" + i, "k", null, true, Instant.EPOCH));
        }
        InboxFanout before = start();
        before.process(new Record<>("k", new Routed(0, new NotifyRequested("e", "k", "hello", null, null, null, null,
                null)), 1_000L));
        punctuate();
        punctuate();
        List<NotificationCreated> first = forwarded();
        assertThat(first).hasSize(3 * CHUNK);
        before.close(); // the task goes (a crash leaves the stores as its last commit wrote them)
        assertThat(metrics.pendingRuns().get()).isZero();

        InboxFanout after = start();
        assertThat(metrics.pendingRuns().get()).as("the run came back from its store").isOne();
        while (metrics.pendingRuns().get() > 0) {
            punctuate();
        }
        List<NotificationCreated> rest = forwarded();

        Map<String, Long> perUser = java.util.stream.Stream.concat(first.stream(), rest.stream())
                .collect(Collectors.groupingBy(NotificationCreated::userId, Collectors.counting()));
        assertThat(perUser).hasSize(1_000).allSatisfy((user, count) -> assertThat(count).isOne());
        assertThat(rest).extracting(NotificationCreated::id).isSorted()
                .allSatisfy(id -> assertThat(id).isGreaterThan(first.getLast().id()));
        after.close();
    }
}
