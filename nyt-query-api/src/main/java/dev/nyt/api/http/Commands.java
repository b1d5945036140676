package dev.nyt.api.http;

import dev.nyt.client.Nyt;
import dev.nyt.events.StatusCommand;
import dev.nyt.events.SubscriptionCommand;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/** Publishes the API's writes through the {@link Nyt} client and waits for Kafka's acknowledgement. */
public final class Commands {

    private final Nyt nyt;
    private final Duration timeout;

    public Commands(Nyt nyt, Duration timeout) {
        this.nyt = nyt;
        this.timeout = timeout;
    }

    /** A state change of the caller's notifications, on nyt-notification-status. */
    void status(StatusCommand command) {
        await(nyt.status(command));
    }

    /** Sends the command with its command id, so the registry answers it on nyt-command-outcomes. */
    void send(SubscriptionCommand command, String commandId) {
        await(nyt.command(command, commandId));
    }

    private void await(CompletableFuture<?> sent) {
        try {
            sent.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new PublishException("interrupted", e);
        } catch (ExecutionException e) {
            throw new PublishException(String.valueOf(e.getCause().getMessage()), e.getCause());
        } catch (TimeoutException e) {
            throw new PublishException("no acknowledgement within " + timeout, e);
        }
    }
}
