package dev.nyt.jmh;

import dev.nyt.events.Subscribe;
import dev.nyt.events.SubscriptionCommand;
import dev.nyt.events.topic.Topic;
import dev.nyt.events.topic.Topics;
import dev.nyt.runtime.Rerouting;
import dev.nyt.runtime.Rerouting.KeyOf;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Instant;
import java.util.Properties;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.streams.StreamsBuilder;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.TestInputTopic;
import org.apache.kafka.streams.TestOutputTopic;
import org.apache.kafka.streams.TopologyTestDriver;
import org.apache.kafka.streams.kstream.KStream;
import org.apache.kafka.streams.kstream.Produced;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;

/**
 * What reading an input through {@link Rerouting#owned} costs a record already on its partition
 * (issue 13): one subscription command from the topic to a sink, read plainly ({@code plain}) or
 * through the key check and the partition filters ({@code rerouting}, one partition configured,
 * so every record is local, as with murmur2 producers). The difference is the added cost per
 * record; both pay the driver's own per-record work (deserializing, piping, the sink).
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@State(Scope.Benchmark)
public class ReroutingBench {

    @Param({"plain", "rerouting"})
    public String read;

    private final Topic<String, SubscriptionCommand> topic = Topics.withPrefix("").subscriptionRequests();
    private TopologyTestDriver driver;
    private TestInputTopic<String, byte[]> input;
    private TestOutputTopic<String, String> output;
    private byte[] value;
    private long clock = Instant.parse("2026-11-23T10:00:00Z").toEpochMilli();

    @Setup(Level.Trial)
    public void setup() {
        StreamsBuilder builder = new StreamsBuilder();
        KStream<String, SubscriptionCommand> stream = read.equals("plain")
                ? builder.stream(topic.name(), topic.consumed())
                : Rerouting.owned(builder, topic, "bench", 1, KeyOf.of("userId", SubscriptionCommand::userId),
                        new SimpleMeterRegistry());
        stream.mapValues(SubscriptionCommand::userId).to("out", Produced.with(Serdes.String(), Serdes.String()));
        Properties props = new Properties();
        props.put(StreamsConfig.APPLICATION_ID_CONFIG, "jmh-rerouting");
        props.put(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, "unused:9092");
        driver = new TopologyTestDriver(builder.build(), props);
        input = driver.createInputTopic(topic.name(), new StringSerializer(), new ByteArraySerializer());
        output = driver.createOutputTopic("out", Serdes.String().deserializer(), Serdes.String().deserializer());
        value = topic.valueSerde().serializer().serialize(topic.name(), Subscribe.of("user-42", "comment/new"));
    }

    @TearDown(Level.Trial)
    public void tearDown() {
        driver.close();
    }

    @Benchmark
    public String oneRecord() {
        input.pipeInput("user-42", value, ++clock);
        return output.readValue();
    }
}
