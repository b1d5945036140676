package dev.nyt.digest;

import static org.assertj.core.api.Assertions.assertThat;

import dev.nyt.digest.config.DigestConfig;
import dev.nyt.digest.mail.SendPool;
import dev.nyt.digest.metrics.DigestMetrics;
import dev.nyt.digest.schedule.DigestRuntime;
import dev.nyt.digest.state.DigestStores;
import dev.nyt.digest.template.DigestRenderer;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.InstantSource;
import java.util.Map;
import java.util.OptionalInt;
import java.util.Properties;
import org.apache.kafka.streams.Topology;
import org.junit.jupiter.api.Test;

class DigestTopologyDescriptionTest {

    @Test
    void namesEveryStoreAndInternalTopicAndKeepsThemInTwoSubTopologiesPlusTheUserStage() {
        // Given
        DigestConfig config = DigestConfig.fromEnv(Map.of());
        SimpleMeterRegistry registry = new SimpleMeterRegistry();
        DigestRuntime runtime = new DigestRuntime(config, DigestRenderer.create(config.email()),
                new SendPool(new RecordingMailSender(), 1), new DigestMetrics(registry, InstantSource.system()), () -> 0.5);
        Properties props = DigestTopology.props(config, registry);

        // When: built with ensure.explicit.internal.resource.naming=true, an unnamed resource would throw here
        Topology topology = DigestTopology.topology(config.kafka().topics(), runtime, props, OptionalInt.of(6));
        String description = topology.describe().toString();

        // Then
        assertThat(description).contains(DigestTopology.SUBSCRIPTIONS_BY_USER + "-repartition",
                DigestTopology.SETTINGS_BY_USER + "-repartition", "digest-scheduler", "digest-email-events-sink");
        DigestStores.USER_STAGE.forEach(store -> assertThat(description).contains(store));
        assertThat(description).contains(DigestStores.SUBSCRIPTION_OWNERS, DigestStores.SETTINGS_OWNERS)
                .doesNotContain("KSTREAM-", "STATE-STORE-0");
        assertThat(topology.describe().subtopologies()).hasSize(3);
    }
}
