package dev.nyt.local;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;

class LocalKafkaConfigTest {

    @Test
    void defaultsToLocalhost9092UnderTheTemporaryStateDirectory() {
        LocalKafkaConfig config = LocalKafkaConfig.fromEnv(Map.of());

        assertThat(config.bootstrapServers()).isEqualTo("localhost:9092");
        assertThat(config.home()).isEqualTo(Path.of(System.getProperty("java.io.tmpdir"), "nyt-state", "kafka").toAbsolutePath());
        assertThat(config.dataDir()).isEqualTo(config.home().resolve("data"));
        assertThat(config.logFile()).isEqualTo(config.home().resolve("broker.log"));
    }

    @Test
    void listensWhereTheServicesLookAndKeepsDataUnderTheirStateDirectory() {
        LocalKafkaConfig config = LocalKafkaConfig.fromEnv(Map.of(
                "NYT_KAFKA_BOOTSTRAP", " 127.0.0.1:19092 ",
                "NYT_STATE_DIR", "/var/lib/nyt"));

        assertThat(config.host()).isEqualTo("127.0.0.1");
        assertThat(config.port()).isEqualTo(19092);
        assertThat(config.dataDir()).isEqualTo(Path.of("/var/lib/nyt/kafka/data"));
    }

    @Test
    void keepsBracketsAroundAnIpv6Host() {
        LocalKafkaConfig config = LocalKafkaConfig.fromEnv(Map.of("NYT_KAFKA_BOOTSTRAP", "[::1]:9092"));

        assertThat(config.host()).isEqualTo("::1");
        assertThat(config.bootstrapServers()).isEqualTo("[::1]:9092");
    }

    @Test
    void refusesABootstrapItCannotListenOnNamingTheVariable() {
        for (String bad : new String[] {"localhost", "localhost:", ":9092", "localhost:0", "localhost:70000", "localhost:x"}) {
            assertThatThrownBy(() -> LocalKafkaConfig.fromEnv(Map.of("NYT_KAFKA_BOOTSTRAP", bad)))
                    .as(bad)
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("NYT_KAFKA_BOOTSTRAP")
                    .hasMessageContaining(bad);
        }
        assertThatThrownBy(() -> LocalKafkaConfig.fromEnv(Map.of("NYT_KAFKA_BOOTSTRAP", "a:9092,b:9092")))
                .hasMessageContaining("NYT_KAFKA_BOOTSTRAP names several servers");
    }

    @Test
    void brokerIsOneCombinedNodeThatRunsTransactionsAndNeverCreatesTopicsOnFirstUse() {
        LocalKafkaConfig config = new LocalKafkaConfig("localhost", 19092, Path.of("/tmp/x/kafka"));

        Map<String, String> props = LocalKafka.brokerProperties(config, 40000);

        assertThat(props)
                .containsEntry("process.roles", "broker,controller")
                .containsEntry("controller.quorum.voters", "1@localhost:40000")
                .containsEntry("listeners", "PLAINTEXT://localhost:19092,CONTROLLER://localhost:40000")
                .containsEntry("advertised.listeners", "PLAINTEXT://localhost:19092")
                .containsEntry("log.dirs", "/tmp/x/kafka/data")
                .containsEntry("auto.create.topics.enable", "false")
                .containsEntry("offsets.topic.replication.factor", "1")
                .containsEntry("transaction.state.log.replication.factor", "1")
                .containsEntry("transaction.state.log.min.isr", "1")
                .containsEntry("min.insync.replicas", "1");
    }

    @Test
    void brokerHoldsATransactionsFirstProduceUntilThePreviousTransactionIsComplete() {
        LocalKafkaConfig config = new LocalKafkaConfig("localhost", 19092, Path.of("/tmp/x/kafka"));

        Map<String, String> props = LocalKafka.brokerProperties(config, 40000);

        assertThat(props).containsEntry("add.partitions.to.txn.retry.backoff.max.ms", "10000");
    }
}
