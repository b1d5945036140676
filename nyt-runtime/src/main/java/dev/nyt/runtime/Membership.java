package dev.nyt.runtime;

import java.util.HashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.regex.Pattern;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.streams.StreamsConfig;

/**
 * How one instance of a Kafka Streams service takes part in its group when several run.
 *
 * @param standbyReplicas {@code NYT_STANDBY_REPLICAS} ({@code num.standby.replicas}, default 0): warm copies of
 *                        each task's state kept on other instances, so a failed instance's tasks move to one
 *                        that has the state already instead of restoring it from the changelog. 0 by default
 *                        because a copy costs a second consumer of every changelog and its disk, and with one
 *                        instance (one machine, {@code ./nyt up}) there is nowhere to keep it; set 1 in
 *                        production with two or more instances
 * @param instanceId      {@code NYT_INSTANCE_ID}, only when set: static membership ({@code group.instance.id},
 *                        Kafka Streams appends each thread's index). An instance restarted with the same id
 *                        within the session timeout gets its tasks back without a rebalance; one that stays
 *                        away holds its tasks until the session times out, so set it only where instances
 *                        are restarted, not replaced, and give every instance its own id
 */
public record Membership(int standbyReplicas, Optional<String> instanceId) {

    public static final String STANDBY_VARIABLE = "NYT_STANDBY_REPLICAS";
    public static final String INSTANCE_VARIABLE = "NYT_INSTANCE_ID";
    /** One instance, no standby: what {@code ./nyt up} and the tests run. */
    public static final Membership SINGLE = new Membership(0, Optional.empty());

    private static final Pattern INSTANCE_ID = Pattern.compile("[A-Za-z0-9._-]{1,200}");

    public Membership {
        Objects.requireNonNull(instanceId, "instanceId");
        if (standbyReplicas < 0) {
            throw new IllegalArgumentException("standbyReplicas must not be negative: " + standbyReplicas);
        }
    }

    public static Membership fromEnv(Env env) {
        int standby = env.integer(STANDBY_VARIABLE, 0, 0, 16);
        Optional<String> id = env.optional(INSTANCE_VARIABLE);
        if (id.isPresent() && !INSTANCE_ID.matcher(id.get()).matches()) {
            throw new ConfigException(INSTANCE_VARIABLE, "must be 1 to 200 letters, digits, '.', '_' or '-', was '"
                    + id.get() + "'");
        }
        return new Membership(standby, id);
    }

    /** The Kafka Streams settings this stands for. */
    public Map<String, Object> streamsSettings() {
        Map<String, Object> settings = new HashMap<>();
        settings.put(StreamsConfig.NUM_STANDBY_REPLICAS_CONFIG, standbyReplicas);
        instanceId.ifPresent(id -> settings.put(
                StreamsConfig.mainConsumerPrefix(ConsumerConfig.GROUP_INSTANCE_ID_CONFIG), id));
        return settings;
    }
}
