package dev.nyt.local.up;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.icegreen.greenmail.util.GreenMail;
import com.icegreen.greenmail.util.GreenMailUtil;
import com.icegreen.greenmail.util.ServerSetup;
import dev.nyt.local.TestPorts;
import dev.nyt.testing.TestDatabase;
import jakarta.mail.internet.MimeMessage;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.awaitility.core.ConditionTimeoutException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * End to end, as a person runs it: the launcher of {@code ./nyt up} in a process of its own (its broker on a free
 * port, its state under {@code target/}, a fresh database, JWT auth, mail to a real SMTP server), events published
 * as raw JSON with the stock console producer ({@code ./nyt kafka kafka-console-producer}), the API read over HTTP
 * with a JWT, {@code nyt-notifications} read with the stock console consumer, the mail read from the SMTP server.
 * Then the process is killed with SIGKILL while a batch is being processed, restarted, and nothing may be lost
 * or doubled: every notification exactly once, every e-mail at least once, a resend with the same Message-ID.
 */
class NytUpIT {

    private static final Path REPOSITORY = Path.of("..").toAbsolutePath().normalize();
    private static final String SECRET = "the-end-to-end-test-secret-of-at-least-32-bytes";
    private static final String KEY = "comment/response";
    private static final int BATCH = 300;

    private final String run = Long.toString(ThreadLocalRandom.current().nextLong(1L << 40, 1L << 41), 36);
    private final String alice = "alice-" + run;
    private final String bob = "bob-" + run;
    private GreenMail smtp;
    private TestDatabase database;
    private Path work;
    private int kafkaPort;
    private int httpPort;
    private Process nyt;
    private int starts;

    @BeforeEach
    void setUp() throws IOException {
        smtp = new GreenMail(new ServerSetup(freePort(), "127.0.0.1", ServerSetup.PROTOCOL_SMTP));
        smtp.start();
        database = TestDatabase.create();
        work = Files.createDirectories(Path.of("target", "nyt-up-it", run).toAbsolutePath());
        // both are bound again after the SIGKILL: they must not be ports the kernel hands out meanwhile
        kafkaPort = TestPorts.belowEphemeralRange();
        httpPort = TestPorts.belowEphemeralRange();
    }

    @AfterEach
    void tearDown() throws InterruptedException {
        if (nyt != null && nyt.isAlive()) {
            nyt.destroyForcibly().waitFor(30, TimeUnit.SECONDS);
        }
        smtp.stop();
        database.close();
        keepBrokerLogs();
        deleteState(); // the broker's data and the Streams state; the logs of each start stay for a look
    }

    /** The broker's own log (state/kafka/broker*.log, every start appends to it) is what says why a restart was slow. */
    private void keepBrokerLogs() {
        try (var logs = Files.list(work.resolve("state").resolve("kafka"))) {
            for (Path log : logs.filter(path -> path.getFileName().toString().startsWith("broker")).toList()) {
                Files.copy(log, work.resolve(log.getFileName()), java.nio.file.StandardCopyOption.REPLACE_EXISTING);
            }
        } catch (IOException e) {
            System.out.println("could not keep the broker log of " + work + ": " + e);
        }
    }

    private void deleteState() {
        try (var paths = Files.walk(work.resolve("state"))) {
            paths.sorted(java.util.Comparator.reverseOrder()).forEach(path -> path.toFile().delete());
        } catch (IOException e) {
            System.out.println("could not delete " + work.resolve("state") + ": " + e);
        }
    }

