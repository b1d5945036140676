package dev.nyt.api.push;

import dev.nyt.api.db.CatchUp;
import dev.nyt.api.db.InboxCounts;
import dev.nyt.api.db.NotificationRow;
import dev.nyt.api.push.PushMessage.Reason;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * How a realtime stream starts: registered for live events first, then what the client missed, merged with
 * those live events so that each arrives once and in order.
 *
 * <p>With a cursor N (SSE {@code Last-Event-ID}, {@code ?lastEventId=}): the connection registers and learns the
 * live position of its user's partitions; it waits, at most {@code NYT_PUSH_RESUME_WAIT_MS}, for the read
 * model to reach that position (so PostgreSQL holds every event the live stream handed on before the
 * registration); then it reads, in one snapshot, the current state of the user's notifications above N, sends
 * them oldest first and {@code caughtUp}, and from then on the live events after the snapshot. When the read
 * model does not get there in time, or does not answer, or more than {@code NYT_PUSH_CATCH_UP_MAX} were missed,
 * the client gets {@code reload} instead of a silent gap, and the live events.
 *
 * <p>Either way the start ends with the caller's badge {@code counts} (from the catch-up's snapshot when there is
 * one), and later live events are followed by new counts when they change ({@link Badge}).
 *
 * <p>Without a cursor the stream starts now: {@code caughtUp} gives the newest id the client could have had
 * before it registered, so that a later reconnect resumes from there.
 */
final class Resume {

    private static final Logger log = LoggerFactory.getLogger(Resume.class);

    /**
     * What a connection sends first, how it merges the live events queued meanwhile, and its badge (null: no
     * counts follow the live events).
     */
    record Start(List<PushMessage> first, Delivery delivery, Badge badge) {
        Start {
            first = List.copyOf(first);
        }

        Start(List<PushMessage> first, Delivery delivery) {
            this(first, delivery, null);
        }
    }

    private final PushHub hub;
    private final ReadModelPosition readModel;
    private final CatchUpSource source;
    private final Duration maxWait;
    private final int maxCatchUp;
    private final Counter caughtUp;
    private final Counter reloaded;
    private final Map<Reason, Counter> reloads = new EnumMap<>(Reason.class);
    private final DistributionSummary catchUpSize;
    private final Timer waited;

    Resume(PushHub hub, ReadModelPosition readModel, CatchUpSource source, Duration maxWait, int maxCatchUp,
           MeterRegistry registry) {
        this.hub = hub;
        this.readModel = readModel;
        this.source = source;
        this.maxWait = maxWait;
        this.maxCatchUp = maxCatchUp;
        this.caughtUp = resumes(registry, "caught_up");
        this.reloaded = resumes(registry, "reload");
        for (Reason reason : Reason.values()) {
            reloads.put(reason, Counter.builder("nyt.push.reloads").tag("reason", reason.json())
                    .description("Streams told to reload their list instead of getting what they missed")
                    .register(registry));
        }
        this.catchUpSize = DistributionSummary.builder("nyt.push.catch.up.size").baseUnit("notifications")
                .description("Notifications a resuming stream was sent from the read model").register(registry);
        this.waited = Timer.builder("nyt.push.resume.wait")
                .description("How long a resuming stream waited for the read model to reach the live position")
                .register(registry);
    }

    private static Counter resumes(MeterRegistry registry, String outcome) {
        return Counter.builder("nyt.push.resumes").tag("outcome", outcome)
                .description("Streams that resumed after a cursor (Last-Event-ID)").register(registry);
    }

    /** Starts the connection's writer, which begins with {@link #begin}. */
    void open(PushConnection connection, Long lastEventId) {
        connection.start(() -> begin(connection, lastEventId));
    }

    /** Registers the connection and answers what it sends first; {@code lastEventId} null: a fresh stream. */
    Start begin(PushConnection connection, Long lastEventId) throws InterruptedException {
        return lastEventId == null ? fresh(connection) : resume(connection, lastEventId);
    }

