package dev.nyt.api.push;

import dev.nyt.api.db.InboxCounts;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Keeps one connection's badge counts current: every event of the user's on {@code nyt-notifications} may change
 * them, so once the connection's queue is drained after such events, and the read model has projected them (so
 * the counts reflect them), it sends {@code counts} if they differ from the last ones sent. A burst of events costs
 * one read of the counts, not one per event. Owned by the connection's writer thread.
 */
final class Badge {

    private static final Logger log = LoggerFactory.getLogger(Badge.class);

    private final String userId;
    private final ReadModelPosition readModel;
    private final CatchUpSource source;
    private final Duration maxWait;
    /** Per partition, the offset after the last event sent since the counts were last read. */
    private final Map<Integer, Long> due = new HashMap<>();
    private InboxCounts sent;

    Badge(String userId, ReadModelPosition readModel, CatchUpSource source, Duration maxWait, InboxCounts sent) {
        this.userId = userId;
        this.readModel = readModel;
        this.source = source;
        this.maxWait = maxWait;
        this.sent = sent;
    }

    /** The connection sent this live event: the counts are due once the read model has it. */
    void changed(LiveEvent event) {
        due.merge(event.partition(), event.offset() + 1, Math::max);
    }

    boolean due() {
        return !due.isEmpty();
    }

    /**
     * The counts after the events sent since the last call, once the read model reflects them (at most
     * {@code maxWait}; when it is later than that the counts as they are, which the next event corrects); null when
     * they did not change or could not be read.
     */
    PushMessage follow() throws InterruptedException {
        StreamPosition target = new StreamPosition(due);
        due.clear();
        readModel.await(target, maxWait);
        InboxCounts now;
        try {
            now = source.counts(userId);
        } catch (RuntimeException e) {
            log.debug("Cannot read the badge counts of user {}: {}", userId, e.getMessage());
            return null;
        }
        if (now.equals(sent)) {
            return null;
        }
        sent = now;
        return PushMessage.counts(now);
    }
}
