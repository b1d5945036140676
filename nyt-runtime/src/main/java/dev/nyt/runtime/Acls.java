package dev.nyt.runtime;

import dev.nyt.events.outcome.CommandOutcome;
import dev.nyt.events.topic.Topic;
import dev.nyt.events.topic.Topics;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HashSet;
import java.util.Map;
import java.util.TreeSet;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Set;
import java.util.stream.Collectors;
import org.apache.kafka.common.acl.AccessControlEntry;
import org.apache.kafka.common.acl.AclBinding;
import org.apache.kafka.common.acl.AclOperation;
import org.apache.kafka.common.acl.AclPermissionType;
import org.apache.kafka.common.resource.PatternType;
import org.apache.kafka.common.resource.ResourcePattern;
import org.apache.kafka.common.resource.ResourceType;
import org.apache.kafka.streams.TopologyDescription;

/**
 * The ACLs each nyt service needs on a cluster with an authorizer: the one list that docs/OPERATIONS.md
 * ("ACLs each service needs") prints and the secured-cluster test grants, so the two cannot disagree. The
 * Streams processors' reads and writes are checked against their topologies' sources and sinks by tests.
 */
public final class Acls {

    /** The Streams application ids and the query API's group, without the topic prefix. */
    public static final String FANOUT_APPLICATION = "nyt-fanout";
    public static final String DIGEST_APPLICATION = "nyt-digest-processor";
    public static final String QUERY_API_GROUP = "nyt-query-api";

    /** Who needs the ACLs: the three services, and an application that publishes with the {@code Nyt} client. */
    public enum Principal {
        FANOUT("nyt-fanout-processor"),
        DIGEST("nyt-digest-processor"),
        QUERY_API("nyt-query-api"),
        CLIENT("applications (Nyt client)");

        private final String label;

        Principal(String label) {
            this.label = label;
        }

        public String label() {
            return label;
        }
    }

    /** One grant: operations on resources (literal names or prefixes), and why. */
    public record Grant(ResourceType type, List<String> names, PatternType pattern, Set<AclOperation> operations, String why) {

        public Grant {
            Objects.requireNonNull(type, "type");
            names = List.copyOf(names);
            Objects.requireNonNull(pattern, "pattern");
            operations = Set.copyOf(operations);
            Objects.requireNonNull(why, "why");
        }

        Grant(ResourceType type, String name, PatternType pattern, Set<AclOperation> operations, String why) {
            this(type, List.of(name), pattern, operations, why);
        }

        /** The bindings that allow {@code principal} (e.g. {@code User:nyt-fanout}) these operations from any host. */
        public List<AclBinding> bindings(String principal) {
            return names.stream().flatMap(name -> operations.stream().sorted().map(op -> new AclBinding(
                    new ResourcePattern(type, name, pattern),
                    new AccessControlEntry(principal, "*", op, AclPermissionType.ALLOW)))).toList();
        }

        /** The operations as Kafka's tools spell them ({@code Describe, Create}), in a fixed order. */
        public String operationNames() {
            return operations.stream().sorted().map(Acls::spelled).collect(Collectors.joining(", "));
        }
    }

    private Acls() {
    }

    /** What {@code principal} needs for the deployment's {@code topics}. */
    public static List<Grant> of(Principal principal, Topics topics) {
        String prefix = topics.prefix();
        Topic<?, ?> outcomes = CommandOutcome.topic(topics);
        List<Grant> grants = new ArrayList<>();
        if (principal != Principal.CLIENT) {
            grants.add(new Grant(ResourceType.TOPIC, prefix + "nyt-", PatternType.PREFIXED,
                    Set.of(AclOperation.DESCRIBE, AclOperation.CREATE),
                    "finds its topics at start and creates those that are missing (CREATE only while one is)"));
        }
        switch (principal) {
            case FANOUT -> {
                grants.add(topics(AclOperation.READ, "its input", topics.notifyRequested(), topics.subscriptionRequests(),
                        topics.users(), topics.notificationStatus()));
                grants.add(topics(AclOperation.WRITE, "its output", topics.notifications(), topics.subscriptions(),
                        topics.settings(), outcomes, topics.deadLetter()));
                grants.addAll(streams(prefix + FANOUT_APPLICATION));
            }
            case DIGEST -> {
                grants.add(topics(AclOperation.READ, "its input", topics.notifications(), topics.subscriptions(),
                        topics.settings(), topics.users()));
                grants.add(topics(AclOperation.WRITE, "its output", topics.emailEvents(), topics.deadLetter()));
                grants.addAll(streams(prefix + DIGEST_APPLICATION));
            }
            case QUERY_API -> {
                grants.add(topics(AclOperation.READ, "the projector's and the push consumer's input", topics.notifications(),
                        topics.subscriptions(), topics.settings(), topics.users(), topics.emailEvents(), outcomes));
                grants.add(topics(AclOperation.WRITE, "commands, mark-read and the projector's dead letters",
                        topics.subscriptionRequests(), topics.notificationStatus(), topics.deadLetter()));
                grants.add(new Grant(ResourceType.GROUP, prefix + QUERY_API_GROUP, PatternType.LITERAL,
                        Set.of(AclOperation.READ), "the projector's consumer group (instances share the partitions)"));
            }
            case CLIENT -> grants.add(topics(AclOperation.WRITE, "what the client publishes", topics.notifyRequested(),
                    topics.subscriptionRequests(), topics.users(), topics.notificationStatus()));
        }
        return List.copyOf(grants);
    }

