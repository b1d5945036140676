package dev.nyt.api.push;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;

/** A realtime connection for tests: records what it is sent; a stuck one holds its writes until closed or released. */
final class FakeConnection extends PushConnection {
    final List<PushMessage> sent = new CopyOnWriteArrayList<>();
    final CountDownLatch blocked;

    FakeConnection(String user, int capacity, boolean stuck) {
        super(user, capacity);
        this.blocked = new CountDownLatch(stuck ? 1 : 0);
    }

    @Override
    protected void send(PushMessage message) {
        try {
            blocked.await();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        sent.add(message);
    }

    /** The notification ids of the creations it was sent, in order. */
    List<Long> createdIds() {
        return sent.stream().filter(PushMessage::creation).map(PushMessage::notificationId).toList();
    }

    @Override
    protected void heartbeat() {
    }

    @Override
    protected boolean isBroken() {
        return false;
    }

    @Override
    protected void closeTransport() {
        blocked.countDown();
    }
}
