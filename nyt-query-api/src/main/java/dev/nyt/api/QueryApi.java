package dev.nyt.api;

import dev.nyt.api.auth.Authenticator;
import dev.nyt.api.db.Database;
import dev.nyt.api.db.ReadModel;
import dev.nyt.api.http.ApiRoutes;
import dev.nyt.api.http.Commands;
import dev.nyt.api.projector.Projector;
import dev.nyt.api.push.Realtime;
import dev.nyt.client.Nyt;
import dev.nyt.client.KafkaSettings;
import dev.nyt.runtime.HealthCheck;
import dev.nyt.runtime.KafkaClients;
import dev.nyt.runtime.JavalinJson;
import dev.nyt.runtime.OpsRoutes;
import dev.nyt.runtime.TopicAdmin;
import io.javalin.Javalin;
import io.javalin.config.JavalinConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.Consumer;
import java.util.function.Supplier;
import org.jooq.Table;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The query API service: the PostgreSQL read model (migrated at start), its projector, the realtime push
 * consumer, and the HTTP server with the API, {@code /metrics} and {@code /health/*}. {@link #start()} and
 * {@link #close()}; nothing else is global, so several can run in one JVM.
 *
 * <p>Threads: one platform thread for the projector, one for the push consumer, Javalin's Jetty with virtual
 * threads for requests, and one virtual thread per realtime client.
 */
public final class QueryApi implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(QueryApi.class);
    private static final Duration MIGRATION_PATIENCE = Duration.ofSeconds(60);

    private final QueryApiConfig config;
    private final PrometheusMeterRegistry registry;
    private final Extras extras;
    /** The service's name: its Kafka clients' ids start with it. */
    public static final String NAME = "nyt-query-api";

    private final List<AutoCloseable> opened = new ArrayList<>();
    private Javalin app;
    private Database database;

    /**
     * What a host running other services in the same JVM (the one-JVM launcher) adds to this server.
     *
     * @param healthChecks checked by {@code /health/*} after the API's own
     * @param metrics      what {@code /metrics} answers instead of this registry's scrape (null: the registry's)
     * @param routes       more routes, installed after the API's
     */
    public record Extras(List<HealthCheck> healthChecks, Supplier<String> metrics, Consumer<JavalinConfig> routes) {
        public Extras {
            healthChecks = List.copyOf(healthChecks);
            Objects.requireNonNull(routes, "routes");
        }

        public static Extras none() {
            return new Extras(List.of(), null, javalin -> { });
        }
    }

    public QueryApi(QueryApiConfig config, PrometheusMeterRegistry registry) {
        this(config, registry, Extras.none());
    }

    public QueryApi(QueryApiConfig config, PrometheusMeterRegistry registry, Extras extras) {
        this.config = Objects.requireNonNull(config, "config");
        this.registry = Objects.requireNonNull(registry, "registry");
        this.extras = Objects.requireNonNull(extras, "extras");
    }

    /** Creates missing topics, migrates the database, starts projecting and serving; returns when the port is open. */
    public synchronized QueryApi start() {
        log.info("Starting nyt-query-api: {}, {}, {}", config.db(), config.auth(), config.kafka().topics().notifications());
        KafkaClients clients = KafkaClients.of(NAME, config.kafka());
        TopicAdmin.ensureTopics(clients);
        database = Database.open(config.db());
        opened.add(database);
        ReadModel readModel = new ReadModel(database.dsl());
        Projector projector;
        Realtime realtime;
        Nyt nyt;
        try {
            migrate(database);
            nyt = Nyt.create(clients.config(KafkaSettings.Kind.PRODUCER, "commands", Nyt.PRODUCER_SETTINGS,
                    Nyt.OWNED_SETTINGS), config.kafka().topics());
            opened.addFirst(nyt);
            realtime = Realtime.start(config.push(), clients, readModel, registry, Duration.ofSeconds(30));
            opened.addFirst(realtime);
            projector = Projector.create(clients, database, registry, config.projectorBatch()).start();
            opened.addFirst(projector);
        } catch (RuntimeException e) {
            close();
            throw e;
        }

        List<HealthCheck> checks = new ArrayList<>(List.of(databaseCheck(database), projector, realtime));
        checks.addAll(extras.healthChecks());
        Supplier<String> scrape = extras.metrics() == null ? registry::scrape : extras.metrics();
        ApiRoutes.Services services = new ApiRoutes.Services(Authenticator.of(config.auth()), readModel,
                new Commands(nyt, config.publishTimeout()), realtime, config.intervals(), registry, Clock.systemUTC(),
                config.cors());
        app = Javalin.create(javalin -> {
            javalin.startup.showJavalinBanner = false;
            javalin.concurrency.useVirtualThreads = true;
            javalin.jsonMapper(new JavalinJson());
            OpsRoutes.install(javalin, scrape, List.copyOf(checks));
            ApiRoutes.install(javalin, services);
            extras.routes().accept(javalin);
        }).start(config.httpPort());
        log.info("nyt-query-api serves on port {}", app.port());
        return this;
    }

    public int port() {
        return app.port();
    }

    /**
     * The routes the server answers, as {@code "GET /api/v1/notifications"}, WebSockets as {@code "WEBSOCKET /nyt"}
     * (what {@code /openapi.json} must document).
     */
    public List<String> routes() {
        List<String> routes = new ArrayList<>();
        for (var endpoint : app.unsafe.internalRouter.allHttpHandlers()) {
            if (endpoint.endpoint.method.isHttpMethod()) {
                routes.add(endpoint.endpoint.method.name() + " " + endpoint.endpoint.path);
            }
        }
        for (var socket : app.unsafe.internalRouter.allWsHandlers()) {
            if (socket.getType() == io.javalin.websocket.WsHandlerType.WEBSOCKET) {
                routes.add("WEBSOCKET " + socket.getPath());
            }
        }
        return List.copyOf(routes);
    }

    public Database database() {
        return database;
    }

    /**
     * Empties the read model (every table, the projector's offsets too) so that the next start replays every
     * topic from the beginning. Stop every instance first: a running projector keeps its position in memory.
     */
    public static void clearReadModel(Database database) {
        database.migrate();
        database.dsl().transaction(configuration -> {
            for (Table<?> table : dev.nyt.api.db.jooq.DefaultSchema.DEFAULT_SCHEMA.getTables()) {
                org.jooq.impl.DSL.using(configuration).truncate(table).execute();
            }
        });
        log.info("Read model with table prefix {} cleared: the projector replays every topic from the beginning",
                database.tablePrefix());
    }

    private static void migrate(Database database) {
        Instant giveUp = Instant.now().plus(MIGRATION_PATIENCE);
        while (true) {
            try {
                database.migrate();
                return;
            } catch (RuntimeException e) {
                if (Instant.now().isAfter(giveUp)) {
                    throw e;
                }
                log.warn("Cannot migrate the read model yet, retrying: {}", e.getMessage());
                try {
                    Thread.sleep(2_000);
                } catch (InterruptedException interrupted) {
                    Thread.currentThread().interrupt();
                    throw e;
                }
            }
        }
    }

    private static HealthCheck databaseCheck(Database database) {
        return new HealthCheck() {
            @Override
            public String name() {
                return "database";
            }

            @Override
            public boolean live() {
                return true;
            }

            @Override
            public boolean ready() {
                return database.answers();
            }
        };
    }

    @Override
    public synchronized void close() {
        if (app != null) {
            app.stop();
            app = null;
        }
        for (AutoCloseable closeable : opened) {
            try {
                closeable.close();
            } catch (Exception e) {
                log.warn("Closing {} failed", closeable.getClass().getSimpleName(), e);
            }
        }
        opened.clear();
    }
}
