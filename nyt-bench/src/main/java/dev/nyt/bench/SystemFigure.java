package dev.nyt.bench;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.MACSigner;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import dev.nyt.testing.TestKafka;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Date;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.Future;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringSerializer;

/**
 * Figure 5: the system as a user runs it, not the parts a figure needs: all three services up (fan-out, query API
 * with its projector and push consumer, digest processor with an SMTP server and weekly digests by default, so
 * it holds every notification for its digest), JWT auth on the read path
 * ({@code NYT_JWT_SECRET}, HS256 bearer tokens), and every command and event written as JSON text by a plain
 * Kafka producer with its default settings, as the stock console producer would. Broadcasts of 1 key × N:
 * the first after start (cold: the JIT has seen the registration, not a broadcast) apart from the next ones
 * (warm), each timed from the publish to the last row in PostgreSQL and from the first row to the last; then
 * the unread list under wrk with a bearer token.
 */
final class SystemFigure {

    private static final Duration PATIENCE = Duration.ofMinutes(5);
    static final String SECRET = "bench-secret-bench-secret-bench-secret-0123";

    private SystemFigure() {
    }

    static List<Row> run(Bench.Sizes sizes) {
        int n = sizes.broadcastSubscribers();
        String what = String.format("system (all services, JWT reads, plain producer): broadcast 1 key × %,d", n);
        Row cold = new Row("system-broadcast-cold", what + ", first after start: publish → last row in PostgreSQL",
                "notifications/s", true);
        Row warm = new Row("system-broadcast-warm", what + ", warm: publish → last row in PostgreSQL",
                "notifications/s", true).bar("≥ 50,000/s", 50_000);
        Row warmRows = new Row("system-broadcast-warm-rows", what + ", warm: first row → last row",
                "notifications/s", true);
        Row firstRow = new Row("system-first-row", what + ", warm: publish → first row in PostgreSQL", "ms", false);
        Row rps = new Row("system-read-rps", "system: unread list with a bearer JWT under wrk: requests/s", "req/s", true)
                .bar("≥ 5,000/s", 5_000);
        Row p99 = new Row("system-read-p99", "system: unread list with a bearer JWT under wrk: p99", "ms", false)
                .bar("≤ 20 ms", 20);
        List<Row> rows = List.of(cold, warm, warmRows, firstRow, rps, p99);
        try (SmtpSink smtp = new SmtpSink();
             Stack stack = Stack.create("bench-system", Map.of(
                     "NYT_AUTH_MODE", "jwt",
                     "NYT_JWT_SECRET", SECRET,
                     // weekly digests, as a site that broadcasts would set them: the digest processor keeps every
                     // notification pending (its steady per-notification cost); sending is the digest figure's
                     "NYT_INTERVALS_DEFAULT", "9660",
                     "NYT_SMTP_HOST", "127.0.0.1",
                     "NYT_SMTP_PORT", String.valueOf(smtp.port())))
                     .withDatabase().withTopics().withFanout().withQueryApi().withDigest();
             KafkaProducer<String, String> producer = plainProducer();
             Connection db = stack.connect()) {
            long t = System.nanoTime();
            List<Future<?>> sent = new ArrayList<>(n);
            for (int i = 0; i < n; i++) {
                String user = "user-" + i;
                sent.add(producer.send(new ProducerRecord<>(stack.topics.subscriptionRequests().name(), user,
                        "{\"type\":\"subscribe\",\"userId\":\"" + user + "\",\"key\":\"broadcast\"}")));
            }
            for (Future<?> f : sent) {
                f.get();
            }
            stack.awaitIndexed(n, PATIENCE);
            PipelineFigures.awaitRows(db, "nyt_subscription", n, PATIENCE);
            Bench.log("system: %,d subscriptions registered in %.1f s", n, (System.nanoTime() - t) / 1e9);
            for (int run = 0; run <= sizes.runs(); run++) {
                PipelineFigures.truncate(db, "nyt_notification");
                CpuMeter cpu = CpuMeter.start();
                long t0 = System.nanoTime();
                producer.send(new ProducerRecord<>(stack.topics.notifyRequested().name(), "broadcast",
                        "{\"key\":\"broadcast\",\"message\":\"system broadcast " + run + "\",\"url\":\"/b/" + run + "\"}")).get();
                long tFirst = PipelineFigures.awaitRows(db, "nyt_notification", 1, PATIENCE);
                long tLast = PipelineFigures.awaitRows(db, "nyt_notification", n, PATIENCE);
                long[] cpuNanos = cpu.stop();
                double rate = n / ((tLast - t0) / 1e9);
                double rowsRate = n / ((tLast - tFirst) / 1e9);
                double firstMs = (tFirst - t0) / 1e6;
                double machineMicros = cpuNanos[1] / 1e3 / n;
                Bench.log("system broadcast %s: %.0f notifications/s publish → last row, %.0f/s first → last row, "
                                + "first row after %.0f ms; CPU per notification %.1f µs in this JVM, %.1f µs on the machine",
                        run == 0 ? "cold" : "warm " + run, rate, rowsRate, firstMs, cpuNanos[0] / 1e3 / n, machineMicros);
                if (run == 0) {
                    cold.add(rate);
                    cold.details.put("firstRowToLastRow", rowsRate);
                    cold.details.put("publishToFirstRowMs", firstMs);
                    cold.details.put("machineCpuMicrosPerNotification", machineMicros);
                } else {
                    warm.add(rate);
                    warmRows.add(rowsRate);
                    firstRow.add(firstMs);
                    @SuppressWarnings("unchecked")
                    List<Double> cpuList = (List<Double>) warm.details.computeIfAbsent("machineCpuMicrosPerNotification",
                            k -> new ArrayList<Double>());
                    cpuList.add(machineMicros);
                }
            }
            read(stack, sizes, rps, p99);
        } catch (Exception | Error e) {
            Bench.fail(e, rows.toArray(Row[]::new));
        }
        return rows;
    }

