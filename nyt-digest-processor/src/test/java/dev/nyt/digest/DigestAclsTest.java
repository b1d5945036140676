package dev.nyt.digest;

import static org.assertj.core.api.Assertions.assertThat;

import dev.nyt.digest.config.DigestConfig;
import dev.nyt.digest.mail.SendPool;
import dev.nyt.digest.metrics.DigestMetrics;
import dev.nyt.digest.schedule.DigestRuntime;
import dev.nyt.digest.template.DigestRenderer;
import dev.nyt.events.topic.Topics;
import dev.nyt.runtime.Acls;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.InstantSource;
import java.util.Map;
import java.util.OptionalInt;
import org.junit.jupiter.api.Test;

/** The ACLs docs/OPERATIONS.md lists for the digest are the topics its topology reads and writes, no more, no less. */
class DigestAclsTest {

    @Test
    void theDocumentedTopicAclsAreTheTopologysSourcesAndSinks() {
        // Given: the topology as it runs, under a topic prefix
        DigestConfig config = DigestConfig.fromEnv(Map.of("NYT_TOPIC_PREFIX", "acme-"));
        Topics topics = config.kafka().topics();
        SimpleMeterRegistry registry = new SimpleMeterRegistry();
        DigestRuntime runtime = new DigestRuntime(config, DigestRenderer.create(config.email()),
                new SendPool(new RecordingMailSender(), 1), new DigestMetrics(registry, InstantSource.system()), () -> 0.5);
        var topology = DigestTopology.topology(topics, runtime, DigestTopology.props(config, registry), OptionalInt.of(6));

        // Then: READ on every source; WRITE on every sink and the dead-letter topic (Streams' handlers write it)
        assertThat(Acls.topicAccess(Acls.Principal.DIGEST, topics)).isEqualTo(Acls.topicsOf(topology.describe(), topics));
        assertThat(Acls.DIGEST_APPLICATION).isEqualTo(DigestConfig.APPLICATION_ID);
    }
}
