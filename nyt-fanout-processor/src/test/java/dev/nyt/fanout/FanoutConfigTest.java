package dev.nyt.fanout;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.nyt.runtime.ConfigException;
import dev.nyt.runtime.Env;
import java.time.Duration;
import java.util.Map;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.streams.StreamsConfig;
import org.junit.jupiter.api.Test;

class FanoutConfigTest {

    @Test
    void defaultsComeFromTheDocumentedConstants() {
        FanoutConfig config = FanoutConfig.fromEnv(new Env(Map.of()));

        assertThat(config.streamThreads()).isEqualTo(FanoutConfig.DEFAULT_STREAM_THREADS);
        assertThat(config.commitInterval()).isEqualTo(Duration.ofMillis(FanoutConfig.DEFAULT_COMMIT_INTERVAL_MS));
    }

    @Test
    void theEnvironmentSetsThreadsAndCommitInterval() {
        FanoutConfig config = FanoutConfig.fromEnv(new Env(Map.of(
                "NYT_STREAM_THREADS", "4", "NYT_FANOUT_COMMIT_INTERVAL_MS", "250")));

        assertThat(FanoutService.streamsOverrides(config)).containsEntry(StreamsConfig.NUM_STREAM_THREADS_CONFIG, 4)
                .containsEntry(StreamsConfig.COMMIT_INTERVAL_MS_CONFIG, 250L)
                .containsEntry(StreamsConfig.producerPrefix(ProducerConfig.COMPRESSION_TYPE_CONFIG), "none");
    }

    @Test
    void aBadCommitIntervalNamesTheVariable() {
        assertThatThrownBy(() -> FanoutConfig.fromEnv(new Env(Map.of("NYT_FANOUT_COMMIT_INTERVAL_MS", "0"))))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("NYT_FANOUT_COMMIT_INTERVAL_MS");
        assertThatThrownBy(() -> FanoutConfig.fromEnv(new Env(Map.of("NYT_FANOUT_COMMIT_INTERVAL_MS", "soon"))))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("NYT_FANOUT_COMMIT_INTERVAL_MS");
    }
}
