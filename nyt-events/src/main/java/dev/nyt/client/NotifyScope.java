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

    private static final ThreadLocal<int[]> DEPTH = ThreadLocal.withInitial(() -> new int[1]);

    private final Thread owner = Thread.currentThread();
    private boolean closed;

    NotifyScope() {
        DEPTH.get()[0]++;
    }

    static boolean active() {
        return DEPTH.get()[0] > 0;
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
