package dev.nyt.fanout;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.nyt.events.topic.Topics;
import dev.nyt.fanout.inbox.InboxEntry;
import dev.nyt.fanout.inbox.NotificationIds;
import dev.nyt.fanout.inbox.FanoutRun;
import dev.nyt.fanout.inbox.SubscriberIndex;
import dev.nyt.fanout.route.KeyPartitions;
import dev.nyt.fanout.route.RouteProcessor;
import dev.nyt.fanout.registry.Registry;
import dev.nyt.runtime.KafkaConfig;
import dev.nyt.runtime.StreamsProps;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.nio.file.Path;
import java.util.Properties;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.StreamsBuilder;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.Topology;
import org.apache.kafka.streams.TopologyConfig;
import org.apache.kafka.streams.kstream.Consumed;
import org.junit.jupiter.api.Test;

/** The fan-out built as it runs: with its TopologyConfig, every store and internal topic named. */
class FanoutTopologyDescriptionTest {

    private static final Topics TOPICS = Topics.withPrefix("");

    private static Properties props() {
        return StreamsProps.base(FanoutConfig.APPLICATION_ID,
                new KafkaConfig("unused:9092", TOPICS, 6, (short) 1, Path.of("unused")), new SimpleMeterRegistry());
    }

    @Test
    void namesEveryStoreAndInternalTopic() {
        // When: built with ensure.explicit.internal.resource.naming=true, an unnamed resource would throw here
        Topology topology = FanoutTopology.build(TOPICS, FanoutSettings.defaults(), props());
        String description = topology.describe().toString();

        // Then
        assertThat(description).contains(FanoutTopology.PRESENCE_BY_KEY + "-repartition",
                FanoutTopology.EVENTS_BY_PARTITION + "-repartition",
                "fanout-notify-rerouted-repartition", "registry-commands-rerouted-repartition",
                "registry-users-rerouted-repartition", "inbox-status-rerouted-repartition",
                Registry.USERS_STORE, Registry.SETTINGS_STORE, Registry.SUBSCRIPTIONS_STORE, InboxEntry.STORE,
                NotificationIds.STORE, SubscriberIndex.STORE, FanoutRun.STORE, KeyPartitions.STORE,
                RouteProcessor.EVENT_IDS_STORE,
                "inbox-notifications-sink", "registry-settings-sink", "registry-subscriptions-sink")
                .doesNotContain("KSTREAM-", "KTABLE-", "STATE-STORE-0");
    }

    @Test
    void theSettingsTheFanoutIsBuiltWithRefuseAnUnnamedStore() {
        // the settings namesEveryStoreAndInternalTopic builds with do enforce the rule: an unnamed store fails
        StreamsBuilder builder = new StreamsBuilder(new TopologyConfig(new StreamsConfig(props())));
        builder.stream("in", Consumed.with(Serdes.String(), Serdes.String()).withName("in-source"))
                .groupByKey().count();
        assertThatThrownBy(() -> builder.build(props())).hasMessageContaining("has not been named");
    }
}
