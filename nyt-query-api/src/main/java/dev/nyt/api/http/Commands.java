package dev.nyt.api.http;

import dev.nyt.client.Nyt;
import dev.nyt.events.MarkViewed;
import dev.nyt.events.SubscriptionCommand;
import dev.nyt.events.Subscribe;
import dev.nyt.events.Unsubscribe;
import dev.nyt.events.UpsertSettings;
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

    void markViewed(MarkViewed command) {
        await(nyt.markRead(command));
    }

    void send(SubscriptionCommand command) {
        await(switch (command) {
            case Subscribe subscribe -> nyt.subscribe(subscribe);
            case Unsubscribe unsubscribe -> nyt.unsubscribe(unsubscribe);
            case UpsertSettings upsert -> nyt.upsertSettings(upsert);
            case dev.nyt.events.DeleteSettings delete -> nyt.deleteSettings(delete.userId(), delete.settingsId());
        });
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
