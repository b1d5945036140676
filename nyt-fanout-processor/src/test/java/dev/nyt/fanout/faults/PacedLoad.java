package dev.nyt.fanout.faults;

import dev.nyt.client.Notify;
import dev.nyt.client.Nyt;
import java.util.ArrayList;
import java.util.List;
import java.util.OptionalLong;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;

/**
 * A steady load of notify events, narrow and broadcast mixed, while users subscribe and mark read, with its own
 * record of what the broker accepted: the independent account the suite compares {@code nyt-notifications} with.
 * Each tick publishes one event with a message of its own (so nothing coalesces and every accepted event owes
 * each subscriber exactly one notification); every {@code broadcastEvery}-th goes to {@link #BROADCAST}, the
 * others to one of {@code narrowKeys} keys; every {@code subscribeEvery}-th tick a new user subscribes to the
 * broadcast key; every {@code markEvery}-th a user marks read up to the newest notification read for them so far.
 */
final class PacedLoad implements AutoCloseable {

    static final String BROADCAST = "broadcast";

    /** An event the broker accepted: its id, key, the phase it was sent in and when (System.nanoTime). */
    record Sent(long seq, String eventId, String key, String phase, long sentAtNanos) {
    }

    /** A mark-read the broker accepted. */
    record Marked(String userId, long idLte, String phase) {
    }

    /** A subscription sent during the load. */
    record Joined(String userId, String phase) {
    }

    private final Nyt nyt;
    private final int narrowKeys;
    private final int broadcastEvery;
    private final int subscribeEvery;
    private final int markEvery;
    private final List<String> markers;
    private final Function<String, OptionalLong> latestId;
    private final ScheduledExecutorService ticker = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread thread = new Thread(r, "fault-paced-load");
        thread.setDaemon(true);
        return thread;
    });
    private final List<Sent> sent = new ArrayList<>();
    private final List<Marked> marked = new ArrayList<>();
    private final List<Joined> joined = new ArrayList<>();
    private final AtomicInteger refused = new AtomicInteger();
    private volatile String phase = "warm-up";
    private long tick;

    PacedLoad(Nyt nyt, int narrowKeys, int broadcastEvery, int subscribeEvery, int markEvery, List<String> markers,
              Function<String, OptionalLong> latestId) {
        this.nyt = nyt;
        this.narrowKeys = narrowKeys;
        this.broadcastEvery = broadcastEvery;
        this.subscribeEvery = subscribeEvery;
        this.markEvery = markEvery;
        this.markers = List.copyOf(markers);
        this.latestId = latestId;
    }

    static String narrowKey(long n, int narrowKeys) {
        return "k-" + (n % narrowKeys);
    }

    /** Starts publishing {@code perSecond} events a second. */
    PacedLoad start(int perSecond) {
        ticker.scheduleAtFixedRate(this::tick, 0, 1_000_000_000L / perSecond, TimeUnit.NANOSECONDS);
        return this;
    }

    void phase(String name) {
        phase = name;
    }

    private void tick() {
        long n = tick++;
        String now = phase;
        String key = n % broadcastEvery == 0 ? BROADCAST : narrowKey(n, narrowKeys);
        long sentAt = System.nanoTime();
        nyt.notify(Notify.of("event " + n, key)).whenComplete((published, failure) -> {
            if (failure != null) {
                refused.incrementAndGet();
            } else {
                synchronized (sent) {
                    sent.add(new Sent(n, published.eventId(), key, now, sentAt));
                }
            }
        });
        if (n % subscribeEvery == subscribeEvery / 2) {
            String user = "late-" + n;
            nyt.subscribe(user, BROADCAST).whenComplete((m, failure) -> {
                if (failure == null) {
                    synchronized (joined) {
                        joined.add(new Joined(user, now));
                    }
                }
            });
        }
        if (n % markEvery == markEvery / 3) {
            String user = markers.get((int) ((n / markEvery) % markers.size()));
            OptionalLong latest = latestId.apply(user);
            if (latest.isPresent()) {
                nyt.markRead(user, latest.getAsLong()).whenComplete((m, failure) -> {
                    if (failure == null) {
                        synchronized (marked) {
                            marked.add(new Marked(user, latest.getAsLong(), now));
                        }
                    }
                });
            }
        }
    }

    /** Stops publishing and waits until every send is answered. */
    void stop() throws InterruptedException {
        ticker.shutdown();
        ticker.awaitTermination(30, TimeUnit.SECONDS);
        nyt.flush();
    }

    List<Sent> sent() {
        synchronized (sent) {
            return List.copyOf(sent);
        }
    }

    List<Marked> marked() {
        synchronized (marked) {
            return List.copyOf(marked);
        }
    }

    List<Joined> joined() {
        synchronized (joined) {
            return List.copyOf(joined);
        }
    }

    /** Sends the broker did not accept (not owed a notification). */
    int refused() {
        return refused.get();
    }

    @Override
    public void close() throws InterruptedException {
        ticker.shutdownNow();
        ticker.awaitTermination(30, TimeUnit.SECONDS);
    }
}
