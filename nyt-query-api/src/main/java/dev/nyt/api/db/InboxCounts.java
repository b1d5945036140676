package dev.nyt.api.db;

/**
 * The badge counts of one user: {@code unread} notifications (not read, not archived) and {@code unseen} ones
 * (not seen, not archived; read implies seen, so unseen is never more than unread).
 */
public record InboxCounts(long unread, long unseen) {

    public static final InboxCounts NONE = new InboxCounts(0, 0);
}
