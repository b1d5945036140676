package dev.nyt.local.up;

import dev.nyt.api.QueryApi;
import dev.nyt.api.QueryApiConfig;
import dev.nyt.api.projector.Projector;
import dev.nyt.digest.DigestProcessor;
import dev.nyt.digest.config.DigestConfig;
import dev.nyt.events.json.Json;
import dev.nyt.events.topic.Topics;
import dev.nyt.fanout.FanoutConfig;
import dev.nyt.fanout.FanoutService;
import dev.nyt.local.LocalKafka;
import dev.nyt.local.LocalKafkaConfig;
import dev.nyt.runtime.Env;
import dev.nyt.runtime.HealthCheck;
import dev.nyt.runtime.Metrics;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import tools.jackson.databind.json.JsonMapper;

/**
 * The whole of nyt in one JVM, as {@code ./nyt up} runs it: the embedded Kafka broker, the fan-out and digest
 * processors, and the query API, whose one HTTP port serves the API, {@code /metrics} of every service and a
 * {@code /health/ready} that is UP only when the broker and all three services are. With no SMTP server
 * configured, an in-process {@link MailCatcher} receives the mail ({@code /dev/mail} in dev mode).
 * {@link #close()} stops the services first and the broker last.
 */
public final class NytUp implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(NytUp.class);
    private static final Duration SERVICE_CLOSE = Duration.ofSeconds(40);
    private static final JsonMapper JSON = Json.mapper();

    private final UpSettings settings;
    private final List<AutoCloseable> services = new ArrayList<>();
    private MailCatcher catcher;
    private LocalKafka kafka;
    private BrokerCheck brokerCheck;
    private QueryApi api;

    private NytUp(UpSettings settings) {
        this.settings = settings;
    }

    /**
     * Checks the configuration, makes sure the database exists, then starts everything; returns once the
     * API's port is open (see {@link #awaitReady(Duration)}). Whatever started is stopped again when a part fails.
     *
     * @throws dev.nyt.runtime.ConfigException a bad variable, named
     * @throws PostgresCheck.Unavailable       no PostgreSQL, with what to do
     */
    public static NytUp start(UpSettings given) {
        // every service's configuration first: a bad value stops the start before anything runs
        LocalKafkaConfig kafkaConfig = LocalKafkaConfig.fromEnv(given.env());
        QueryApiConfig apiConfig = QueryApiConfig.fromEnv(new Env(given.env()));
        FanoutConfig.fromEnv(new Env(given.env()));
        DigestConfig.fromEnv(given.env());
        PostgresCheck.ensureDatabase(apiConfig.db().url(), apiConfig.db().user(), apiConfig.db().password());

        NytUp up = new NytUp(given);
        try {
            up.startAll(kafkaConfig);
            return up;
        } catch (RuntimeException e) {
            up.close();
            throw e;
        }
    }

    private void startAll(LocalKafkaConfig kafkaConfig) {
        UpSettings effective = settings;
        if (settings.mailCatcher()) {
            catcher = MailCatcher.start();
            effective = settings.withMailCatcherAt(catcher.host(), catcher.port());
        }
        kafka = LocalKafka.start(kafkaConfig);
        brokerCheck = new BrokerCheck(kafkaConfig.host(), kafkaConfig.port());
        Env env = new Env(effective.env());
        String prefix = Topics.fromEnv(effective.env()).prefix();
        LeftoverMembers.remove(kafka.bootstrapServers(), List.of(prefix + FanoutConfig.APPLICATION_ID,
                prefix + DigestProcessor.NAME, prefix + Projector.GROUP));

        PrometheusMeterRegistry fanoutRegistry = registry(FanoutConfig.APPLICATION_ID);
        FanoutService fanout = FanoutService.start(FanoutConfig.fromEnv(env), fanoutRegistry);
        services.addFirst(fanout);

        PrometheusMeterRegistry digestRegistry = registry(DigestProcessor.NAME);
        DigestConfig digestConfig = DigestConfig.fromEnv(effective.env());
        DigestProcessor digest = new DigestProcessor(digestConfig, digestRegistry);
        services.addFirst(digest);
        digest.start();

        PrometheusMeterRegistry apiRegistry = Metrics.newRegistry("nyt-query-api");
        QueryApiConfig apiConfig = QueryApiConfig.fromEnv(env);
        List<HealthCheck> checks = new ArrayList<>(List.of(brokerCheck, fanout));
        checks.addAll(digest.healthChecks());
        MailCatcher mail = catcher;
        boolean showMail = mail != null && apiConfig.auth().devMode();
        api = new QueryApi(apiConfig, apiRegistry, new QueryApi.Extras(checks,
                new MergedMetrics(List.of(apiRegistry::scrape, fanoutRegistry::scrape, digestRegistry::scrape)),
                javalin -> {
                    if (showMail) {
                        javalin.routes.get("/dev/mail", ctx -> ctx.json(mail.messages()));
                    }
                })).start();
    }

    /** A registry without the JVM meters: the query API's registry has those once for the whole JVM. */
    private static PrometheusMeterRegistry registry(String service) {
        PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
        registry.config().commonTags("service", service);
        return registry;
    }

    /**
     * Waits until {@code /health/ready} answers 200, logging each part as it becomes ready; false when it did not
     * within {@code patience}.
     */
    public boolean awaitReady(Duration patience) throws InterruptedException {
        long started = System.nanoTime();
        long giveUp = started + patience.toNanos();
        Set<String> ready = new HashSet<>();
        try (HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build()) {
            HttpRequest request = HttpRequest.newBuilder(URI.create(baseUrl() + "/health/ready"))
                    .timeout(Duration.ofSeconds(5)).build();
            while (System.nanoTime() < giveUp) {
                try {
                    HttpResponse<String> response = http.send(request, HttpResponse.BodyHandlers.ofString());
                    JSON.readTree(response.body()).path("checks").properties().forEach(check -> {
                        if ("UP".equals(check.getValue().asString()) && ready.add(check.getKey())) {
                            log.info("{} is ready ({} ms)", check.getKey(),
                                    TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - started));
                        }
                    });
                    if (response.statusCode() == 200) {
                        return true;
                    }
                } catch (IOException | RuntimeException e) {
                    log.debug("Not ready yet: {}", e.getMessage());
                }
                TimeUnit.MILLISECONDS.sleep(200);
            }
        }
        return false;
    }

    /** The current answer of {@code /health/ready}, for saying what is not ready. */
    public String readiness() {
        try (HttpClient http = HttpClient.newHttpClient()) {
            return http.send(HttpRequest.newBuilder(URI.create(baseUrl() + "/health/ready")).build(),
                    HttpResponse.BodyHandlers.ofString()).body();
        } catch (IOException e) {
            return e.toString();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return "interrupted";
        }
    }

    public String baseUrl() {
        return "http://localhost:" + api.port();
    }

    public int httpPort() {
        return api.port();
    }

    public String bootstrapServers() {
        return kafka.bootstrapServers();
    }

    public UpSettings settings() {
        return settings;
    }

    public LocalKafkaConfig kafkaConfig() {
        return kafka.config();
    }

    /** The in-process mail catcher, when no SMTP server was configured. */
    public Optional<MailCatcher> mailCatcher() {
        return Optional.ofNullable(catcher);
    }

    /** Stops the API, then both processors at once (bounded), then the broker, then the mail catcher. */
    @Override
    public synchronized void close() {
        long started = System.nanoTime();
        if (api != null) {
            closeQuietly(api);
            api = null;
        }
        List<Thread> closing = services.stream()
                .map(service -> Thread.ofPlatform().name("nyt-up-stop-" + service.getClass().getSimpleName())
                        .start(() -> closeQuietly(service)))
                .toList();
        services.clear();
        long deadline = System.nanoTime() + SERVICE_CLOSE.toNanos();
        for (Thread thread : closing) {
            try {
                long left = Math.max(1, TimeUnit.NANOSECONDS.toMillis(deadline - System.nanoTime()));
                if (!thread.join(Duration.ofMillis(left))) {
                    log.warn("{} did not stop within {}; stopping the broker anyway", thread.getName(), SERVICE_CLOSE);
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                break;
            }
        }
        if (brokerCheck != null) {
            brokerCheck.stopped();
        }
        if (kafka != null) {
            closeQuietly(kafka);
            kafka = null;
        }
        if (catcher != null) {
            closeQuietly(catcher);
            catcher = null;
        }
        log.info("nyt stopped in {} ms", TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - started));
    }

    private static void closeQuietly(AutoCloseable closeable) {
        try {
            closeable.close();
        } catch (Exception e) {
            log.warn("Stopping {} failed", closeable.getClass().getSimpleName(), e);
        }
    }
}
