package dev.nyt.bench;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Figure 4: the unread list ({@code GET /api/v1/notifications}) under {@code wrk} on loopback, with users × per
 * user notifications seeded straight into the query API's read model (shaped like projected rows, all unread).
 */
final class ReadFigure {

    private static final Pattern REQUESTS = Pattern.compile("Requests/sec:\\s+([0-9.]+)");
    private static final Pattern NON_2XX = Pattern.compile("Non-2xx or 3xx responses:\\s+(\\d+)");
    private static final Pattern ERRORS = Pattern.compile("Socket errors:(.*)");

    private ReadFigure() {
    }

    static List<Row> run(Bench.Sizes sizes) {
        int users = sizes.readUsers();
        int perUser = sizes.readPerUser();
        String stored = String.format("%,d notifications stored", (long) users * perUser);
        Row rate = new Row("read-rps", "read API unread list, " + stored + ": requests/s", "req/s", true)
                .bar("≥ 5,000/s", 5_000);
        Row p50 = new Row("read-p50", "read API unread list, " + stored + ": p50", "ms", false);
        Row p99 = new Row("read-p99", "read API unread list, " + stored + ": p99", "ms", false).bar("≤ 20 ms", 20);
        try (Stack stack = Stack.create("bench-read", Map.of()).withDatabase().withTopics().withQueryApi();
             Connection db = stack.connect()) {
            long t = System.nanoTime();
            seed(db, users, perUser);
            double seedSeconds = (System.nanoTime() - t) / 1e9;
            Bench.log("read: seeded %,d notifications in %.1f s", (long) users * perUser, seedSeconds);
            rate.details.put("seedSeconds", seedSeconds);
            String user = "user-" + (users / 2);
            String url = "http://127.0.0.1:" + stack.api.port() + "/api/v1/notifications";
            String body = check(url, "X-Nyt-User: " + user);
            if (!body.contains("\"total_count\":" + perUser)) {
                throw new IllegalStateException("unexpected answer for " + user + ": "
                        + body.substring(0, Math.min(200, body.length())));
            }
            for (int run = 0; run <= sizes.runs(); run++) {
                // the warm-up lets the JIT compile the request path (Jetty, jOOQ, JDBC, JSON) before timing
                int seconds = run == 0 ? Math.min(10, sizes.wrkSeconds()) : sizes.wrkSeconds();
                String out = wrk(url, "X-Nyt-User: " + user, seconds);
                double rps = number(REQUESTS, out);
                double l50 = latency(out, "50%");
                double l99 = latency(out, "99%");
                Matcher non2xx = NON_2XX.matcher(out);
                if (non2xx.find()) {
                    throw new IllegalStateException("wrk saw " + non2xx.group(1) + " non-2xx answers");
                }
                Matcher errors = ERRORS.matcher(out);
                if (errors.find()) {
                    rate.details.put("socketErrorsRun" + run, errors.group(1).strip());
                }
                Bench.log("read %s: %.0f req/s, p50 %.2f ms, p99 %.2f ms", run == 0 ? "warm-up" : "run " + run, rps, l50, l99);
                if (run > 0) {
                    rate.add(rps);
                    p50.add(l50);
                    p99.add(l99);
                }
            }
            rate.details.put("wrk", "wrk -t2 -c16 -d" + sizes.wrkSeconds() + "s --latency -H 'X-Nyt-User: " + user + "' " + url);
        } catch (Exception | Error e) {
            Bench.fail(e, rate, p50, p99);
        }
        return List.of(rate, p50, p99);
    }

