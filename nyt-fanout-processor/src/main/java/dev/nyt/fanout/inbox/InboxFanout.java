package dev.nyt.fanout.inbox;

import dev.nyt.events.NotificationEvent;
import dev.nyt.events.NotifyRequested;
import dev.nyt.fanout.FanoutMetrics;
import dev.nyt.fanout.StoreKeys;
import dev.nyt.fanout.route.Routed;
import java.time.Duration;
import java.time.Instant;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.processor.PunctuationType;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;

/**
 * The second half of django-nyt's {@code notify()}, in the inbox task of a partition of the user-keyed topics:
 * walks the event's subscribers in this task's {@link SubscriberIndex} and turns each into a notification of
 * the user — coalesced into the subscription's latest unviewed one when it says the same thing at the same
 * url, else new, with the next id of the task.
 *
 * <p>A subscription matches when it has no object id or the event's target is its object; {@code excludeUsers}
 * never receive; one settings object gets at most one notification per event (the index keeps a settings'
 * subscriptions adjacent, so this needs no memory).
 *
 * <p><b>Bounded steps.</b> A walk visits at most {@code chunk} index entries at a time. An event whose walk is
 * not over after its first step (a broadcast to more than {@code chunk} subscribers of this task), and every
 * event arriving while such a walk is pending, becomes a {@link FanoutRun} in {@link FanoutRun#STORE}; a
 * wall-clock punctuation moves the pending runs on, one step each in turn, for at most {@code stepBudget} at a
 * time (then the thread polls and commits), so a transaction holds a bounded amount of work whatever the audience, a crash resumes at the last
 * committed cursor, and an event behind a broadcast of another key waits one round of steps, not the whole
 * broadcast. Runs of the same key go one after the other, so a key's notifications keep their event order.
 * When more than {@code maxPending} runs are waiting, each new event first moves them on, which bounds the
 * memory they take.
 */
public final class InboxFanout implements Processor<String, Routed, String, NotificationEvent> {

    private final FanoutMetrics metrics;
    private final int chunk;
    private final Duration stepBudget;
    private final int userPartitions;
    private final int maxPending;
    private final Map<Long, FanoutRun> pending = new TreeMap<>();
    private ProcessorContext<String, NotificationEvent> context;
    private SubscriberIndex index;
    private KeyValueStore<String, InboxEntry> latest;
    private NotificationIds ids;
    private KeyValueStore<Long, FanoutRun> runs;
    private long nextSeq;
    private long lastStepped = -1;

    public InboxFanout(FanoutMetrics metrics, int chunk, Duration stepBudget, int userPartitions, int maxPending) {
        this.metrics = metrics;
        this.chunk = chunk;
        this.stepBudget = stepBudget;
        this.userPartitions = userPartitions;
        this.maxPending = maxPending;
    }

    @Override
    public void init(ProcessorContext<String, NotificationEvent> context) {
        this.context = context;
        this.index = new SubscriberIndex(context);
        this.latest = context.getStateStore(InboxEntry.STORE);
        this.ids = new NotificationIds(context.getStateStore(NotificationIds.STORE), context.taskId().partition(),
                System.currentTimeMillis());
        this.runs = context.getStateStore(FanoutRun.STORE);
        try (KeyValueIterator<Long, FanoutRun> it = runs.all()) {
            while (it.hasNext()) {
                KeyValue<Long, FanoutRun> next = it.next();
                pending.put(next.key, next.value);
                nextSeq = Math.max(nextSeq, next.key + 1);
            }
        }
        metrics.pendingRuns().addAndGet(pending.size());
        context.schedule(Duration.ofMillis(1), PunctuationType.WALL_CLOCK_TIME, at -> moveOn());
    }

    @Override
    public void process(Record<String, Routed> record) {
        Routed routed = record.value();
        if (routed == null) {
            return;
        }
        FanoutRun run = FanoutRun.start(nextSeq++, record.timestamp(), routed.partition(), routed.event(), userPartitions);
        if (pending.isEmpty() && step(run)) {
            return; // the common case: over in one step, nothing stored
        }
        pending.put(run.seq, run);
        runs.put(run.seq, run);
        metrics.pendingRuns().incrementAndGet();
        while (pending.size() > maxPending) {
            stepNext();
        }
    }

