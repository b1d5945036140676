package dev.nyt.api.push;

import io.javalin.websocket.WsContext;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.eclipse.jetty.websocket.api.Callback;

/** A realtime client on the WebSocket {@code /nyt}: each event as one text frame of its JSON. */
public final class WsConnection extends PushConnection {

    private static final long SEND_TIMEOUT_SECONDS = 10;
    private final WsContext ctx;

    public WsConnection(String userId, int capacity, WsContext ctx) {
        super(userId, capacity);
        this.ctx = ctx;
    }

    /** Waits for Jetty to have written the frame, so the bounded queue really bounds what a client holds. */
    @Override
    protected void send(PushMessage message) {
        CompletableFuture<Void> written = new CompletableFuture<>();
        ctx.session.sendText(message.json(), Callback.from(() -> written.complete(null), written::completeExceptionally));
        try {
            written.get(SEND_TIMEOUT_SECONDS, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while sending", e);
        } catch (ExecutionException | TimeoutException e) {
            throw new IllegalStateException("could not send to the WebSocket client", e);
        }
    }

    @Override
    protected void heartbeat() {
        ctx.sendPing();
    }

    @Override
    protected boolean isBroken() {
        return !ctx.session.isOpen();
    }

    @Override
    protected void closeTransport() {
        if (ctx.session.isOpen()) {
            ctx.closeSession(1013, "try again later");
        }
    }
}
