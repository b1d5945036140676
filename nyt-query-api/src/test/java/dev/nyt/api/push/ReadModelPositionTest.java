package dev.nyt.api.push;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.nyt.api.push.ReadModelPosition.Outcome;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Waiting for the read model to reach a live position: one reader, only while someone waits, bounded waits. */
class ReadModelPositionTest {

    private static final StreamPosition TARGET = new StreamPosition(Map.of(0, 10L));

    private final AtomicReference<StreamPosition> stored = new AtomicReference<>(new StreamPosition(Map.of(0, 4L)));
    private final AtomicBoolean failing = new AtomicBoolean();
    private final AtomicInteger reads = new AtomicInteger();
    private final ExecutorService waiters = Executors.newVirtualThreadPerTaskExecutor();
    private ReadModelPosition position;

    private ReadModelPosition position(Duration interval) {
        position = new ReadModelPosition(() -> {
            reads.incrementAndGet();
            if (failing.get()) {
                throw new IllegalStateException("the database is down");
            }
            return stored.get();
        }, interval);
        return position;
    }

    private CompletableFuture<Outcome> waitFor(StreamPosition target, Duration timeout) {
        return CompletableFuture.supplyAsync(() -> {
            try {
                return position.await(target, timeout);
            } catch (InterruptedException e) {
                throw new IllegalStateException(e);
            }
        }, waiters);
    }

    @AfterEach
    void close() {
        waiters.shutdownNow();
        position.close();
    }

    @Test
    void answersOnceTheReadModelGetsThere() {
        position(Duration.ofMillis(5));
        CompletableFuture<Outcome> waiting = waitFor(TARGET, Duration.ofSeconds(30));
        await("the read model read while behind").atMost(Duration.ofSeconds(5)).until(() -> reads.get() >= 2);
        assertThat(waiting).isNotDone();

        stored.set(new StreamPosition(Map.of(0, 10L, 1, 3L)));

        assertThat(waiting).succeedsWithin(Duration.ofSeconds(5)).isEqualTo(Outcome.REACHED);
    }

    @Test
    void answersBehindWhenItDoesNotGetThereInTime() throws InterruptedException {
        assertThat(position(Duration.ofMillis(5)).await(TARGET, Duration.ofMillis(100))).isEqualTo(Outcome.BEHIND);
    }

    @Test
    void answersUnavailableWhenItCannotBeRead() throws InterruptedException {
        failing.set(true);

        assertThat(position(Duration.ofMillis(5)).await(TARGET, Duration.ofMillis(100))).isEqualTo(Outcome.UNAVAILABLE);
    }

    @Test
    void manyWaitersShareOneRead() {
        // Given a read model that is already there, and a reader that reads at most once an hour
        stored.set(TARGET);
        position(Duration.ofHours(1));

        // When 50 streams wait at once
        List<CompletableFuture<Outcome>> waiting = new ArrayList<>();
        for (int i = 0; i < 50; i++) {
            waiting.add(waitFor(TARGET, Duration.ofSeconds(30)));
        }

        // Then one read answered them all
        for (CompletableFuture<Outcome> each : waiting) {
            assertThat(each).succeedsWithin(Duration.ofSeconds(5)).isEqualTo(Outcome.REACHED);
        }
        assertThat(reads).hasValue(1);
    }

    @Test
    void readsNothingWhileNobodyWaits() throws InterruptedException {
        stored.set(TARGET);
        position(Duration.ofMillis(1));
        assertThat(position.await(TARGET, Duration.ofSeconds(5))).isEqualTo(Outcome.REACHED);
        int afterTheWait = reads.get();

        await("no reads without waiters").during(Duration.ofMillis(200)).atMost(Duration.ofSeconds(2))
                .until(() -> reads.get() <= afterTheWait + 1);
    }
}
