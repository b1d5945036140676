package dev.nyt.api.projector;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Future;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.MockProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.errors.TimeoutException;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.junit.jupiter.api.Test;

/** A dead letter that cannot be sent is tried again, so the projector neither stops for good nor skips it (issue 14). */
class DeadLetterSinkTest {

    /** Fails the first {@code failures} sends as an unreachable broker would, then sends. */
    private static final class FlakyProducer extends MockProducer<byte[], byte[]> {
        private int failures;

        FlakyProducer(int failures) {
            super(true, null, new ByteArraySerializer(), new ByteArraySerializer());
            this.failures = failures;
        }

        @Override
        public synchronized Future<RecordMetadata> send(ProducerRecord<byte[], byte[]> record) {
            if (failures-- > 0) {
                return CompletableFuture.failedFuture(new TimeoutException("broker unreachable"));
            }
            return super.send(record);
        }
    }

    private final SimpleMeterRegistry registry = new SimpleMeterRegistry();
    private final ConsumerRecord<byte[], byte[]> record = new ConsumerRecord<>("nyt-notifications", 2, 41L,
            "alice".getBytes(StandardCharsets.UTF_8), "{not json".getBytes(StandardCharsets.UTF_8));

    @Test
    void aFailedSendIsTriedAgainUntilTheBrokerTakesIt() {
        FlakyProducer producer = new FlakyProducer(3);
        DeadLetterSink sink = new DeadLetterSink(producer, "nyt-dead-letter", registry, Duration.ofMillis(1));

        sink.send(record, new IllegalArgumentException("unreadable"));

        assertThat(producer.history()).singleElement().satisfies(letter -> {
            assertThat(letter.topic()).isEqualTo("nyt-dead-letter");
            assertThat(new String(letter.value(), StandardCharsets.UTF_8)).isEqualTo("{not json");
            assertThat(new String(letter.headers().lastHeader(DeadLetterSink.OFFSET).value(), StandardCharsets.UTF_8))
                    .isEqualTo("41");
        });
        assertThat(registry.get("nyt.dead.letter.send.failures").counter().count()).isEqualTo(3);
        assertThat(registry.get("nyt.dead.letters").counter().count()).isEqualTo(1);
    }

    @Test
    void whenTheProjectorStopsAnUnsentLetterFailsInsteadOfBlockingTheStop() {
        FlakyProducer producer = new FlakyProducer(Integer.MAX_VALUE);
        DeadLetterSink sink = new DeadLetterSink(producer, "nyt-dead-letter", registry, Duration.ofMillis(1));
        sink.stopping();

        assertThatThrownBy(() -> sink.send(record, new IllegalArgumentException("unreadable")))
                .hasMessageContaining("before stopping");
        assertThat(producer.history()).isEmpty();
        assertThat(registry.get("nyt.dead.letters").counter().count()).isZero();
    }
}