    @Test
    void aSigkillMidBatchLosesAndDoublesNothing() throws Exception {
        // Given the whole system, started as ./nyt up starts it
        start();
        ApiClient api = new ApiClient("http://localhost:" + httpPort, Optional.of(SECRET));
        assertThat(api.get(null, "/health/ready").body())
                .contains("\"kafka-broker\":\"UP\"", "\"nyt-fanout-processor\":\"UP\"", "\"nyt-digest-processor\":\"UP\"",
                        "\"projector\":\"UP\"", "\"database\":\"UP\"");
        assertThat(api.get(null, "/metrics").body()).as("the metrics of every service on the one port")
                .contains("service=\"nyt-query-api\"", "service=\"nyt-fanout\"", "service=\"nyt-digest-processor\"");
        assertThat(api.get(null, "/dev/mail").status()).as("no mail catcher with a real SMTP server").isNotEqualTo(200);

        // When users, subscriptions and notify events arrive as raw JSON from the stock console producer
        produce("nyt-users",
                alice + "|{\"userId\":\"" + alice + "\",\"email\":\"" + alice + "@example.com\",\"displayName\":\"Alice\",\"active\":true}",
                bob + "|{\"userId\":\"" + bob + "\",\"email\":\"" + bob + "@example.com\",\"displayName\":\"Bob\",\"active\":true}");
        produce("nyt-subscription-requests",
                alice + "|{\"type\":\"subscribe\",\"userId\":\"" + alice + "\",\"key\":\"" + KEY + "\"}",
                bob + "|{\"type\":\"subscribe\",\"userId\":\"" + bob + "\",\"key\":\"" + KEY
                        + "\",\"target\":{\"contentType\":\"comments.comment\",\"objectId\":\"42\"}}");
        await().alias("both subscriptions in the API").atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(300))
                .until(() -> api.get(alice, "/api/v1/subscriptions").body().contains(KEY)
                        && api.get(bob, "/api/v1/subscriptions").body().contains("\"42\""));
        produce("nyt-notify-requested", notify("first-" + run, "about comment 42", "42"),
                notify("first-" + run, "about comment 42", "42"), // the same eventId again: notifies once
                notify("second-" + run, "about comment 7", "7"));

