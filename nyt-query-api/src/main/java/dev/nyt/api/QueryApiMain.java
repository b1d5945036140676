package dev.nyt.api;

import dev.nyt.api.db.Database;
import dev.nyt.runtime.ConfigException;
import dev.nyt.runtime.Env;
import dev.nyt.runtime.Metrics;
import java.util.concurrent.CountDownLatch;

/**
 * Runs the query API from the environment. {@code rebuild} as the first argument first empties the read
 * model, so the projector replays every topic from the beginning; {@code rebuild --exit} only empties it.
 */
public final class QueryApiMain {

    private QueryApiMain() {
    }

    public static void main(String[] args) throws InterruptedException {
        QueryApiConfig config;
        try {
            config = QueryApiConfig.fromEnv(Env.system());
        } catch (ConfigException e) {
            System.err.println("nyt-query-api cannot start: " + e.getMessage());
            System.exit(2);
            return;
        }
        boolean rebuild = args.length > 0 && "rebuild".equals(args[0]);
        if (rebuild) {
            try (Database database = Database.open(config.db())) {
                QueryApi.clearReadModel(database);
            }
            if (args.length > 1 && "--exit".equals(args[1])) {
                return;
            }
        }
        QueryApi api;
        try {
            api = new QueryApi(config, Metrics.newRegistry(QueryApi.NAME)).start();
        } catch (ConfigException e) {
            // a login the broker refuses, a trust store that does not trust it
            System.err.println(QueryApi.NAME + " cannot start: " + e.getMessage());
            System.exit(2);
            return;
        }
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            api.close();
            stopped.countDown();
        }, "nyt-query-api-stop"));
        stopped.await(); // the service's own threads are daemons: main keeps the JVM up until SIGTERM
    }
}
