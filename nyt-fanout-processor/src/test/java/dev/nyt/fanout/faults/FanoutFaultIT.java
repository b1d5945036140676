package dev.nyt.fanout.faults;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.nyt.client.Nyt;
import dev.nyt.events.NotificationCreated;
import dev.nyt.events.NotificationsViewed;
import dev.nyt.events.topic.Topics;
import dev.nyt.fanout.FanoutMain;
import dev.nyt.fanout.faults.NotificationLog.Arrival;
import dev.nyt.fanout.faults.PacedLoad.Sent;
import dev.nyt.runtime.KafkaConfig;
import dev.nyt.runtime.TopicAdmin;
import dev.nyt.testing.ServiceProcess;
import dev.nyt.testing.TestKafka;
import dev.nyt.testing.TopicTail;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.CompletableFuture;
import java.util.function.Consumer;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Two fan-out instances, each its own JVM with its own state directory, under a steady paced load (narrow and
 * broadcast events mixed, users subscribing and marking read meanwhile): one instance is killed with SIGKILL and
 * restarted, then both are restarted one after the other with SIGTERM. After the load stops, every event the broker
 * accepted has exactly one notification per subscriber in {@code nyt-notifications}, ids increase per user, every
 * mark-read is confirmed exactly once after what it marks, and nothing arrives that the load's own record does not
 * account for. The figures (events/s held, latency per phase) are written to
 * {@code target/fault-suite/figures.md}; {@code -Dnyt.faults.rate} and {@code -Dnyt.faults.phaseSeconds} make it
 * longer and heavier on a quiet machine (docs/RELIABILITY.md).
 */
class FanoutFaultIT {

    private static final int USERS = 100;
    private static final int NARROW_KEYS = 25;
    private static final int BROADCAST_EVERY = 20;
    private static final int SUBSCRIBE_EVERY = 100;
    private static final int MARK_EVERY = 10;
    private static final int RATE = Integer.getInteger("nyt.faults.rate", 200);
    private static final Duration PHASE = Duration.ofSeconds(Integer.getInteger("nyt.faults.phaseSeconds", 10));
    private static final int STANDBY = Integer.getInteger("nyt.faults.standby", 1);
    private static final boolean STATIC_MEMBERS = Boolean.parseBoolean(System.getProperty("nyt.faults.static", "true"));
    private static final Duration START = Duration.ofMinutes(3);

    private final String prefix = TestKafka.uniqueName("faults") + "-";
    private final Topics topics = Topics.withPrefix(prefix);
    private final Path workDir = createWorkDir(prefix);
    private final List<ServiceProcess> instances = new ArrayList<>();
    private final Map<String, Duration> restarts = new LinkedHashMap<>();

