package dev.nyt.local;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.sun.net.httpserver.HttpServer;
import dev.nyt.api.QueryApi;
import dev.nyt.api.QueryApiConfig;
import dev.nyt.client.Notify;
import dev.nyt.client.Nyt;
import dev.nyt.events.topic.Topics;
import dev.nyt.fanout.FanoutConfig;
import dev.nyt.fanout.FanoutService;
import dev.nyt.runtime.Env;
import dev.nyt.runtime.Metrics;
import dev.nyt.testing.TestDatabase;
import dev.nyt.testing.TestKafka;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.io.Writer;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The {@code <nyt-inbox>} component in headless Chromium (Debian's {@code /usr/bin/chromium}, driven by npm
 * {@code playwright-core} from {@code nyt-query-api/src/test/browser/inbox.spec.mjs}) against the whole system in
 * one JVM: the page comes from another origin (a second HTTP server, listed in NYT_CORS_ORIGINS), the badge shows
 * the unread count, a notification published to Kafka appears live, mark-all-read clears it, the state survives
 * a reload, a second tab of the same user follows live. It saves a screenshot ({@link #SCREENSHOT}).
 *
 * <p>Without Chromium, node or the npm packages ({@code npm ci} in the browser folder) it is skipped saying what is
 * missing; with {@code CI=true} it fails instead ({@code .ci/run} installs them).
 */
class InboxBrowserIT {

    private static final String USER = "browser-alice";
    private static final String LIVE_MESSAGE = "bob answered you just now";
    private static final Path BROWSER = TestTokens.repository().resolve("nyt-query-api/src/test/browser");
    /**
     * Where the screenshot goes: {@code nyt-local/target/inbox.png}, so a test run leaves the checkout clean;
     * {@code -Dnyt.screenshot=<repository>/docs/inbox.png} refreshes the one the README shows.
     */
    private static final Path SCREENSHOT = Path.of(System.getProperty("nyt.screenshot", "target/inbox.png"))
            .toAbsolutePath();

    private static TestDatabase db;
    private static FanoutService fanout;
    private static QueryApi api;
    private static Nyt nyt;
    private static HttpServer app;

    @BeforeAll
    static void start() throws Exception {
        requireBrowser();
        app = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        String appOrigin = "http://127.0.0.1:" + app.getAddress().getPort();
        db = TestDatabase.create();
        String prefix = TestKafka.uniqueName("e2e-browser") + "-";
        Map<String, String> env = new HashMap<>();
        env.put("NYT_KAFKA_BOOTSTRAP", TestKafka.bootstrapServers());
        env.put("NYT_TOPIC_PREFIX", prefix);
        env.put("NYT_TOPIC_PARTITIONS", "2");
        env.put("NYT_STATE_DIR", Files.createTempDirectory("nyt-e2e-browser").toString());
        env.put("NYT_DB_URL", db.jdbcUrl());
        env.put("NYT_DB_USER", db.user());
        env.put("NYT_DB_PASSWORD", db.password());
        env.put("NYT_HTTP_PORT", "0");
        env.put("NYT_JWT_SECRET", TestTokens.SECRET);
        env.put("NYT_CORS_ORIGINS", appOrigin);
        fanout = FanoutService.start(FanoutConfig.fromEnv(new Env(env)), Metrics.newRegistry("nyt-fanout-processor"));
        api = new QueryApi(QueryApiConfig.fromEnv(new Env(env)), Metrics.newRegistry("nyt-query-api")).start();
        nyt = Nyt.create(TestKafka.producerConfig(), Topics.withPrefix(prefix));
        await("fan-out running").atMost(Duration.ofSeconds(60)).until(fanout::ready);

        // the application's page, on its own origin: it embeds the component from the API's
        String apiOrigin = "http://localhost:" + api.port();
        byte[] page = ("<!doctype html><html lang=\"en\"><head><meta charset=\"utf-8\"><title>Acme</title>"
                + "<script type=\"module\" src=\"" + apiOrigin + "/nyt-inbox.js\"></script>"
                + "<style>body{margin:0;font:15px system-ui,sans-serif;background:#f6f8fa}"
                + "nav{display:flex;justify-content:space-between;align-items:center;padding:12px 24px;background:#24292f;color:#fff}"
                + "nyt-inbox{--nyt-inbox-accent:#8250df}</style></head><body>"
                + "<nav><strong>Acme</strong><nyt-inbox api=\"" + apiOrigin + "\" token=\"" + TestTokens.token(USER) + "\"></nyt-inbox></nav>"
                + "<main style=\"padding:24px\">An application on " + appOrigin + " with nyt's inbox in its header.</main>"
                + "</body></html>").getBytes(StandardCharsets.UTF_8);
        app.createContext("/app.html", exchange -> {
            exchange.getResponseHeaders().add("Content-Type", "text/html; charset=utf-8");
            exchange.sendResponseHeaders(200, page.length);
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(page);
            }
        });
        app.createContext("/favicon.ico", exchange -> {
            exchange.sendResponseHeaders(204, -1);
            exchange.close();
        });
        app.start();
    }

    /** Chromium, node and playwright-core, or a skip naming what is missing (a failure under CI=true). */
    private static void requireBrowser() {
        List<String> missing = new ArrayList<>();
        if (!Files.isExecutable(chromium())) {
            missing.add("Chromium at " + chromium() + " (apt-get install chromium, or NYT_CHROMIUM)");
        }
        if (!runs("node", "--version")) {
            missing.add("node on the PATH");
        }
        if (!Files.isDirectory(BROWSER.resolve("node_modules/playwright-core"))) {
            missing.add("playwright-core (npm ci in " + BROWSER + ")");
        }
        if (missing.isEmpty()) {
            return;
        }
        String message = "The browser test needs " + String.join(", ", missing);
        if ("true".equals(System.getenv("CI"))) {
            throw new IllegalStateException(message + ": CI=true, so this is a failure, not a skip");
        }
        Assumptions.abort(message);
    }

    private static Path chromium() {
        return Path.of(System.getenv().getOrDefault("NYT_CHROMIUM", "/usr/bin/chromium"));
    }

    private static boolean runs(String... command) {
        try {
            Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
            process.getInputStream().readAllBytes();
            return process.waitFor(20, TimeUnit.SECONDS) && process.exitValue() == 0;
        } catch (IOException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    @AfterAll
    static void stop() {
        if (app != null) {
            app.stop(0);
        }
        if (nyt != null) {
            nyt.close();
        }
        if (api != null) {
            api.close();
        }
        if (fanout != null) {
            fanout.close();
        }
        if (db != null) {
            db.close();
        }
    }

    @Test
    void theInboxOnAnotherOriginFollowsKafkaLiveAndKeepsItsStateAcrossTabsAndReloads() throws Exception {
        nyt.subscribe(USER, "comment/response").join();
        await("subscribed").atMost(Duration.ofSeconds(60))
                .until(() -> get("/api/v1/subscriptions").contains("comment/response"));
        nyt.notify(Notify.of("carol commented on your post", "comment/response")).join();
        nyt.notify(Notify.of("dave liked your answer", "comment/response")).join();
        await("two unread").atMost(Duration.ofSeconds(60))
                .until(() -> get("/api/v1/notifications/counts").contains("\"unread\":2"));
        Files.deleteIfExists(SCREENSHOT);

        ProcessBuilder builder = new ProcessBuilder("node", "inbox.spec.mjs").directory(BROWSER.toFile())
                .redirectErrorStream(true);
        builder.environment().put("PAGE_URL", "http://127.0.0.1:" + app.getAddress().getPort() + "/app.html");
        builder.environment().put("SCREENSHOT", SCREENSHOT.toString());
        builder.environment().put("CHROMIUM", chromium().toString());
        builder.environment().put("LIVE_MESSAGE", LIVE_MESSAGE);
        Process browser = builder.start();
        Thread.ofVirtual().start(() -> { // a browser that hangs is stopped, so the test ends
            try {
                if (!browser.waitFor(3, TimeUnit.MINUTES)) {
                    browser.destroyForcibly();
                }
            } catch (InterruptedException e) {
                browser.destroyForcibly();
            }
        });
        List<String> output = new ArrayList<>();
        try (BufferedReader lines = new BufferedReader(new InputStreamReader(browser.getInputStream(), StandardCharsets.UTF_8));
             Writer answers = new java.io.OutputStreamWriter(browser.getOutputStream(), StandardCharsets.UTF_8)) {
            for (String line = lines.readLine(); line != null; line = lines.readLine()) {
                output.add(line);
                if (line.equals("PUBLISH")) {
                    nyt.notify(Notify.of(LIVE_MESSAGE, "comment/response")).join();
                    answers.write("published\n");
                    answers.flush();
                }
            }
        } finally {
            if (!browser.waitFor(30, TimeUnit.SECONDS)) {
                browser.destroyForcibly();
            }
        }

        assertThat(browser.exitValue()).as("the browser test said:%n%s", String.join("\n", output)).isZero();
        assertThat(output).contains("PASS");
        assertThat(SCREENSHOT).isNotEmptyFile();
        assertThat(get("/api/v1/notifications/counts")).isEqualTo("{\"success\":true,\"unread\":0,\"unseen\":0}");
    }

    private static String get(String path) {
        try {
            HttpResponse<String> response = HttpClient.newHttpClient().send(
                    HttpRequest.newBuilder(URI.create("http://localhost:" + api.port() + path))
                            .header("Authorization", "Bearer " + TestTokens.token(USER)).timeout(Duration.ofSeconds(20)).build(),
                    HttpResponse.BodyHandlers.ofString());
            return response.body();
        } catch (IOException e) {
            throw new IllegalStateException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
