package dev.nyt.testing;

import org.apache.kafka.common.test.KafkaClusterTestKit;
import org.apache.kafka.common.test.TestKitNodes;
import org.apache.kafka.common.utils.Exit;

/**
 * A single combined KRaft node (broker and controller) inside the test JVM, from Kafka's own
 * test kit. Its data lives in a temporary directory that is deleted when it stops.
 */
record EmbeddedBroker(KafkaClusterTestKit cluster) implements Broker {

    private static final org.slf4j.Logger log = org.slf4j.LoggerFactory.getLogger(EmbeddedBroker.class);

    static EmbeddedBroker start() throws Exception {
        // The kit deletes its temporary directories in a JVM shutdown hook that runs beside ours,
        // which stops the broker; a broker that finds its log directory gone halts the JVM with
        // status 1, and the test run fails after every test passed. A test JVM's broker reports a
        // fatal fault in the log instead of ending the JVM.
        Exit.setHaltProcedure((status, message) ->
                log.error("The in-JVM Kafka broker wanted to halt the JVM ({}): {}", status, message));
        Exit.setExitProcedure((status, message) ->
                log.error("The in-JVM Kafka broker wanted to exit the JVM ({}): {}", status, message));
        TestKitNodes nodes = new TestKitNodes.Builder()
                .setCombined(true)
                .setNumBrokerNodes(1)
                .setNumControllerNodes(1)
                .build();
        KafkaClusterTestKit.Builder builder = new KafkaClusterTestKit.Builder(nodes);
        BrokerSettings.properties().forEach(builder::setConfigProp);
        KafkaClusterTestKit cluster = builder.build();
        try {
            cluster.format();
            cluster.startup();
            cluster.waitForReadyBrokers();
            return new EmbeddedBroker(cluster);
        } catch (Exception e) {
            cluster.close();
            throw e;
        }
    }

    @Override
    public String bootstrapServers() {
        return cluster.bootstrapServers();
    }

    @Override
    public String description() {
        return "in-JVM KRaft broker " + bootstrapServers();
    }

    @Override
    public void stop() throws Exception {
        cluster.close();
    }
}