    private static void seed(Connection db, int users, int perUser) throws Exception {
        try (Statement statement = db.createStatement()) {
            statement.execute("INSERT INTO nyt_notificationtype (key, label) SELECT 'bench/key-' || k, 'Bench key ' || k "
                    + "FROM generate_series(0, 4) k ON CONFLICT DO NOTHING");
            // ids interleave the users (as a broadcast to all of them would), every row unread, 5 keys
            statement.execute("INSERT INTO nyt_notification (user_id, id, subscription_id, settings_id, notification_type_key,"
                    + " message, url, content_type, object_id, occurrences, is_viewed, is_emailed, created, modified, event_id)"
                    + " SELECT 'user-' || u, n::bigint * " + users + " + u + 1, 'sub-' || u || '-' || (n % 5), 'settings-' || u,"
                    + " 'bench/key-' || (n % 5), 'there was a response to your comment ' || n, '/comments/' || n,"
                    + " 'comments.comment', n::text, 1, false, false,"
                    + " now() - make_interval(secs => (" + perUser + " - n) * 60), now() - make_interval(secs => (" + perUser + " - n) * 60),"
                    + " 'seed-' || n || '-' || u"
                    + " FROM generate_series(0, " + (perUser - 1) + ") n, generate_series(0, " + (users - 1) + ") u");
            statement.execute("VACUUM ANALYZE nyt_notification");
        }
    }

    /** One GET with the header ({@code "Name: value"}); the body of a 200, else an exception. */
    static String check(String url, String header) throws IOException, InterruptedException {
        int colon = header.indexOf(':');
        try (HttpClient client = HttpClient.newHttpClient()) {
            HttpResponse<String> response = client.send(HttpRequest.newBuilder(URI.create(url))
                    .header(header.substring(0, colon), header.substring(colon + 1).strip()).build(),
                    HttpResponse.BodyHandlers.ofString());
            if (response.statusCode() != 200) {
                throw new IllegalStateException("GET " + url + " answered " + response.statusCode() + ": " + response.body());
            }
            return response.body();
        }
    }

    /** What one wrk run measured. */
    record Wrk(double rps, double p50, double p99) {
    }

    /** A wrk run with the header, parsed; non-2xx answers fail it. */
    static Wrk measure(String url, String header, int seconds) throws IOException, InterruptedException {
        String out = wrk(url, header, seconds);
        Matcher non2xx = NON_2XX.matcher(out);
        if (non2xx.find()) {
            throw new IllegalStateException("wrk saw " + non2xx.group(1) + " non-2xx answers");
        }
        return new Wrk(number(REQUESTS, out), latency(out, "50%"), latency(out, "99%"));
    }

    private static String wrk(String url, String header, int seconds) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(List.of("wrk", "-t2", "-c16", "-d" + seconds + "s", "--latency",
                "-H", header, url));
        Process process;
        try {
            process = new ProcessBuilder(command).redirectErrorStream(true).start();
        } catch (IOException e) {
            throw new IllegalStateException("wrk is not installed (apt-get install -y wrk)", e);
        }
        if (!process.waitFor(seconds + 30L, TimeUnit.SECONDS)) {
            process.destroyForcibly();
            throw new IllegalStateException("wrk did not finish in " + (seconds + 30) + " s");
        }
        String out = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (process.exitValue() != 0) {
            throw new IllegalStateException("wrk failed: " + out);
        }
        return out;
    }

    private static double number(Pattern pattern, String out) {
        Matcher matcher = pattern.matcher(out);
        if (!matcher.find()) {
            throw new IllegalStateException("cannot read wrk output: " + out);
        }
        return Double.parseDouble(matcher.group(1));
    }

    /** A line of wrk's latency distribution ("99%    3.21ms") in milliseconds. */
    static double latency(String out, String percentile) {
        Matcher matcher = Pattern.compile("^\\s*" + Pattern.quote(percentile) + "\\s+([0-9.]+)(us|ms|s)\\s*$",
                Pattern.MULTILINE).matcher(out);
        if (!matcher.find()) {
            throw new IllegalStateException("no " + percentile + " latency in wrk output: " + out);
        }
        double value = Double.parseDouble(matcher.group(1));
        return switch (matcher.group(2)) {
            case "us" -> value / 1000;
            case "s" -> value * 1000;
            default -> value;
        };
    }
}
