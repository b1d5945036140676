package dev.nyt.api.projector;

import static dev.nyt.api.db.jooq.Tables.NYT_NOTIFICATION;

import dev.nyt.api.QueryApi;
import dev.nyt.api.QueryApiConfig;
import dev.nyt.api.QueryApiFixture;
import dev.nyt.api.db.Database;
import dev.nyt.runtime.Env;
import dev.nyt.runtime.Metrics;
import org.apache.kafka.clients.producer.ProducerRecord;

/**
 * A micro check, not a test (no assertions, run by hand): the projector alone catching up a backlog of
 * 100,000 NotificationCreated (a broadcast already on nyt-notifications), from consumer to rows, three times
 * (the read model cleared in between). Prints rows/s from the start of the API (group join included) and from
 * the first row seen (polled every 200 ms) to the last.
 */
public final class ProjectorCatchUpCheck {

    private static final int USERS = 100_000;

    private ProjectorCatchUpCheck() {
    }

    public static void main(String[] args) throws Exception {
        try (QueryApiFixture nyt = QueryApiFixture.start()) {
            nyt.api.close();
            var topic = nyt.topics.notifications();
            for (int u = 0; u < USERS; u++) {
                String user = "user-" + u;
                byte[] value = topic.valueSerde().serializer().serialize(topic.name(),
                        QueryApiFixture.created(user, 1_000_000L + u, "bench/key", "there was a response " + u, "/c/" + u, 60));
                nyt.producer.send(new ProducerRecord<>(topic.name(), user, value));
            }
            nyt.producer.flush();
            QueryApiConfig config = QueryApiConfig.fromEnv(new Env(nyt.env));
            for (int round = 1; round <= 3; round++) {
                try (Database database = Database.open(config.db())) {
                    QueryApi.clearReadModel(database);
                }
                long started = System.nanoTime();
                nyt.api = new QueryApi(config, Metrics.newRegistry("nyt-query-api")).start();
                long first = 0;
                int rows;
                while ((rows = nyt.api.database().dsl().fetchCount(NYT_NOTIFICATION)) < USERS) {
                    if (first == 0 && rows > 0) {
                        first = System.nanoTime();
                    }
                    Thread.sleep(200);
                }
                long done = System.nanoTime();
                double seconds = (done - started) / 1e9;
                double projecting = (done - first) / 1e9;
                System.out.printf("catch-up %d: %,d rows in %.2f s from the start (%,.0f rows/s); from the first row seen"
                        + " to the last %.2f s (%,.0f rows/s)%n", round, USERS, seconds, USERS / seconds, projecting,
                        USERS / projecting);
                nyt.api.close();
            }
        }
    }
}
