package dev.nyt.local;

import static org.assertj.core.api.Assertions.assertThat;

import dev.nyt.testing.TestKafka;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code ./nyt kafka <tool>} against the test broker, as an operator types it. */
class KafkaToolsIT {

    private static final Path REPOSITORY = Path.of("..").toAbsolutePath().normalize();

    @TempDir
    Path work;

    private record Run(int exitCode, String out, String err) {
    }

    @Test
    void kafkaTopicsListsTheTopicsOfTheBroker() throws Exception {
        String topic = TestKafka.uniqueName("tools-list");
        TestKafka.createTopics(1, topic);

        Run run = nyt("", "kafka-topics", "--bootstrap-server", TestKafka.bootstrapServers(), "--list");

        assertThat(run.exitCode()).as(run.err()).isZero();
        assertThat(run.out().lines()).contains(topic);
        assertThat(run.err()).doesNotContain("Building nyt-local");
    }

    @Test
    void theConsoleProducerWritesWhatTheConsoleConsumerReads() throws Exception {
        String topic = TestKafka.uniqueName("tools-console");
        TestKafka.createTopics(1, topic);

        Run produce = nyt("alice|hello\nbob|world\n", "kafka-console-producer",
                "--bootstrap-server", TestKafka.bootstrapServers(), "--topic", topic,
                "--reader-property", "parse.key=true", "--reader-property", "key.separator=|");
        Run consume = nyt("", "kafka-console-consumer",
                "--bootstrap-server", TestKafka.bootstrapServers(), "--topic", topic, "--from-beginning",
                "--formatter-property", "print.key=true", "--max-messages", "2", "--timeout-ms", "30000");

        assertThat(produce.exitCode()).as(produce.err()).isZero();
        assertThat(consume.exitCode()).as(consume.err()).isZero();
        assertThat(consume.out().lines()).containsExactly("alice\thello", "bob\tworld");
        assertThat(consume.err()).contains("Processed a total of 2 messages");
    }

    @Test
    void anUnknownToolIsRefusedWithTheListOfTools() throws Exception {
        Run run = nyt("", "kafka-topic");

        assertThat(run.exitCode()).isEqualTo(2);
        assertThat(run.err()).contains("Unknown Kafka tool: kafka-topic", "kafka-topics", "kafka-console-consumer");
    }

    private Run nyt(String input, String... args) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(List.of(REPOSITORY.resolve("nyt").toString(), "kafka"));
        command.addAll(List.of(args));
        Path in = Files.writeString(Files.createTempFile(work, "in", ".txt"), input);
        Path out = Files.createTempFile(work, "out", ".txt");
        Path err = Files.createTempFile(work, "err", ".txt");
        Process process = new ProcessBuilder(command)
                .directory(REPOSITORY.toFile())
                .redirectInput(in.toFile())
                .redirectOutput(out.toFile())
                .redirectError(err.toFile())
                .start();
        if (!process.waitFor(90, TimeUnit.SECONDS)) {
            process.destroyForcibly().waitFor();
            throw new AssertionError("./nyt kafka " + String.join(" ", args) + " did not finish in 90 s: "
                    + Files.readString(err, StandardCharsets.UTF_8));
        }
        return new Run(process.exitValue(), Files.readString(out, StandardCharsets.UTF_8),
                Files.readString(err, StandardCharsets.UTF_8));
    }
}
