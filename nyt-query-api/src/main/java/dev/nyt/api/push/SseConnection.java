package dev.nyt.api.push;

import io.javalin.http.sse.SseClient;

/**
 * A realtime client on {@code GET /api/v1/stream}: each message as an SSE event named by its type, with the
 * resume cursor as its SSE id when the message moves it (a browser's Last-Event-ID so never goes back).
 */
public final class SseConnection extends PushConnection {

    private final SseClient client;

    public SseConnection(String userId, int capacity, SseClient client) {
        super(userId, capacity);
        this.client = client;
        client.onClose(this::close);
    }

    @Override
    protected void send(PushMessage message) {
        Long id = message.lastEventId();
        client.sendEvent(message.type(), message.json(), id == null ? null : id.toString());
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
