package dev.nyt.bench;

import dev.nyt.client.Notify;
import dev.nyt.client.Nyt;
import dev.nyt.events.User;
import dev.nyt.testing.TestKafka;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;

/**
 * Figure 5: N users with the default (instant) settings subscribe to one key with e-mail on; one notify per run
 * gives N instant digests, timed from the publish to N mails at the {@link SmtpSink} and to N {@code DigestSent}.
 */
final class DigestFigure {

    private static final Duration PATIENCE = Duration.ofMinutes(4);

    private DigestFigure() {
    }

    static List<Row> run(Bench.Sizes sizes) {
        int n = sizes.digestUsers();
        Row mails = new Row("digest-smtp", String.format("digest: %,d instant e-mails, publish → received by SMTP sink", n),
                "e-mails/s", true).bar("≥ 1,000/s", 1_000);
        Row sent = new Row("digest-events", String.format("digest: %,d instant e-mails, publish → DigestSent on nyt-email-events", n),
                "e-mails/s", true).bar("≥ 1,000/s", 1_000);
        try (SmtpSink sink = new SmtpSink();
             Stack stack = Stack.create("bench-digest", Map.of(
                     "NYT_SMTP_HOST", "127.0.0.1",
                     "NYT_SMTP_PORT", String.valueOf(sink.port()),
                     "NYT_EMAIL_SENDER", "nyt@example.com",
                     "NYT_DOMAIN", "example.com",
                     "NYT_DIGEST_TICK_SECONDS", "1")).withTopics().withFanout().withDigest();
             TopicCounter subscriptions = new TopicCounter(stack.topics.subscriptions().name());
             TopicCounter emailEvents = new TopicCounter(stack.topics.emailEvents().name())) {
            mails.details.put("config", "NYT_DIGEST_TICK_SECONDS=1, other digest settings default (batch 500, SMTP pool 4)");
            Nyt nyt = stack.client();
            PipelineFigures.publishAll(n, i -> nyt.upsertUser(new User("d-user-" + i, "d-user-" + i + "@example.com", null, true)));
            PipelineFigures.publishAll(n, i -> nyt.subscribe("d-user-" + i, "digest/all"));
            subscriptions.awaitCount(n, PATIENCE);
            stack.awaitIndexed(n, PATIENCE);
            awaitCaughtUp(stack.prefix + "nyt-digest-processor",
                    List.of(stack.topics.users().name(), stack.topics.subscriptions().name(), stack.topics.settings().name()),
                    Duration.ofSeconds(60));
            for (int run = 1; run <= sizes.runs(); run++) {
                long mailsBefore = sink.received();
                long eventsBefore = emailEvents.count();
                long t0 = System.nanoTime();
                nyt.notify(Notify.of("digest " + run, "digest/all").url("/digest/" + run)).join();
                long tMail = awaitMails(sink, mailsBefore + n);
                long tEvent = emailEvents.awaitCount(eventsBefore + n, PATIENCE);
                double mailRate = n / ((tMail - t0) / 1e9);
                double eventRate = n / ((tEvent - t0) / 1e9);
                Bench.log("digest run %d: %.0f e-mails/s received, %.0f DigestSent/s", run, mailRate, eventRate);
                mails.add(mailRate);
                sent.add(eventRate);
            }
            if (sink.received() != (long) n * sizes.runs()) {
                mails.details.put("warning", "sink received " + sink.received() + " mails, expected " + (long) n * sizes.runs());
            }
        } catch (Exception | Error e) {
            Bench.fail(e, mails, sent);
        }
        return List.of(mails, sent);
    }

    private static long awaitMails(SmtpSink sink, long target) {
        long deadline = System.nanoTime() + PATIENCE.toNanos();
        while (true) {
            long now = System.nanoTime();
            if (sink.received() >= target) {
                return now;
            }
            if (now > deadline) {
                throw new IllegalStateException("only " + sink.received() + " of " + target + " mails within " + PATIENCE);
            }
            Bench.pause(2);
        }
    }

    /** Waits until the group's committed offsets reach the end of the topics (so the digest knows every user). */
    private static void awaitCaughtUp(String group, List<String> topics, Duration timeout) throws Exception {
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, TestKafka.bootstrapServers()))) {
            long deadline = System.nanoTime() + timeout.toNanos();
            while (System.nanoTime() < deadline) {
                Map<TopicPartition, OffsetAndMetadata> committed = admin.listConsumerGroupOffsets(group)
                        .partitionsToOffsetAndMetadata().get();
                var partitions = admin.describeTopics(topics).allTopicNames().get().values().stream()
                        .flatMap(d -> d.partitions().stream().map(p -> new TopicPartition(d.name(), p.partition())))
                        .toList();
                var ends = admin.listOffsets(partitions.stream().collect(java.util.stream.Collectors.toMap(
                        p -> p, p -> OffsetSpec.latest()))).all().get();
                long lag = 0;
                for (TopicPartition partition : partitions) {
                    OffsetAndMetadata offset = committed.get(partition);
                    long end = ends.get(partition).offset();
                    lag += Math.max(0, end - (offset == null ? 0 : offset.offset()));
                }
                if (lag <= partitions.size()) {  // a transaction marker per partition may be left
                    return;
                }
                Bench.pause(200);
            }
            Bench.log("digest: group %s not caught up within %s; measuring anyway", group, timeout);
        }
    }
}
