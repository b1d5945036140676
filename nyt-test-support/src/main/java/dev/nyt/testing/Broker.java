package dev.nyt.testing;

/** A running Kafka broker as tests see it: an address, and a way to stop it at JVM exit. */
sealed interface Broker permits Broker.External, EmbeddedBroker, ContainerBroker {

    String bootstrapServers();

    /** What the broker is, for the log line that says which one a run uses. */
    String description();

    void stop() throws Exception;

    /** A broker someone else runs ({@code NYT_TEST_KAFKA_BOOTSTRAP}); never stopped by us. */
    record External(String bootstrapServers) implements Broker {

        @Override
        public String description() {
            return "external broker " + bootstrapServers;
        }

        @Override
        public void stop() {
        }
    }
}
