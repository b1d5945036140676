package dev.nyt.runtime;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.Map;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.streams.errors.ErrorHandlerContext;
import org.apache.kafka.streams.errors.LogAndContinueExceptionHandler;
import org.apache.kafka.streams.errors.LogAndContinueProcessingExceptionHandler;
import org.apache.kafka.streams.processor.api.Record;

/**
 * Kafka Streams' own dead-letter support (KIP-1034), counted: a record that cannot be read or is
 * refused by a processor goes, as the raw bytes received, to {@code nyt-dead-letter} with the
 * headers {@code __streams.errors.topic}, {@code .partition}, {@code .offset}, {@code .exception}
 * and {@code .message}; the metric {@code nyt_dead_letters_total} counts it; processing continues.
 */
public final class DeadLetters {

    /** The config key under which {@link StreamsProps} hands the meter registry to the handlers. */
    public static final String METER_REGISTRY_CONFIG = "nyt.meter.registry";
    public static final String COUNTER = "nyt.dead.letters";

    private DeadLetters() {
    }

    static Counter counter(Map<String, ?> configs, String stage) {
        Object registry = configs.get(METER_REGISTRY_CONFIG);
        if (registry instanceof MeterRegistry meters) {
            return Counter.builder(COUNTER).tag("stage", stage)
                    .description("Records sent to the dead-letter topic").register(meters);
        }
        return null;
    }

    /** Bytes that do not deserialize into the topic's event type. */
    public static final class Unreadable extends LogAndContinueExceptionHandler {
        private Counter counter;

        @Override
        public void configure(Map<String, ?> configs) {
            super.configure(configs);
            counter = DeadLetters.counter(configs, "deserialization");
        }

        @Override
        public Response handleError(ErrorHandlerContext context, ConsumerRecord<byte[], byte[]> record, Exception exception) {
            if (counter != null) {
                counter.increment();
            }
            return super.handleError(context, record, exception);
        }
    }

    /** Events a processor refuses (a {@link RefusedException}) or fails on. */
    public static final class Refused extends LogAndContinueProcessingExceptionHandler {
        private Counter counter;

        @Override
        public void configure(Map<String, ?> configs) {
            super.configure(configs);
            counter = DeadLetters.counter(configs, "processing");
        }

        @Override
        public Response handleError(ErrorHandlerContext context, Record<?, ?> record, Exception exception) {
            if (counter != null) {
                counter.increment();
            }
            return super.handleError(context, record, exception);
        }
    }
}
