package dev.nyt.testing;

import java.util.Map;

/**
 * The broker settings every test broker gets, whichever way it runs: a single node that can
 * run transactions ({@code exactly_once_v2}) and starts consumer groups without delay.
 * Topics are never created on first use, so a test that forgets to create one fails.
 */
final class BrokerSettings {

    static final int DEFAULT_PARTITIONS = 3;

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
                Map.entry("group.initial.rebalance.delay.ms", "0"));
    }
}
