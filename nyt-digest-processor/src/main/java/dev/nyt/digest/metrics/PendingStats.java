package dev.nyt.digest.metrics;

import java.util.Map;
import java.util.TreeMap;

/**
 * One task's notifications waiting to be e-mailed (pending or in a prepared digest) and prepared
 * digests, kept in memory next to the stores so a scrape never scans them. Waiting times are kept
 * in buckets of {@link #BUCKET_MILLIS}, so memory stays small however many notifications wait;
 * the oldest age is exact to within a bucket. Written by the stream thread, read by the scrape.
 */
public final class PendingStats {

    static final long BUCKET_MILLIS = 10_000L;

    private final TreeMap<Long, Integer> buckets = new TreeMap<>();
    private long notifications;
    private long digests;

    public synchronized void addNotification(long pendingSince) {
        notifications++;
        buckets.merge(bucket(pendingSince), 1, Integer::sum);
    }

    public synchronized void removeNotification(long pendingSince) {
        long bucket = bucket(pendingSince);
        Integer count = buckets.get(bucket);
        if (count == null) {
            return;
        }
        notifications--;
        if (count == 1) {
            buckets.remove(bucket);
        } else {
            buckets.put(bucket, count - 1);
        }
    }

    public synchronized void addDigest() {
        digests++;
    }

    public synchronized void removeDigest() {
        digests = Math.max(0, digests - 1);
    }

    public synchronized long notifications() {
        return notifications;
    }

    public synchronized long digests() {
        return digests;
    }

    /** Epoch ms since when the oldest waiting notification waits, or -1 when none does. */
    public synchronized long oldestPendingSince() {
        Map.Entry<Long, Integer> first = buckets.firstEntry();
        return first == null ? -1L : first.getKey();
    }

    private static long bucket(long pendingSince) {
        return Math.floorDiv(pendingSince, BUCKET_MILLIS) * BUCKET_MILLIS;
    }
}