        // Then the API shows them to their users (JWT), the topic has them, and the mail went out
        await().alias("alice's two notifications").atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(300))
                .until(() -> total(api, alice) == 2 && total(api, bob) == 1);
        assertThat(api.get(null, "/api/v1/notifications").status()).as("no token").isEqualTo(401);
        assertThat(api.get(bob, "/api/v1/notifications?viewed=all").body())
                .contains("about comment 42").doesNotContain("about comment 7");
        List<String> created = consume("nyt-notifications", 3).stream().filter(line -> line.contains(run)).toList();
        assertThat(created).hasSize(3).allSatisfy(line -> assertThat(line).contains("\"type\":\"notificationCreated\""));
        await().alias("the first e-mails").atMost(Duration.ofSeconds(60))
                .until(() -> mailTo(alice).stream().anyMatch(mail -> mail.body().contains("about comment 7"))
                        && mailTo(bob).stream().anyMatch(mail -> mail.body().contains("about comment 42")));

        // When a batch is published and the process is killed with SIGKILL while it is being processed
        String[] batch = IntStream.range(0, BATCH)
                .mapToObj(i -> notify("batch-" + run + "-" + i, "batch " + run + " #" + i, "42")).toArray(String[]::new);
        produce("nyt-notify-requested", batch);
        await().alias("the batch under way").atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(50))
                .until(() -> count(alice, "batch") + count(bob, "batch") > 0);
        long seenBeforeKill = count(alice, "batch") + count(bob, "batch");
        nyt.destroyForcibly(); // SIGKILL
        assertThat(nyt.waitFor(30, TimeUnit.SECONDS)).isTrue();
        System.out.printf("killed with %d of %d batch notifications in the read model%n", seenBeforeKill, 2 * BATCH);

        // Then, restarted, every notification is there exactly once
        start();
        await().alias("the whole batch after the restart").atMost(Duration.ofSeconds(90)).pollInterval(Duration.ofMillis(500))
                .until(() -> count(alice, "batch") == BATCH && count(bob, "batch") == BATCH);
        assertThat(duplicates()).as("(user, message) pairs with more than one notification, or occurrences > 1").isEmpty();
        assertThat(total(api, alice)).isEqualTo(BATCH + 2);
        assertThat(total(api, bob)).isEqualTo(BATCH + 1);
        List<String> topic = consume("nyt-notifications", 3 + 2 * BATCH);
        Map<String, Long> perUserAndMessage = topic.stream()
                .filter(line -> line.contains(run) && line.contains("\"type\":\"notificationCreated\""))
                .collect(Collectors.groupingBy(NytUpIT::userAndMessage, Collectors.counting()));
        assertThat(perUserAndMessage).hasSize(3 + 2 * BATCH).allSatisfy((pair, count) -> assertThat(count).as(pair).isEqualTo(1));

        // and every notification was e-mailed at least once; a resend is the same mail with the same Message-ID
        await().alias("every batch notification e-mailed").atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofSeconds(1))
                .until(() -> missingFromMail(alice).isEmpty() && missingFromMail(bob).isEmpty());
        Map<String, List<Mail>> byMessageId = new HashMap<>();
        mailTo(alice).forEach(mail -> byMessageId.computeIfAbsent(mail.messageId(), id -> new ArrayList<>()).add(mail));
        mailTo(bob).forEach(mail -> byMessageId.computeIfAbsent(mail.messageId(), id -> new ArrayList<>()).add(mail));
        byMessageId.forEach((id, mails) -> assertThat(mails).as(id).allSatisfy(mail -> assertThat(mail).isEqualTo(mails.getFirst())));

        // and SIGTERM stops it cleanly
        nyt.destroy();
        assertThat(nyt.waitFor(90, TimeUnit.SECONDS)).as("stopped within 90 s").isTrue();
        assertThat(Files.readString(log(starts))).contains("nyt stopped in");
    }

    // --- the process ----------------------------------------------------------------------------------------

    private void start() throws IOException {
        starts++;
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx768m", "--enable-native-access=ALL-UNNAMED"));
        if (Runtime.version().feature() >= 23) {
            command.add("--sun-misc-unsafe-memory-access=allow"); // as ./nyt: Kafka still uses sun.misc.Unsafe
        }
        command.addAll(List.of("-cp", System.getProperty("java.class.path"), NytUpMain.class.getName()));
        ProcessBuilder builder = new ProcessBuilder(command).directory(REPOSITORY.toFile())
                .redirectErrorStream(true).redirectOutput(log(starts).toFile());
        builder.environment().keySet().removeIf(name -> name.startsWith("NYT_"));
        builder.environment().putAll(Map.of(
                "NYT_KAFKA_BOOTSTRAP", "localhost:" + kafkaPort,
                "NYT_STATE_DIR", work.resolve("state").toString(),
                "NYT_DB_URL", database.jdbcUrl(),
                "NYT_DB_USER", database.user(),
                "NYT_DB_PASSWORD", database.password() == null ? "" : database.password(),
                "NYT_HTTP_PORT", Integer.toString(httpPort),
                "NYT_JWT_SECRET", SECRET,
                "NYT_SMTP_HOST", "127.0.0.1",
                "NYT_SMTP_PORT", Integer.toString(smtp.getSmtp().getPort()),
                "NYT_TOPIC_PARTITIONS", "2"));
        builder.environment().put("NYT_DIGEST_TICK_SECONDS", "1");
        nyt = builder.start();
        ApiClient ops = new ApiClient("http://localhost:" + httpPort, Optional.empty());
        // a bound, not a measure: a restart after the SIGKILL waits ~9 s for the broker's old registration to expire,
        // then restores the processors' stores from their changelogs (~30 s here on 2 loaded cores). The launcher itself
        // gives up after 120 s and exits 1 saying what is not ready; failFast reports that at once
        int start = starts;
        String[] lastAnswer = {"no answer yet"};
        try {
            await().alias("/health/ready of start " + start).atMost(Duration.ofSeconds(240)).pollInterval(Duration.ofMillis(300))
                    // a launcher that gave up (it exits 1 when not ready after its own 120 s) fails the test at once
                    .failFast("nyt exited", () -> {
                        if (!nyt.isAlive()) {
                            throw new AssertionError("nyt exited with " + nyt.exitValue() + ":\n" + Files.readString(log(start)));
                        }
                    })
                    .ignoreExceptions()
                    .until(() -> {
                        ApiClient.Answer answer = ops.get(null, "/health/ready");
                        lastAnswer[0] = answer.status() + " " + answer.body();
                        return answer.status() == 200;
                    });
        } catch (ConditionTimeoutException e) {
            throw new AssertionError(e.getMessage() + "; /health/ready last said " + lastAnswer[0] + "; the broker log is kept in "
                    + work + ", the launcher's in " + log(start), e);
        }
    }

    private Path log(int start) {
        return work.resolve("nyt-" + start + ".log");
    }

    // --- the stock Kafka tools ------------------------------------------------------------------------------

    private void produce(String topic, String... lines) throws IOException, InterruptedException {
        Path in = Files.writeString(Files.createTempFile(work, "in", ".txt"), String.join("\n", lines) + "\n");
        Tool result = tool(in, "kafka-console-producer", "--bootstrap-server", "localhost:" + kafkaPort, "--topic", topic,
                "--reader-property", "parse.key=true", "--reader-property", "key.separator=|");
        assertThat(result.exitCode()).as(result.err()).isZero();
    }

    /**
     * The committed records of a topic, key TAB value: the consumer stops after a quiet moment of 5 s, which on a busy
     * machine its group join alone can take before the first record; so it runs again until it saw all
     * {@code expected} (every one is committed before this is called).
     */
    private List<String> consume(String topic, int expected) {
        Tool[] last = {null};
        try {
            await().alias(expected + " records of " + topic).atMost(Duration.ofSeconds(120)).pollInterval(Duration.ofMillis(100))
                    .until(() -> {
                        last[0] = tool(null, "kafka-console-consumer", "--bootstrap-server", "localhost:" + kafkaPort,
                                "--topic", topic, "--from-beginning", "--formatter-property", "print.key=true",
                                "--consumer-property", "isolation.level=read_committed", "--timeout-ms", "5000");
                        return last[0].out().lines().count() >= expected;
                    });
        } catch (ConditionTimeoutException e) {
            throw new AssertionError(e.getMessage() + "; the last run printed " + (last[0] == null ? "nothing"
                    : last[0].out().lines().count() + " records, and on stderr: " + last[0].err()), e);
        }
        return last[0].out().lines().toList();
    }

    private record Tool(int exitCode, String out, String err) {
    }

    private Tool tool(Path input, String... args) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(List.of(REPOSITORY.resolve("nyt").toString(), "kafka"));
        command.addAll(List.of(args));
        Path out = Files.createTempFile(work, "out", ".txt");
        Path err = Files.createTempFile(work, "err", ".txt");
        ProcessBuilder builder = new ProcessBuilder(command).directory(REPOSITORY.toFile())
                .redirectOutput(out.toFile()).redirectError(err.toFile());
        if (input != null) {
            builder.redirectInput(input.toFile());
        }
        Process process = builder.start();
        if (!process.waitFor(90, TimeUnit.SECONDS)) {
            process.destroyForcibly().waitFor();
            throw new AssertionError("./nyt kafka " + String.join(" ", args) + " did not finish: " + Files.readString(err));
        }
        return new Tool(process.exitValue(), Files.readString(out, StandardCharsets.UTF_8), Files.readString(err, StandardCharsets.UTF_8));
    }

    private static String notify(String eventId, String message, String objectId) {
        return KEY + "|{\"eventId\":\"" + eventId + "\",\"key\":\"" + KEY + "\",\"message\":\"" + message
                + "\",\"url\":\"/comments/" + objectId + "\",\"target\":{\"contentType\":\"comments.comment\",\"objectId\":\""
                + objectId + "\"}}";
    }

    private static String userAndMessage(String line) {
        String key = line.substring(0, line.indexOf('\t'));
        int start = line.indexOf("\"message\":\"") + 11;
        return key + " / " + line.substring(start, line.indexOf('"', start));
    }

    // --- what the API, the database and the SMTP server hold ------------------------------------------------

    private static int total(ApiClient api, String user) {
        ApiClient.Answer answer = api.get(user, "/api/v1/notifications?viewed=all&limit=1");
        return answer.status() == 200 ? answer.json().path("total_count").asInt() : -1;
    }

    private long count(String user, String messagePart) throws Exception {
        try (Connection connection = database.connect(); var statement = connection.prepareStatement(
                "select count(*) from nyt_notification where user_id = ? and message like ?")) {
            statement.setString(1, user);
            statement.setString(2, messagePart + "%");
            try (ResultSet rows = statement.executeQuery()) {
                rows.next();
                return rows.getLong(1);
            }
        }
    }

    private List<String> duplicates() throws Exception {
        List<String> found = new ArrayList<>();
        try (Connection connection = database.connect(); Statement statement = connection.createStatement();
             ResultSet rows = statement.executeQuery("select user_id, message, count(*), max(occurrences) from nyt_notification"
                     + " group by user_id, message having count(*) > 1 or max(occurrences) > 1")) {
            while (rows.next()) {
                found.add(rows.getString(1) + " / " + rows.getString(2) + ": " + rows.getLong(3) + " rows, " + rows.getInt(4) + " occurrences");
            }
        }
        return found;
    }

    private record Mail(String messageId, String subject, String body) {
    }

    private List<Mail> mailTo(String user) throws Exception {
        List<Mail> mails = new ArrayList<>();
        for (MimeMessage message : smtp.getReceivedMessages()) {
            if (GreenMailUtil.getAddressList(message.getAllRecipients()).contains(user + "@example.com")) {
                MailCatcher.CaughtMail caught = MailCatcher.caught(message);
                mails.add(new Mail(caught.messageId(), caught.subject(), caught.body()));
            }
        }
        return mails;
    }

    private List<Integer> missingFromMail(String user) throws Exception {
        String all = mailTo(user).stream().map(Mail::body).collect(Collectors.joining("\n"));
        return IntStream.range(0, BATCH).filter(i -> !all.contains("batch " + run + " #" + i + "\n")).boxed().toList();
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        }
    }
}
