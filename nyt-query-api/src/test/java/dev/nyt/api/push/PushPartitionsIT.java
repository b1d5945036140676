package dev.nyt.api.push;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.nyt.api.QueryApiFixture;
import dev.nyt.testing.TestKafka;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewPartitions;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/** The push consumer notices partitions added to nyt-notifications on the real broker and pushes what lands there. */
class PushPartitionsIT {

    private static QueryApiFixture nyt;

    @BeforeAll
    static void start() {
        nyt = QueryApiFixture.start();
    }

    @AfterAll
    static void stop() {
        nyt.close();
    }

    @Test
    void pushesEventsWrittenToAPartitionAddedWhileRunning() throws Exception {
        String topic = nyt.topics.notifications().name();
        try (RealtimeClient erin = SseStream.open(nyt, "erin", null)) {
            await("erin's stream started").atMost(Duration.ofSeconds(20)).until(() -> !erin.messages().isEmpty());

            // When nyt-notifications grows from 2 to 3 partitions and an event of erin lands in the new one
            try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, TestKafka.bootstrapServers()))) {
                admin.createPartitions(Map.of(topic, NewPartitions.increaseTo(3))).all().get();
            }
            byte[] value = nyt.topics.notifications().valueSerde().serializer()
                    .serialize(topic, QueryApiFixture.created("erin", 7, "comment/new", "new partition", null, 0));
            nyt.producer.send(new ProducerRecord<>(topic, 2, "erin", value)).get();

            // Then the push consumer picks the partition up (its metadata refresh) and erin gets it, read from its beginning
            await("erin's event from partition 2").atMost(Duration.ofSeconds(60))
                    .until(() -> erin.messages().stream().anyMatch(m -> m.path("id").asLong() == 7));
            List<JsonNode> created = erin.messages().stream()
                    .filter(m -> "notificationCreated".equals(m.path("type").asString())).toList();
            assertThat(created).hasSize(1);
            assertThat(created.getFirst().path("userId").asString()).isEqualTo("erin");
            await("the partitions gauge").atMost(Duration.ofSeconds(10))
                    .until(() -> nyt.get("/metrics", null).body().lines().anyMatch(line -> line.startsWith("nyt_push_partitions") && line.endsWith(" 3.0")));
        }
    }
}
