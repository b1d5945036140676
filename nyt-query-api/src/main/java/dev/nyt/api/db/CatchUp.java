package dev.nyt.api.db;

import java.util.List;
import java.util.Map;

/**
 * What a realtime client missed, from one snapshot of the read model.
 *
 * @param projected     how far the projector had written {@code nyt-notifications}: per partition, the next offset
 * @param newestId      the caller's newest notification id; null when it has none
 * @param notifications the caller's notifications above the client's cursor, oldest first
 * @param counts        the caller's badge counts in the same snapshot
 */
public record CatchUp(Map<Integer, Long> projected, Long newestId, List<NotificationRow> notifications,
                      InboxCounts counts) {

    public CatchUp {
        projected = Map.copyOf(projected);
        notifications = List.copyOf(notifications);
    }
}
