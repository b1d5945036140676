package dev.nyt.local;

import org.apache.kafka.common.utils.Exit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs the local broker in the foreground until SIGTERM or Ctrl-C ({@code ./nyt kafka local-broker}):
 * listens on {@code NYT_KAFKA_BOOTSTRAP}, keeps its data in {@code $NYT_STATE_DIR/kafka}.
 */
public final class LocalKafkaMain {

    private static final Logger log = LoggerFactory.getLogger(LocalKafkaMain.class);

    private LocalKafkaMain() {
    }

    public static void main(String[] args) {
        LocalKafkaConfig config;
        try {
            config = LocalKafkaConfig.fromEnv(System.getenv());
        } catch (IllegalArgumentException e) {
            System.err.println("The local Kafka broker cannot start: " + e.getMessage());
            System.exit(2);
            return;
        }
        // The broker stops the JVM on a fatal fault; say why on the console before it does.
        Exit.setHaltProcedure((code, message) -> {
            System.err.println("The Kafka broker stopped the JVM (" + code + "): " + message
                    + "; see " + config.logFile());
            Runtime.getRuntime().halt(code);
        });
        LocalKafka kafka;
        try {
            kafka = LocalKafka.start(config);
        } catch (IllegalStateException e) {
            log.error("{}", e.getMessage());
            System.exit(1);
            return;
        }
        Runtime.getRuntime().addShutdownHook(new Thread(kafka::close, "nyt-local-kafka-stop"));
        log.info("Stop it with Ctrl-C; its data stays in {}", config.home());
        kafka.awaitShutdown();
    }
}
