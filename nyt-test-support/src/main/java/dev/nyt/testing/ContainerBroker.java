package dev.nyt.testing;

import java.util.Locale;

import org.apache.kafka.common.utils.AppInfoParser;
import org.testcontainers.kafka.KafkaContainer;
import org.testcontainers.utility.DockerImageName;

/**
 * A KRaft broker in a Docker container ({@code apache/kafka}, the version of the client jars
 * unless {@code NYT_TEST_KAFKA_IMAGE} names another image).
 */
record ContainerBroker(KafkaContainer container) implements Broker {

    static ContainerBroker start(Environment env) {
        String image = env.getOrDefault(Environment.KAFKA_IMAGE, "apache/kafka:" + AppInfoParser.getVersion());
        KafkaContainer container = new KafkaContainer(
                DockerImageName.parse(image).asCompatibleSubstituteFor("apache/kafka"));
        BrokerSettings.properties().forEach((name, value) -> container.withEnv(envName(name), value));
        container.start();
        return new ContainerBroker(container);
    }

    /** {@code group.initial.rebalance.delay.ms} becomes {@code KAFKA_GROUP_INITIAL_REBALANCE_DELAY_MS}. */
    static String envName(String property) {
        return "KAFKA_" + property.replace('.', '_').toUpperCase(Locale.ROOT);
    }

    @Override
    public String bootstrapServers() {
        return container.getBootstrapServers();
    }

    @Override
    public String description() {
        return "container " + container.getDockerImageName() + " at " + bootstrapServers();
    }

    @Override
    public void stop() {
        container.stop();
    }
}
