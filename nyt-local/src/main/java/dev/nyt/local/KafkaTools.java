package dev.nyt.local;

import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;

/**
 * {@code ./nyt kafka <tool> [args]}: the stock Apache Kafka command-line tools, run from the Kafka
 * jars on Maven Central, by the names of the scripts in Kafka's {@code bin/} (without {@code .sh}).
 * Each tool gets a quiet log configuration (warnings on standard error) unless
 * {@code -Dlogback.configurationFile} names another.
 */
public final class KafkaTools {

    /** One command: its script name, the class whose {@code main} runs it, and what it is for. */
    public record Tool(String name, String mainClass, String purpose) {
    }

    /** The tools, by the script names of Kafka 4.3 ({@code bin/<name>.sh} runs {@code <mainClass>}). */
    public static final List<Tool> TOOLS = List.of(
            new Tool("kafka-topics", "org.apache.kafka.tools.TopicCommand",
                    "list, describe, create, alter and delete topics"),
            new Tool("kafka-console-consumer", "org.apache.kafka.tools.consumer.ConsoleConsumer",
                    "print records of a topic"),
            new Tool("kafka-console-producer", "org.apache.kafka.tools.ConsoleProducer",
                    "write records to a topic, one a line"),
            new Tool("kafka-consumer-groups", "org.apache.kafka.tools.consumer.group.ConsumerGroupCommand",
                    "list and describe consumer groups, their lag; reset and delete offsets"),
            new Tool("kafka-streams-application-reset", "org.apache.kafka.tools.StreamsResetter",
                    "reset a Kafka Streams application to reprocess its input"),
            new Tool("kafka-transactions", "org.apache.kafka.tools.TransactionsCommand",
                    "list, describe and abort transactions"),
            new Tool("kafka-get-offsets", "org.apache.kafka.tools.GetOffsetShell",
                    "the offsets of topic partitions (earliest, latest, by time)"),
            new Tool("kafka-producer-perf-test", "org.apache.kafka.tools.ProducerPerformance",
                    "measure producer throughput and latency"),
            new Tool("kafka-consumer-perf-test", "org.apache.kafka.tools.ConsumerPerformance",
                    "measure consumer throughput"),
            new Tool("kafka-configs", "kafka.admin.ConfigCommand",
                    "describe and alter topic, broker, client and group configurations"),
            new Tool("kafka-delete-records", "org.apache.kafka.tools.DeleteRecordsCommand",
                    "delete records up to an offset"),
            new Tool("kafka-groups", "org.apache.kafka.tools.GroupsCommand",
                    "list groups of every type"),
            new Tool("kafka-streams-groups", "org.apache.kafka.tools.streams.StreamsGroupCommand",
                    "describe streams groups (the new Streams rebalance protocol)"),
            new Tool("kafka-broker-api-versions", "org.apache.kafka.tools.BrokerApiVersionsCommand",
                    "the API versions a broker supports (a health check)"),
            new Tool("kafka-metadata-quorum", "org.apache.kafka.tools.MetadataQuorumCommand",
                    "the state of the KRaft quorum"),
            new Tool("kafka-features", "org.apache.kafka.tools.FeatureCommand",
                    "describe and upgrade cluster features (metadata.version, ...)"),
            new Tool("kafka-log-dirs", "org.apache.kafka.tools.LogDirsCommand",
                    "the size of each partition on disk"),
            new Tool("kafka-dump-log", "org.apache.kafka.tools.DumpLogSegments",
                    "print the contents of log segment files"),
            new Tool("kafka-acls", "org.apache.kafka.tools.AclCommand",
                    "list, add and remove ACLs"),
            new Tool("kafka-leader-election", "org.apache.kafka.tools.LeaderElectionCommand",
                    "elect partition leaders"));

    /** nyt's own commands, run the same way. */
    public static final List<Tool> NYT_TOOLS = List.of(
            new Tool("local-broker", LocalKafkaMain.class.getName(),
                    "run a single-node broker on NYT_KAFKA_BOOTSTRAP, data in $NYT_STATE_DIR/kafka"));

    static final String TOOLS_LOG_CONFIG = "dev/nyt/local/tools-logback.xml";
    static final String LOCAL_LOG_CONFIG = "dev/nyt/local/local-logback.xml";
    private static final String LOG_CONFIG_PROPERTY = "logback.configurationFile";

    private KafkaTools() {
    }

    public static Optional<Tool> find(String name) {
        return java.util.stream.Stream.concat(TOOLS.stream(), NYT_TOOLS.stream())
                .filter(tool -> tool.name().equals(name))
                .findFirst();
    }

    public static void main(String[] args) throws Throwable {
        if (args.length == 0 || List.of("help", "-h", "--help").contains(args[0])) {
            System.out.print(usage());
            return;
        }
        Optional<Tool> tool = find(args[0]);
        if (tool.isEmpty()) {
            System.err.print("Unknown Kafka tool: " + args[0] + "\n\n" + usage());
            System.exit(2);
            return;
        }
        // before anything logs: the tools' own log lines are noise next to their output
        if (System.getProperty(LOG_CONFIG_PROPERTY) == null) {
            System.setProperty(LOG_CONFIG_PROPERTY, NYT_TOOLS.contains(tool.get()) ? LOCAL_LOG_CONFIG : TOOLS_LOG_CONFIG);
        }
        run(tool.get(), Arrays.copyOfRange(args, 1, args.length));
    }

    /** Runs the tool's {@code main} in this JVM, as Kafka's {@code kafka-run-class.sh} would. */
    static void run(Tool tool, String[] args) throws Throwable {
        Method main = Class.forName(tool.mainClass()).getMethod("main", String[].class);
        try {
            main.invoke(null, (Object) args);
        } catch (InvocationTargetException e) {
            throw e.getCause();
        }
    }

    static String usage() {
        StringBuilder text = new StringBuilder("""
                Usage: ./nyt kafka <tool> [args]   (each tool explains itself with --help)

                The Apache Kafka command-line tools, from the Kafka jars:
                """);
        TOOLS.forEach(tool -> text.append(String.format("  %-33s %s%n", tool.name(), tool.purpose())));
        text.append("\nnyt's own:\n");
        NYT_TOOLS.forEach(tool -> text.append(String.format("  %-33s %s%n", tool.name(), tool.purpose())));
        text.append("\nExample: ./nyt kafka kafka-topics --bootstrap-server localhost:9092 --list\n");
        return text.toString();
    }
}