    private Start fresh(PushConnection connection) {
        Long newest;
        try {
            newest = source.newestId(connection.userId()).orElse(0L);
        } catch (RuntimeException e) {
            log.debug("No cursor for a new stream of user {}: {}", connection.userId(), e.getMessage());
            newest = null;
        }
        hub.register(connection);
        if (newest == null) {
            return reload(connection, null, Reason.READ_MODEL_UNAVAILABLE, StreamPosition.NONE);
        }
        return withCounts(connection, List.of(PushMessage.caughtUp(newest, 0)), new Delivery(StreamPosition.NONE, newest),
                countsNow(connection));
    }

    /** The start with the badge counts after its first messages (when they could be read) and the badge that follows. */
    private Start withCounts(PushConnection connection, List<PushMessage> first, Delivery delivery, InboxCounts counts) {
        List<PushMessage> messages = new ArrayList<>(first);
        if (counts != null) {
            messages.add(PushMessage.counts(counts));
        }
        return new Start(messages, delivery, new Badge(connection.userId(), readModel, source, maxWait, counts));
    }

    private InboxCounts countsNow(PushConnection connection) {
        try {
            return source.counts(connection.userId());
        } catch (RuntimeException e) {
            log.debug("No badge counts for a new stream of user {}: {}", connection.userId(), e.getMessage());
            return null;
        }
    }

    private Start resume(PushConnection connection, long after) throws InterruptedException {
        StreamPosition live = hub.register(connection);
        long started = System.nanoTime();
        ReadModelPosition.Outcome outcome = readModel.await(live, maxWait);
        waited.record(Duration.ofNanos(System.nanoTime() - started));
        if (outcome != ReadModelPosition.Outcome.REACHED) {
            Reason reason = outcome == ReadModelPosition.Outcome.BEHIND ? Reason.READ_MODEL_BEHIND : Reason.READ_MODEL_UNAVAILABLE;
            return resumed(reload(connection, after, reason, StreamPosition.NONE));
        }
        CatchUp catchUp;
        try {
            catchUp = source.catchUp(connection.userId(), after, maxCatchUp + 1);
        } catch (RuntimeException e) {
            log.debug("Cannot read what user {} missed: {}", connection.userId(), e.getMessage());
            return resumed(reload(connection, after, Reason.READ_MODEL_UNAVAILABLE, StreamPosition.NONE));
        }
        StreamPosition snapshot = new StreamPosition(catchUp.projected());
        if (!live.reachedBy(snapshot)) {
            // only when the read model went back (emptied under a running instance)
            return resumed(reload(connection, after, Reason.READ_MODEL_BEHIND, StreamPosition.NONE));
        }
        if (catchUp.notifications().size() > maxCatchUp) {
            return resumed(reload(connection, catchUp.newestId(), Reason.TOO_MANY_MISSED, snapshot));
        }
        List<PushMessage> first = new ArrayList<>(catchUp.notifications().size() + 1);
        long cursor = after;
        for (NotificationRow row : catchUp.notifications()) {
            first.add(PushMessage.of(row.toEvent()));
            cursor = row.id();
        }
        first.add(PushMessage.caughtUp(cursor, catchUp.notifications().size()));
        caughtUp.increment();
        catchUpSize.record(catchUp.notifications().size());
        return withCounts(connection, first, new Delivery(snapshot, cursor), catchUp.counts());
    }

    private Start resumed(Start start) {
        reloaded.increment();
        return start;
    }

    /** {@code reload} with the cursor the client is at afterwards, then the live events after {@code snapshot}. */
    private Start reload(PushConnection connection, Long cursor, Reason reason, StreamPosition snapshot) {
        log.debug("Realtime client of user {} told to reload ({}), cursor {}", connection.userId(), reason.json(), cursor);
        reloads.get(reason).increment();
        return withCounts(connection, List.of(PushMessage.reload(cursor, reason)),
                new Delivery(snapshot, cursor == null ? Delivery.UNKNOWN : cursor), countsNow(connection));
    }
}
