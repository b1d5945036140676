package dev.nyt.runtime;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.nyt.events.topic.Topics;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.nio.file.Files;
import java.util.Properties;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.StreamsBuilder;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.TestInputTopic;
import org.apache.kafka.streams.TestOutputTopic;
import org.apache.kafka.streams.TopologyTestDriver;
import org.apache.kafka.streams.errors.StreamsException;
import org.apache.kafka.streams.kstream.Consumed;
import org.apache.kafka.streams.kstream.Named;
import org.apache.kafka.streams.kstream.Produced;
import org.apache.kafka.streams.processor.api.FixedKeyProcessor;
import org.apache.kafka.streams.processor.api.FixedKeyProcessorContext;
import org.apache.kafka.streams.processor.api.FixedKeyRecord;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The processing exception handler nyt's services run with (issue 14 part 2): refused input is
 * dead-lettered and processing goes on; any other exception fails the task, with nothing
 * dead-lettered (under exactly-once the task's open transaction, with what it forwarded before the
 * exception, aborts; the driver here runs at-least-once and shows the failure itself).
 */
class FailStopTest {

    private final SimpleMeterRegistry registry = new SimpleMeterRegistry();
    private final Topics topics = Topics.withPrefix("");
    private TopologyTestDriver driver;
    private TestInputTopic<String, String> in;
    private TestOutputTopic<String, String> out;
    private TestOutputTopic<byte[], byte[]> dead;

    /** Forwards "before <value>", then refuses values starting "refuse", fails on "bug", else forwards the value. */
    private static final class HalfWay implements FixedKeyProcessor<String, String, String> {
        private FixedKeyProcessorContext<String, String> context;

        @Override
        public void init(FixedKeyProcessorContext<String, String> context) {
            this.context = context;
        }

        @Override
        public void process(FixedKeyRecord<String, String> record) {
            if (record.value().startsWith("refuse")) {
                throw new RefusedException("refused: " + record.value());
            }
            context.forward(record.withValue("before " + record.value()));
            if (record.value().startsWith("bug")) {
                throw new IllegalStateException("a bug in the middle of the work");
            }
            context.forward(record);
        }
    }

    @BeforeEach
    void start() throws Exception {
        Properties props = StreamsProps.base("fail-stop",
                new KafkaConfig("unused:9092", topics, 1, (short) 1, Files.createTempDirectory("nyt-fail-stop")), registry);
        props.put(StreamsConfig.PROCESSING_GUARANTEE_CONFIG, StreamsConfig.AT_LEAST_ONCE);
        StreamsBuilder builder = new StreamsBuilder();
        builder.stream("in", Consumed.with(Serdes.String(), Serdes.String()).withName("in-source"))
                .processValues(HalfWay::new, Named.as("half-way"))
                .to("out", Produced.with(Serdes.String(), Serdes.String()).withName("out-sink"));
        driver = new TopologyTestDriver(builder.build(), props);
        in = driver.createInputTopic("in", Serdes.String().serializer(), Serdes.String().serializer());
        out = driver.createOutputTopic("out", Serdes.String().deserializer(), Serdes.String().deserializer());
        dead = driver.createOutputTopic(topics.deadLetter().name(), Serdes.ByteArray().deserializer(),
                Serdes.ByteArray().deserializer());
    }

    @AfterEach
    void stop() {
        driver.close();
    }

    @Test
    void refusedInputIsDeadLetteredAndTheNextRecordIsProcessed() {
        in.pipeInput("k", "refuse me");
        in.pipeInput("k", "fine");

        assertThat(out.readValuesToList()).containsExactly("before fine", "fine");
        assertThat(dead.readValuesToList()).extracting(String::new).containsExactly("refuse me");
        assertThat(registry.get(DeadLetters.COUNTER).counter().count()).isEqualTo(1);
        assertThat(registry.find(DeadLetters.FAILURES).counter().count()).isZero();
    }

    @Test
    void anyOtherExceptionFailsTheTaskAndIsNotDeadLettered() {
        assertThatThrownBy(() -> in.pipeInput("k", "bug here")).isInstanceOf(StreamsException.class)
                .hasRootCauseInstanceOf(IllegalStateException.class);

        assertThat(dead.isEmpty()).as("nothing dead-lettered: the record is processed again after the fix").isTrue();
        assertThat(registry.get(DeadLetters.FAILURES).counter().count()).isEqualTo(1);
        assertThat(registry.get(DeadLetters.COUNTER).counter().count()).isZero();
    }

    @Test
    void refusalIsFoundInTheCauseChain() {
        assertThat(DeadLetters.Refused.refused(new StreamsException(new RefusedException("no")))).isTrue();
        assertThat(DeadLetters.Refused.refused(new StreamsException(new dev.nyt.events.InvalidEventException("key", "is not the value's"))))
                .isTrue();
        assertThat(DeadLetters.Refused.refused(new StreamsException(new IllegalArgumentException("bug")))).isFalse();
    }
}
