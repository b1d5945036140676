package dev.nyt.api.push;

import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * How far a reader of {@code nyt-notifications} is: per partition, the offset after the last record it took
 * (the form the projector stores with the read model, {@code <prefix>_projector_offset.next_offset}). A
 * partition that is absent has been read up to offset 0, i.e. not at all.
 *
 * <p>The push consumer's position says which events its connections got live; the read model's says which
 * events a catch-up read from PostgreSQL reflects. Comparing the two is what makes a resume exact.
 */
public record StreamPosition(Map<Integer, Long> next) {

    public static final StreamPosition NONE = new StreamPosition(Map.of());

    public StreamPosition {
        next = Map.copyOf(next);
    }

    /** The offset after the last record taken from {@code partition}; 0 when none was. */
    public long next(int partition) {
        return next.getOrDefault(partition, 0L);
    }

    /** Whether the record at {@code offset} of {@code partition} is behind this position (was taken). */
    public boolean covers(int partition, long offset) {
        return offset < next(partition);
    }

    /** Whether {@code other} is at least as far as this on every partition this one has taken records from. */
    public boolean reachedBy(StreamPosition other) {
        for (Map.Entry<Integer, Long> entry : next.entrySet()) {
            if (other.next(entry.getKey()) < entry.getValue()) {
                return false;
            }
        }
        return true;
    }

    /** This position on {@code partitions} only. */
    public StreamPosition only(Set<Integer> partitions) {
        Map<Integer, Long> kept = new TreeMap<>(next);
        kept.keySet().retainAll(partitions);
        return new StreamPosition(kept);
    }

    @Override
    public String toString() {
        return new TreeMap<>(next).toString();
    }
}
