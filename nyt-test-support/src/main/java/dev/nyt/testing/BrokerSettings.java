package dev.nyt.testing;

import java.util.Map;

/**
 * The broker settings every test broker gets, whichever way it runs: a single node that can
 * run transactions ({@code exactly_once_v2}) and starts consumer groups without delay.
 * Topics are never created on first use, so a test that forgets to create one fails.
 *
 * <p>With transactions v2 the first produce request of a transaction adds its partitions on the
 * broker, and it often arrives while the previous transaction's markers are still being written.
 * Kafka's broker then retries for only 100 ms before answering {@code CONCURRENT_TRANSACTIONS}, and
 * the requests the producer pipelined behind it fail with {@code OUT_OF_ORDER_SEQUENCE_NUMBER} and
 * are retried with backoff. These brokers hold the request until the previous transaction is
 * complete instead (docs/OPERATIONS.md, "Brokers for exactly-once").
 */
final class BrokerSettings {

    static final int DEFAULT_PARTITIONS = 3;
    /** Below the clients' {@code request.timeout.ms} (30 s), so a held request is never timed out. */
    static final int ADD_PARTITIONS_TO_TXN_WAIT_MS = 10_000;

    private BrokerSettings() {
    }

    /** Broker properties by their {@code server.properties} names. */
    static Map<String, String> properties() {
        return Map.ofEntries(
                Map.entry("auto.create.topics.enable", "false"),
                Map.entry("num.partitions", Integer.toString(DEFAULT_PARTITIONS)),
                Map.entry("offsets.topic.replication.factor", "1"),
                Map.entry("offsets.topic.num.partitions", "5"),
                Map.entry("transaction.state.log.replication.factor", "1"),
                Map.entry("transaction.state.log.min.isr", "1"),
                Map.entry("transaction.state.log.num.partitions", "5"),
                Map.entry("share.coordinator.state.topic.replication.factor", "1"),
                Map.entry("share.coordinator.state.topic.min.isr", "1"),
                Map.entry("group.initial.rebalance.delay.ms", "0"),
                Map.entry("add.partitions.to.txn.retry.backoff.max.ms", Integer.toString(ADD_PARTITIONS_TO_TXN_WAIT_MS)));
    }
}