    private static Path createWorkDir(String prefix) {
        try {
            return Files.createDirectories(Path.of("target", "fault-suite", prefix)).toAbsolutePath();
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    @AfterEach
    void killInstances() {
        instances.forEach(ServiceProcess::close);
    }

    private ServiceProcess fanout(String name) {
        Map<String, String> env = new HashMap<>(Map.of(
                "NYT_KAFKA_BOOTSTRAP", TestKafka.bootstrapServers(),
                "NYT_TOPIC_PREFIX", prefix,
                "NYT_STANDBY_REPLICAS", Integer.toString(STANDBY)));
        if (STATIC_MEMBERS) {
            env.put("NYT_INSTANCE_ID", name);
        }
        ServiceProcess instance = ServiceProcess.of(name, FanoutMain.class, env, workDir);
        instances.add(instance);
        return instance;
    }

    private static String user(int i) {
        return "u-" + i;
    }

    @Test
    void twoInstancesSurviveAKillAndARollingRestartWithEveryNotificationExactlyOnce() throws Exception {
        TopicAdmin.ensureTopics(new KafkaConfig(TestKafka.bootstrapServers(), topics, 6, (short) 1, workDir));
        ServiceProcess a = fanout("fanout-a").start();
        ServiceProcess b = fanout("fanout-b").start();
        a.awaitReady(START);
        b.awaitReady(START);
        try (Nyt nyt = Nyt.connect(TestKafka.bootstrapServers(), topics);
             var subscriptions = new TopicTail<>(topics.subscriptions().name(),
                     topics.subscriptions().keySerde().deserializer(), topics.subscriptions().valueSerde().deserializer());
             var log = new NotificationLog(topics.notifications())) {
            // Given 100 users, each subscribed to the broadcast key and to one of 25 narrow keys
            CompletableFuture.allOf(IntStream.range(0, USERS).boxed()
                    .flatMap(i -> Stream.of(nyt.subscribe(user(i), PacedLoad.BROADCAST),
                            nyt.subscribe(user(i), PacedLoad.narrowKey(i, NARROW_KEYS))))
                    .toArray(CompletableFuture[]::new)).join();
            await("every subscription in the table").atMost(START).pollInterval(Duration.ofMillis(500))
                    .until(() -> subscriptions.records().size() >= 2 * USERS);

            // When a steady load runs through a kill -9 of one instance and a rolling SIGTERM restart of both
            List<String> markers = IntStream.range(0, USERS).mapToObj(FanoutFaultIT::user).toList();
            Map<String, long[]> phases = new LinkedHashMap<>();
            try (var load = new PacedLoad(nyt, NARROW_KEYS, BROADCAST_EVERY, SUBSCRIBE_EVERY, MARK_EVERY, markers,
                    log::latestId).start(RATE)) {
                phase(load, phases, "warm-up", () -> { });
                phase(load, phases, "steady", () -> { });
                phase(load, phases, "kill -9 fanout-a, restart", () -> restart(a, ServiceProcess::kill));
                phase(load, phases, "rolling SIGTERM restart", () -> {
                    restart(a, this::terminate);
                    restart(b, this::terminate);
                });
                phase(load, phases, "after", () -> { });
                load.stop();

                // Then every accepted event reached each of its subscribers exactly once
                List<Sent> sent = load.sent();
                assertThat(load.refused()).as("sends the broker refused").isZero();
                Map<String, Set<String>> audience = audience(sent);
                long owedToStaticUsers = audience.values().stream().mapToLong(Set::size).sum();
                await("every notification owed to the 100 users").atMost(Duration.ofMinutes(3))
                        .pollInterval(Duration.ofSeconds(1))
                        .until(() -> createdForStaticUsers(log.arrivals()) >= owedToStaticUsers);
                await("and nothing more arrives").during(Duration.ofSeconds(5)).atMost(Duration.ofSeconds(60))
                        .pollInterval(Duration.ofMillis(500))
                        .until(() -> settled(log));
                List<Arrival> arrivals = log.arrivals();
                Set<String> accepted = sent.stream().map(Sent::eventId).collect(Collectors.toSet());
                Map<String, Map<String, Long>> received = arrivals.stream()
                        .filter(x -> x.event() instanceof NotificationCreated)
                        .map(x -> (NotificationCreated) x.event())
                        .collect(Collectors.groupingBy(NotificationCreated::eventId,
                                Collectors.groupingBy(NotificationCreated::userId, Collectors.counting())));
                assertThat(received.keySet()).as("notifications of events the load did not send").isSubsetOf(accepted);
                for (Sent event : sent) {
                    Map<String, Long> got = received.getOrDefault(event.eventId(), Map.of());
                    Map<String, Long> staticUsers = got.entrySet().stream().filter(e -> e.getKey().startsWith("u-"))
                            .collect(Collectors.toMap(Map.Entry::getKey, Map.Entry::getValue));
                    assertThat(staticUsers).as("event %d (%s, sent in %s): its subscribers, once each", event.seq(),
                                    event.key(), event.phase())
                            .containsOnlyKeys(audience.get(event.eventId()))
                            .allSatisfy((u, count) -> assertThat(count).as(u).isOne());
                    if (!event.key().equals(PacedLoad.BROADCAST)) {
                        assertThat(got).as("a narrow event reaches only its key's subscribers").hasSameSizeAs(staticUsers);
                    }
                }
                assertLateSubscribersGetEveryBroadcastFromTheirFirstOnOnce(load, sent, arrivals);
                assertIdsIncreaseAndMarksAreConfirmedOnceAfterWhatTheyMark(load, arrivals);
                Figures figures = Figures.of(phases, sent, audience, arrivals, restarts, load.marked().size(),
                        load.joined().size(), RATE, PHASE, STANDBY, STATIC_MEMBERS);
                figures.write(Path.of("target", "fault-suite",
                        "figures-standby-" + STANDBY + (STATIC_MEMBERS ? "-static" : "-dynamic") + ".md"));
                assertThat(figures.lost()).isZero();
                assertThat(figures.doubled()).isZero();
            }
        }
    }

    /** Runs the fault, then keeps the load on for one phase with both instances running. */
    private void phase(PacedLoad load, Map<String, long[]> phases, String name, Runnable fault) {
        load.phase(name);
        long start = System.nanoTime();
        fault.run();
        await(name + ": both instances stay up under load").during(PHASE).atMost(PHASE.plusSeconds(30))
                .pollInterval(Duration.ofMillis(500))
                .until(() -> instances.stream().allMatch(ServiceProcess::alive));
        phases.put(name, new long[] {start, System.nanoTime()});
    }

    private void restart(ServiceProcess instance, Consumer<ServiceProcess> stop) {
        long start = System.nanoTime();
        stop.accept(instance);
        instance.start().awaitReady(START);
        restarts.put(instance.name() + " (start " + instance.starts() + ")", Duration.ofNanos(System.nanoTime() - start));
    }

    private void terminate(ServiceProcess instance) {
        assertThat(instance.stop(Duration.ofSeconds(60))).as(instance.name() + " exits on SIGTERM").isEqualTo(143);
    }

    /** For each accepted event, the static users it owes a notification to. */
    private static Map<String, Set<String>> audience(List<Sent> sent) {
        Map<String, Set<String>> byKey = new HashMap<>();
        for (int i = 0; i < USERS; i++) {
            byKey.computeIfAbsent(PacedLoad.BROADCAST, k -> new TreeSet<>()).add(user(i));
            byKey.computeIfAbsent(PacedLoad.narrowKey(i, NARROW_KEYS), k -> new TreeSet<>()).add(user(i));
        }
        return sent.stream().collect(Collectors.toMap(Sent::eventId, s -> byKey.get(s.key())));
    }

    private static long createdForStaticUsers(List<Arrival> arrivals) {
        return arrivals.stream().filter(x -> x.event() instanceof NotificationCreated && x.userId().startsWith("u-")).count();
    }

    private int lastSize = -1;

    private boolean settled(NotificationLog log) {
        int size = log.size();
        boolean same = size == lastSize;
        lastSize = size;
        return same;
    }

    /**
     * A user who subscribes during the load cannot be owed a fixed set (the subscription and the events cross
     * different topics), but once the first broadcast reaches them every later one must, once each.
     */
    private static void assertLateSubscribersGetEveryBroadcastFromTheirFirstOnOnce(PacedLoad load, List<Sent> sent,
                                                                                  List<Arrival> arrivals) {
        Map<String, Long> seqOf = sent.stream().collect(Collectors.toMap(Sent::eventId, Sent::seq));
        List<Long> broadcasts = sent.stream().filter(s -> s.key().equals(PacedLoad.BROADCAST)).map(Sent::seq).sorted().toList();
        Map<String, List<Long>> perLateUser = arrivals.stream()
                .filter(x -> x.event() instanceof NotificationCreated && x.userId().startsWith("late-"))
                .collect(Collectors.groupingBy(Arrival::userId, Collectors.mapping(
                        x -> seqOf.get(((NotificationCreated) x.event()).eventId()), Collectors.toList())));
        for (PacedLoad.Joined joined : load.joined()) {
            List<Long> got = perLateUser.getOrDefault(joined.userId(), List.of());
            if (!joined.phase().equals("after")) {
                assertThat(got).as("%s, subscribed during %s, gets the broadcasts after", joined.userId(), joined.phase())
                        .isNotEmpty();
            }
            if (!got.isEmpty()) {
                long first = got.stream().mapToLong(Long::longValue).min().orElseThrow();
                assertThat(got).as("%s: every broadcast from its first on, once each, in order", joined.userId())
                        .containsExactlyElementsOf(broadcasts.stream().filter(seq -> seq >= first).toList());
            }
        }
    }

    private static void assertIdsIncreaseAndMarksAreConfirmedOnceAfterWhatTheyMark(PacedLoad load, List<Arrival> arrivals) {
        Map<String, Long> lastId = new HashMap<>();
        Map<String, Set<Long>> createdIds = new HashMap<>();
        Map<String, Long> confirmed = new HashMap<>();
        for (Arrival arrival : arrivals) {
            switch (arrival.event()) {
                case NotificationCreated c -> {
                    Long previous = lastId.put(c.userId(), c.id());
                    assertThat(previous == null || c.id() > previous).as("ids increase for %s: %s then %d",
                            c.userId(), previous, c.id()).isTrue();
                    createdIds.computeIfAbsent(c.userId(), u -> new HashSet<>()).add(c.id());
                }
                case NotificationsViewed v -> {
                    assertThat(createdIds.getOrDefault(v.userId(), Set.of())).as("%s marked read after %d arrived",
                            v.userId(), v.idLte()).contains(v.idLte());
                    confirmed.merge(v.userId() + "≤" + v.idLte(), 1L, Long::sum);
                }
                default -> { }
            }
        }
        Map<String, Long> requested = load.marked().stream()
                .collect(Collectors.groupingBy(m -> m.userId() + "≤" + m.idLte(), Collectors.counting()));
        assertThat(requested).as("mark-reads sent").isNotEmpty();
        assertThat(confirmed).as("each mark-read confirmed once").isEqualTo(requested);
    }
}
