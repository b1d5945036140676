package dev.nyt.runtime;

import dev.nyt.events.InvalidEventException;
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
    public static final String FAILURES = "nyt.processing.failures";

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

    /**
     * Input a processor refuses (a {@link RefusedException}, or an {@link InvalidEventException} from an
     * event's own validation: bad input, the processor touched nothing)
     * is dead-lettered and processing goes on. Any other exception is a bug or a broken dependency,
     * and the processor may have forwarded or written part of its work: the task fails, so the
     * exactly-once transaction aborts and nothing half-done is committed, and the service stops
     * (not live on {@code /health/live}; counted in {@code nyt_processing_failures_total}) instead of
     * skipping the record. After the fix, it starts again from the last commit and the record is
     * processed again.
     */
    public static final class Refused extends LogAndContinueProcessingExceptionHandler {
        private static final org.slf4j.Logger log = org.slf4j.LoggerFactory.getLogger(Refused.class);
        private Counter counter;
        private Counter failures;

        @Override
        public void configure(Map<String, ?> configs) {
            super.configure(configs);
            counter = DeadLetters.counter(configs, "processing");
            if (configs.get(METER_REGISTRY_CONFIG) instanceof MeterRegistry meters) {
                failures = Counter.builder(FAILURES)
                        .description("Processing failures that stopped the service (not refused input: a bug or a broken dependency)")
                        .register(meters);
            }
        }

        @Override
        public Response handleError(ErrorHandlerContext context, Record<?, ?> record, Exception exception) {
            if (!refused(exception)) {
                if (failures != null) {
                    failures.increment();
                }
                log.error("Processing failed on a record that was not refused as bad input (processor {}, task {}, {}-{} "
                                + "offset {}): failing the task so its transaction aborts and nothing half-done is committed",
                        context.processorNodeId(), context.taskId(), context.topic(), context.partition(), context.offset(),
                        exception);
                return Response.fail();
            }
            if (counter != null) {
                counter.increment();
            }
            return super.handleError(context, record, exception);
        }

        static boolean refused(Throwable exception) {
            for (Throwable t = exception; t != null; t = t.getCause()) {
                if (t instanceof RefusedException || t instanceof InvalidEventException) {
                    return true;
                }
            }
            return false;
        }
    }
}