    @Override
    public void close() {
        metrics.pendingRuns().addAndGet(-pending.size()); // the task moves away; its runs stay in its store
        pending.clear();
    }

    /**
     * The punctuation: steps of the pending runs, round robin, until none is pending or the budget is spent
     * (at least one step, whatever the budget).
     */
    private void moveOn() {
        long deadline = System.nanoTime() + stepBudget.toNanos();
        do {
            stepNext();
        } while (!pending.isEmpty() && System.nanoTime() < deadline);
    }

    /**
     * One step of the run after the last one stepped, among the runs that are the first pending of their key
     * (the others wait for it), wrapping around.
     */
    private void stepNext() {
        if (pending.isEmpty()) {
            return;
        }
        FanoutRun next = null;
        FanoutRun first = null;
        Set<String> keys = new HashSet<>();
        for (FanoutRun run : pending.values()) {
            if (!keys.add(run.key())) {
                continue;
            }
            if (first == null) {
                first = run;
            }
            if (run.seq > lastStepped) {
                next = run;
                break;
            }
        }
        FanoutRun run = next != null ? next : first;
        lastStepped = run.seq;
        if (step(run)) {
            pending.remove(run.seq);
            runs.delete(run.seq);
            metrics.pendingRuns().decrementAndGet();
        } else {
            runs.put(run.seq, run);
        }
    }

    /** Visits at most {@code chunk} index entries of the run; true when its walk is over. */
    boolean step(FanoutRun run) {
        int visited = 0;
        while (!run.done()) {
            String prefix = run.prefixes.get(run.prefixIndex);
            try (KeyValueIterator<String, IndexEntry> it = index.walk(prefix, run.after)) {
                while (it.hasNext()) {
                    if (visited == chunk) {
                        run.visited += visited;
                        return false;
                    }
                    KeyValue<String, IndexEntry> next = it.next();
                    visited++;
                    run.after = next.key;
                    visit(run, next.key, next.value);
                }
            }
            run.prefixIndex++;
            run.after = null;
        }
        run.visited += visited;
        return true;
    }

    /**
     * One index entry. The user, settings and subscription come from its key (the last three parts), so a
     * subscription that receives every event of its key is not decoded.
     */
    private void visit(FanoutRun run, String key, IndexEntry entry) {
        int subscriptionAt = key.lastIndexOf(StoreKeys.SEPARATOR);
        int settingsAt = key.lastIndexOf(StoreKeys.SEPARATOR, subscriptionAt - 1);
        int userAt = key.lastIndexOf(StoreKeys.SEPARATOR, settingsAt - 1);
        String user = key.substring(userAt + 1, settingsAt);
        if (run.excluded.contains(user) || !entry.matches(run.event.target())) {
            return;
        }
        String settings = key.substring(settingsAt + 1, subscriptionAt);
        if (user.equals(run.lastUser) && settings.equals(run.lastSettings)) {
            return;
        }
        // every user in the index is this task's; in a single-task test driver all partitions share one
        if (userPartitions > 1 && !user.equals(run.lastUser) && SubscriberIndex.owner(user, userPartitions) != run.partition) {
            return;
        }
        run.lastUser = user;
        run.lastSettings = settings;
        deliver(run, user, key.substring(subscriptionAt + 1), settings);
    }

    private void deliver(FanoutRun run, String user, String subscription, String settings) {
        NotifyRequested event = run.event;
        Instant now = Instant.ofEpochMilli(run.timestamp);
        String key = StoreKeys.of(user, subscription);
        InboxEntry previous = latest.get(key);
        NotificationEvent notification;
        if (previous != null && previous.coalesces(event)) {
            InboxEntry repeated = previous.repeated(event, now);
            latest.put(key, repeated);
            metrics.notificationsCoalesced().increment();
            notification = repeated.toUpdated();
        } else {
            InboxEntry created = InboxEntry.created(ids.next(), user, subscription, settings, event, now);
            latest.put(key, created);
            metrics.notificationsCreated().increment();
            notification = created.toCreated();
        }
        context.forward(new Record<>(user, notification, run.timestamp));
    }
}
