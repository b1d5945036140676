package dev.nyt.client;

/**
 * django-nyt's {@code @disable_notify} as a try-with-resources scope: while it is open,
 * {@link Nyt#notify} on this thread sends nothing. Scopes nest; notify comes back when the
 * outermost one closes.
 *
 * <pre>{@code
 * try (var quiet = Nyt.disableNotify()) {
 *     importer.run(); // no notifications for the bulk import
 * }
 * }</pre>
 */
public final class NotifyScope implements AutoCloseable {

    private static final ThreadLocal<int[]> DEPTH = new ThreadLocal<>();

    private final Thread owner = Thread.currentThread();
    private boolean closed;

    NotifyScope() {
        int[] depth = DEPTH.get();
        if (depth == null) {
            depth = new int[1];
            DEPTH.set(depth);
        }
        depth[0]++;
    }

    static boolean active() {
        int[] depth = DEPTH.get();
        return depth != null && depth[0] > 0;
    }

    @Override
    public void close() {
        if (closed) {
            return;
        }
        if (Thread.currentThread() != owner) {
            throw new IllegalStateException("a notify scope must be closed on the thread that opened it");
        }
        closed = true;
        int[] depth = DEPTH.get();
        if (--depth[0] == 0) {
            DEPTH.remove();
        }
    }
}