    /** The unread list of one subscriber (its one notification of the last broadcast) with a bearer token. */
    private static void read(Stack stack, Bench.Sizes sizes, Row rps, Row p99) throws Exception {
        String user = "user-7";
        String url = "http://127.0.0.1:" + stack.api.port() + "/api/v1/notifications";
        String header = "Authorization: Bearer " + token(user);
        String body = ReadFigure.check(url, header);
        if (!body.contains("\"total_count\":1")) {
            throw new IllegalStateException("unexpected answer for " + user + ": " + body.substring(0, Math.min(200, body.length())));
        }
        for (int run = 0; run <= sizes.runs(); run++) {
            int seconds = run == 0 ? Math.min(10, sizes.wrkSeconds()) : sizes.wrkSeconds();
            ReadFigure.Wrk result = ReadFigure.measure(url, header, seconds);
            Bench.log("system read %s: %.0f req/s, p99 %.2f ms", run == 0 ? "warm-up" : "run " + run, result.rps(), result.p99());
            if (run > 0) {
                rps.add(result.rps());
                p99.add(result.p99());
            }
        }
        rps.details.put("wrk", "wrk -t2 -c16 -d" + sizes.wrkSeconds() + "s --latency -H 'Authorization: Bearer <HS256 JWT>' " + url);
        rps.details.put("rows", "the last broadcast's rows: " + "1 unread notification for the caller");
    }

    static String token(String user) throws JOSEException {
        SignedJWT jwt = new SignedJWT(new JWSHeader(JWSAlgorithm.HS256), new JWTClaimsSet.Builder().subject(user)
                .expirationTime(Date.from(Instant.now().plus(Duration.ofHours(2)))).build());
        jwt.sign(new MACSigner(SECRET.getBytes(StandardCharsets.UTF_8)));
        return jwt.serialize();
    }

    /** A producer with the client's defaults (acks=all, idempotent, the default partitioner) and string serdes. */
    private static KafkaProducer<String, String> plainProducer() {
        Properties props = new Properties();
        props.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, TestKafka.bootstrapServers());
        return new KafkaProducer<>(props, new StringSerializer(), new StringSerializer());
    }
}
