package dev.nyt.fanout;

import static org.assertj.core.api.Assertions.assertThat;

import dev.nyt.events.topic.Topics;
import dev.nyt.runtime.Acls;
import dev.nyt.runtime.KafkaConfig;
import dev.nyt.runtime.StreamsProps;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/** The ACLs docs/OPERATIONS.md lists for the fan-out are the topics its topology reads and writes, no more, no less. */
class FanoutAclsTest {

    private static final Topics TOPICS = Topics.withPrefix("acme-");

    @Test
    void theDocumentedTopicAclsAreTheTopologysSourcesAndSinks() {
        // Given: the topology as it runs
        var props = StreamsProps.base(FanoutConfig.APPLICATION_ID,
                new KafkaConfig("unused:9092", TOPICS, 6, (short) 1, Path.of("unused")), new SimpleMeterRegistry());
        var topology = FanoutTopology.build(TOPICS, FanoutSettings.defaults(), props);

        // Then: READ on every source; WRITE on every sink and the dead-letter topic (Streams' handlers write it)
        assertThat(Acls.topicAccess(Acls.Principal.FANOUT, TOPICS)).isEqualTo(Acls.topicsOf(topology.describe(), TOPICS));
        assertThat(Acls.FANOUT_APPLICATION).isEqualTo(FanoutConfig.APPLICATION_ID);
    }
}
