package dev.nyt.testing;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;

import org.junit.jupiter.api.Test;

class EnvironmentTest {

    @Test
    void blankValueCountsAsUnset() {
        Environment env = new Environment(Map.of(Environment.KAFKA_BOOTSTRAP, "  "));

        assertThat(env.get(Environment.KAFKA_BOOTSTRAP)).isEmpty();
        assertThat(env.getOrDefault(Environment.DB_USER, "postgres")).isEqualTo("postgres");
    }

    @Test
    void dockerIsAllowedUnlessSwitchedOff() {
        assertThat(new Environment(Map.of()).dockerAllowed()).isTrue();
        assertThat(new Environment(Map.of(Environment.DOCKER, "FALSE")).dockerAllowed()).isFalse();
    }

    @Test
    void brokerPropertiesBecomeKafkaImageVariables() {
        assertThat(ContainerBroker.envName("group.initial.rebalance.delay.ms"))
                .isEqualTo("KAFKA_GROUP_INITIAL_REBALANCE_DELAY_MS");
    }
}
