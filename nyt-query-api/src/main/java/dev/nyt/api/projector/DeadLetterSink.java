package dev.nyt.api.projector;

import dev.nyt.runtime.KafkaClients;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.header.Headers;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Sends a record the projector cannot apply to {@code nyt-dead-letter}: the raw key and value as received,
 * the original headers, and the headers Kafka Streams uses for the same purpose (KIP-1034), so one tool
 * reads every nyt dead letter.
 */
final class DeadLetterSink implements AutoCloseable {

    static final String TOPIC = "__streams.errors.topic";
    static final String PARTITION = "__streams.errors.partition";
    static final String OFFSET = "__streams.errors.offset";
    static final String EXCEPTION = "__streams.errors.exception";
    static final String MESSAGE = "__streams.errors.message";
    static final String STACKTRACE = "__streams.errors.stacktrace";

    private static final Logger log = LoggerFactory.getLogger(DeadLetterSink.class);
    private static final Duration MAX_BACKOFF = Duration.ofSeconds(5);

    private final Producer<byte[], byte[]> producer;
    private final String topic;
    private final Counter counter;
    private final Counter sendFailures;
    private final Duration firstBackoff;
    private volatile boolean stopping;

    DeadLetterSink(Producer<byte[], byte[]> producer, String topic, MeterRegistry registry) {
        this(producer, topic, registry, Duration.ofMillis(250));
    }

    /** @param firstBackoff how long to wait before sending a failed dead letter again (doubling up to 5 s) */
    DeadLetterSink(Producer<byte[], byte[]> producer, String topic, MeterRegistry registry, Duration firstBackoff) {
        this.producer = producer;
        this.topic = topic;
        this.firstBackoff = firstBackoff;
        this.sendFailures = Counter.builder("nyt.dead.letter.send.failures")
                .description("Attempts to send a dead letter that failed (each is tried again)").register(registry);
        this.counter = Counter.builder("nyt.dead.letters").tag("stage", "projector")
                .description("Records sent to the dead-letter topic").register(registry);
    }

    static DeadLetterSink create(KafkaClients clients, String topic, MeterRegistry registry) {
        Map<String, Object> config = Map.of(
                ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true,
                ProducerConfig.ACKS_CONFIG, "all");
        Map<String, String> owned = Map.of(
                ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, "a dead letter is written once",
                ProducerConfig.ACKS_CONFIG, "the projector moves past a record once its dead letter is safe");
        return new DeadLetterSink(clients.producer("dead-letters", config, owned, new ByteArraySerializer(),
                new ByteArraySerializer()), topic, registry);
    }

    /**
     * Sends and waits for the acknowledgement, so the record is safe before the projector moves past it
     * (a crash in between sends it twice, never zero times). A failed send (the broker unreachable, the
     * topic not writable) is tried again with backoff for as long as the projector runs: the projector
     * waits on it rather than stopping for good or moving past the record.
     */
    void send(ConsumerRecord<byte[], byte[]> record, Exception error) {
        ProducerRecord<byte[], byte[]> letter = new ProducerRecord<>(topic, null, record.key(), record.value(), record.headers());
        Headers headers = letter.headers();
        headers.remove(TOPIC).remove(PARTITION).remove(OFFSET).remove(EXCEPTION).remove(MESSAGE).remove(STACKTRACE);
        headers.add(TOPIC, bytes(record.topic()));
        headers.add(PARTITION, bytes(Integer.toString(record.partition())));
        headers.add(OFFSET, bytes(Long.toString(record.offset())));
        headers.add(EXCEPTION, bytes(error.getClass().getName()));
        headers.add(MESSAGE, bytes(String.valueOf(error.getMessage())));
        Duration backoff = firstBackoff;
        for (int attempt = 1; ; attempt++) {
            try {
                producer.send(letter).get(30, TimeUnit.SECONDS);
                break;
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("Interrupted while sending a dead letter", e);
            } catch (ExecutionException | TimeoutException | KafkaException e) {
                sendFailures.increment();
                if (stopping) {
                    throw new IllegalStateException("Could not send a dead letter to " + topic + " before stopping", e);
                }
                if (attempt == 1 || attempt % 10 == 0) {
                    log.warn("Could not send the dead letter of {}-{}@{} to {} (attempt {}), trying again: {}",
                            record.topic(), record.partition(), record.offset(), topic, attempt, e.toString());
                }
                sleep(backoff);
                backoff = backoff.multipliedBy(2).compareTo(MAX_BACKOFF) > 0 ? MAX_BACKOFF : backoff.multipliedBy(2);
            }
        }
        counter.increment();
        log.warn("Sent {}-{}@{} to {}: {}", record.topic(), record.partition(), record.offset(), topic, error.getMessage());
    }

    private static void sleep(Duration duration) {
        try {
            Thread.sleep(duration);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("Interrupted while waiting to send a dead letter again", e);
        }
    }

    private static byte[] bytes(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }

    /** The projector stops: a dead letter that cannot be sent now fails instead of being tried again. */
    void stopping() {
        stopping = true;
    }

    @Override
    public void close() {
        producer.close(Duration.ofSeconds(10));
    }
}
