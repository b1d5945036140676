package dev.nyt.api.push;

import io.javalin.http.sse.SseClient;

/** A realtime client on {@code GET /api/v1/stream}: each event as an SSE event named by its type. */
public final class SseConnection extends PushConnection {

    private final SseClient client;

    public SseConnection(String userId, int capacity, SseClient client) {
        super(userId, capacity);
        this.client = client;
        client.onClose(this::close);
    }

    @Override
    protected void send(PushMessage message) {
        client.sendEvent(message.type(), message.json(), message.id() == null ? null : message.id().toString());
    }

    @Override
    protected void heartbeat() {
        client.sendComment("keep-alive");
    }

    @Override
    protected boolean isBroken() {
        return client.terminated();
    }

    @Override
    protected void closeTransport() {
        client.close();
    }
}
