package dev.nyt.runtime;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.streams.StreamsConfig;
import org.junit.jupiter.api.Test;

class MembershipTest {

    private static KafkaClients clients(Map<String, String> env) {
        Map<String, String> all = new HashMap<>(env);
        all.putIfAbsent("NYT_TOPIC_PREFIX", "acme-");
        return KafkaClients.of("nyt-fanout-processor", KafkaConfig.fromEnv(new Env(all)));
    }

    private static Properties streams(Map<String, String> env) {
        KafkaClients clients = clients(env);
        return clients.streams(StreamsProps.base("nyt-fanout", clients.kafka(), new SimpleMeterRegistry()), Map.of());
    }

    @Test
    void byDefaultNoStandbyAndNoStaticMembership() {
        assertThat(Membership.fromEnv(new Env(Map.of()))).isEqualTo(Membership.SINGLE);

        Properties props = streams(Map.of());

        assertThat(props).containsEntry(StreamsConfig.NUM_STANDBY_REPLICAS_CONFIG, 0);
        assertThat(new StreamsConfig(props).getMainConsumerConfigs("acme-nyt-fanout", "c", 0))
                .doesNotContainKey(ConsumerConfig.GROUP_INSTANCE_ID_CONFIG);
    }

    @Test
    void standbyReplicasAndInstanceIdBecomeStreamsSettingsWithAnIdPerThread() {
        Properties props = streams(Map.of("NYT_STANDBY_REPLICAS", "1", "NYT_INSTANCE_ID", "fanout-a"));

        assertThat(props).containsEntry(StreamsConfig.NUM_STANDBY_REPLICAS_CONFIG, 1);
        StreamsConfig config = new StreamsConfig(props);
        assertThat(config.getInt(StreamsConfig.NUM_STANDBY_REPLICAS_CONFIG)).isOne();
        assertThat(config.getMainConsumerConfigs("acme-nyt-fanout", "c", 0))
                .containsEntry(ConsumerConfig.GROUP_INSTANCE_ID_CONFIG, "fanout-a-0");
        assertThat(config.getMainConsumerConfigs("acme-nyt-fanout", "c", 1))
                .containsEntry(ConsumerConfig.GROUP_INSTANCE_ID_CONFIG, "fanout-a-1");
        assertThat(config.getRestoreConsumerConfigs("c")).as("only the group's member is static")
                .doesNotContainKey(ConsumerConfig.GROUP_INSTANCE_ID_CONFIG);
    }

    @Test
    void aDynamicMemberLeavesItsGroupWhenItClosesAStaticOneStays() {
        assertThat(StreamsRunner.onClose(streams(Map.of())))
                .isEqualTo(org.apache.kafka.streams.CloseOptions.GroupMembershipOperation.LEAVE_GROUP);
        assertThat(StreamsRunner.onClose(streams(Map.of("NYT_INSTANCE_ID", "fanout-a"))))
                .isEqualTo(org.apache.kafka.streams.CloseOptions.GroupMembershipOperation.REMAIN_IN_GROUP);
    }

    @Test
    void aBadValueStopsTheServiceNamingTheVariable() {
        assertThatThrownBy(() -> Membership.fromEnv(new Env(Map.of("NYT_STANDBY_REPLICAS", "-1"))))
                .isInstanceOf(ConfigException.class)
                .satisfies(e -> assertThat(((ConfigException) e).variable()).isEqualTo("NYT_STANDBY_REPLICAS"));
        assertThatThrownBy(() -> Membership.fromEnv(new Env(Map.of("NYT_STANDBY_REPLICAS", "one"))))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("NYT_STANDBY_REPLICAS");
        assertThatThrownBy(() -> Membership.fromEnv(new Env(Map.of("NYT_INSTANCE_ID", "a b"))))
                .isInstanceOf(ConfigException.class)
                .satisfies(e -> assertThat(((ConfigException) e).variable()).isEqualTo("NYT_INSTANCE_ID"));
        assertThat(Membership.fromEnv(new Env(Map.of("NYT_INSTANCE_ID", "  "))).instanceId())
                .as("blank is unset").isEqualTo(Optional.empty());
    }

    @Test
    void theKafkaVariablesForTheSameSettingsAreRefusedPointingAtNytsOwn() {
        assertThatThrownBy(() -> streams(Map.of("NYT_KAFKA_STREAMS_NUM_STANDBY_REPLICAS", "2")))
                .isInstanceOf(ConfigException.class)
                .hasMessageEndingWith("use NYT_STANDBY_REPLICAS");
        assertThatThrownBy(() -> streams(Map.of("NYT_KAFKA_CONSUMER_GROUP_INSTANCE_ID", "x")))
                .isInstanceOf(ConfigException.class)
                .hasMessageEndingWith("use NYT_INSTANCE_ID");
        assertThatThrownBy(() -> streams(Map.of("NYT_KAFKA_STREAMS_GROUP_INSTANCE_ID", "x")))
                .isInstanceOf(ConfigException.class)
                .hasMessageEndingWith("use NYT_INSTANCE_ID");
    }
}