    /** The topics {@code principal}'s grants let it read and write by name (READ, WRITE), as the topologies are checked. */
    public static Map<AclOperation, Set<String>> topicAccess(Principal principal, Topics topics) {
        Map<AclOperation, Set<String>> access = new EnumMap<>(AclOperation.class);
        for (Grant grant : of(principal, topics)) {
            if (grant.type() == ResourceType.TOPIC && grant.pattern() == PatternType.LITERAL) {
                for (AclOperation operation : grant.operations()) {
                    access.computeIfAbsent(operation, o -> new TreeSet<>()).addAll(grant.names());
                }
            }
        }
        return access;
    }

    /**
     * The public topics a topology of nyt reads (its sources: READ) and writes (its sinks, and the dead-letter
     * topic {@link StreamsProps#base}'s handlers write: WRITE); its internal topics (repartition, changelog)
     * are not among them.
     */
    public static Map<AclOperation, Set<String>> topicsOf(TopologyDescription description, Topics topics) {
        Set<String> public_ = new HashSet<>();
        topics.all().forEach(topic -> public_.add(topic.name()));
        public_.add(CommandOutcome.topic(topics).name());
        Map<AclOperation, Set<String>> access = new EnumMap<>(AclOperation.class);
        access.computeIfAbsent(AclOperation.WRITE, o -> new TreeSet<>()).add(topics.deadLetter().name());
        for (TopologyDescription.Subtopology subtopology : description.subtopologies()) {
            for (TopologyDescription.Node node : subtopology.nodes()) {
                if (node instanceof TopologyDescription.Source source && source.topicSet() != null) {
                    source.topicSet().stream().filter(public_::contains)
                            .forEach(name -> access.computeIfAbsent(AclOperation.READ, o -> new TreeSet<>()).add(name));
                } else if (node instanceof TopologyDescription.Sink sink && public_.contains(sink.topic())) {
                    access.computeIfAbsent(AclOperation.WRITE, o -> new TreeSet<>()).add(sink.topic());
                }
            }
        }
        return access;
    }

    /** Every binding {@code principal} needs, for {@code kafkaPrincipal} ({@code User:<name>}). */
    public static List<AclBinding> bindings(Principal principal, Topics topics, String kafkaPrincipal) {
        return of(principal, topics).stream().flatMap(grant -> grant.bindings(kafkaPrincipal).stream()).toList();
    }

    /** A Kafka Streams application with exactly-once: its internal topics, its group, its transactional ids. */
    private static List<Grant> streams(String applicationId) {
        return List.of(
                new Grant(ResourceType.TOPIC, applicationId + "-", PatternType.PREFIXED,
                        Set.of(AclOperation.CREATE, AclOperation.DESCRIBE, AclOperation.READ,
                                AclOperation.WRITE),
                        "its repartition and changelog topics"),
                new Grant(ResourceType.GROUP, applicationId, PatternType.LITERAL, Set.of(AclOperation.READ),
                        "its consumer group (the application id)"),
                new Grant(ResourceType.TRANSACTIONAL_ID, applicationId + "-", PatternType.PREFIXED,
                        Set.of(AclOperation.WRITE), "exactly-once transactions (one id per stream thread)"));
    }

    private static Grant topics(AclOperation operation, String why, Topic<?, ?>... topics) {
        return new Grant(ResourceType.TOPIC, Arrays.stream(topics).map(Topic::name).toList(), PatternType.LITERAL,
                Set.of(operation), why);
    }

    /**
     * The table docs/OPERATIONS.md shows (for topic prefix {@code topics.prefix()}): one row per grant, in the
     * words of {@code kafka-acls} ({@code --topic}, {@code --resource-pattern-type prefixed}, {@code --operation}).
     */
    public static String markdown(Topics topics) {
        StringBuilder table = new StringBuilder("""
                | Principal | Resource | Name | Pattern | Operations | For |
                | --- | --- | --- | --- | --- | --- |
                """);
        for (Principal principal : Principal.values()) {
            for (Grant grant : of(principal, topics)) {
                table.append("| ").append(principal.label())
                        .append(" | ").append(spelled(grant.type()))
                        .append(" | ").append(grant.names().stream().map(n -> "`" + n + "`").collect(Collectors.joining(", ")))
                        .append(" | ").append(grant.pattern().name().toLowerCase(Locale.ROOT))
                        .append(" | ").append(grant.operationNames())
                        .append(" | ").append(grant.why()).append(" |\n");
            }
        }
        return table.toString();
    }

    /** {@code TRANSACTIONAL_ID} as {@code TransactionalId}, {@code DESCRIBE_CONFIGS} as {@code DescribeConfigs}. */
    private static String spelled(Enum<?> value) {
        StringBuilder word = new StringBuilder();
        for (String part : value.name().split("_")) {
            word.append(part.charAt(0)).append(part.substring(1).toLowerCase(Locale.ROOT));
        }
        return word.toString();
    }
}
