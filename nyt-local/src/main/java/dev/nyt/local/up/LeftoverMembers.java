package dev.nyt.local.up;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.ConsumerGroupDescription;
import org.apache.kafka.clients.admin.RemoveMembersFromConsumerGroupOptions;
import org.apache.kafka.common.errors.GroupIdNotFoundException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Removes the consumer-group members a killed run left behind on the embedded broker, before the services join
 * again. The broker belongs to this launcher alone (its directory lock sees to it), so when it has just started
 * every member of nyt's groups is a leftover: without this, the new members would wait out the old ones'
 * session timeout (45 s) after a {@code kill -9}. Describing a group waits until the coordinator has loaded it.
 */
final class LeftoverMembers {

    private static final Logger log = LoggerFactory.getLogger(LeftoverMembers.class);
    private static final Duration PATIENCE = Duration.ofSeconds(30);

    private LeftoverMembers() {
    }

    static void remove(String bootstrapServers, List<String> groups) {
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers))) {
            var described = admin.describeConsumerGroups(groups).describedGroups();
            for (var entry : described.entrySet()) {
                ConsumerGroupDescription group;
                try {
                    group = entry.getValue().get(PATIENCE.toMillis(), TimeUnit.MILLISECONDS);
                } catch (ExecutionException e) {
                    if (e.getCause() instanceof GroupIdNotFoundException) {
                        continue; // the first run: nobody joined yet
                    }
                    throw e;
                }
                if (!group.members().isEmpty()) {
                    admin.removeMembersFromConsumerGroup(group.groupId(), new RemoveMembersFromConsumerGroupOptions()).all()
                            .get(PATIENCE.toMillis(), TimeUnit.MILLISECONDS);
                    log.info("Removed {} member(s) a stopped run left in consumer group {}", group.members().size(), group.groupId());
                }
            }
        } catch (ExecutionException | TimeoutException | org.apache.kafka.common.KafkaException e) {
            log.warn("Could not remove the members a stopped run left behind (the services may wait for their session"
                    + " timeout): {}", e.getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
