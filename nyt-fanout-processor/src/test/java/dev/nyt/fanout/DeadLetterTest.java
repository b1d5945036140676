package dev.nyt.fanout;

import static org.assertj.core.api.Assertions.assertThat;

import dev.nyt.events.NotificationCreated;
import dev.nyt.events.NotifyRequested;
import dev.nyt.events.Subscribe;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.apache.kafka.streams.test.TestRecord;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Bad input goes to nyt-dead-letter, as received, with the reason; the records after it are processed. */
class DeadLetterTest {

    private final FanoutDriver nyt = new FanoutDriver();

    @AfterEach
    void close() {
        nyt.close();
    }


    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
        "malformed JSON              | nyt-notify-requested      | k     | {\"key\": \"k\", \"message\": ",
        "missing message             | nyt-notify-requested      | k     | {\"key\": \"k\"}",
        "key over 128 characters     | nyt-notify-requested      | kkkk  | {\"key\": \"kkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkk\", \"message\": \"m\"}",
        "record key is not the key   | nyt-notify-requested      | other | {\"key\": \"k\", \"message\": \"m\"}",
        "unknown command type        | nyt-subscription-requests | alice | {\"type\": \"subscribeAll\", \"userId\": \"alice\", \"key\": \"k\"}",
        "command without type        | nyt-subscription-requests | alice | {\"userId\": \"alice\", \"key\": \"k\"}",
        "subscribe without key       | nyt-subscription-requests | alice | {\"type\": \"subscribe\", \"userId\": \"alice\"}",
        "user with wrong type        | nyt-users                 | alice | {\"userId\": \"alice\", \"active\": \"very\"}",
        "mark viewed with negative id| nyt-notification-status   | alice | {\"type\": \"markViewed\", \"userId\": \"alice\", \"idLte\": -3}",
        "notify without record key   | nyt-notify-requested      |       | {\"key\": \"k\", \"message\": \"m\"}",
        "command without record key  | nyt-subscription-requests |       | {\"type\": \"subscribe\", \"userId\": \"alice\", \"key\": \"k\"}",
        "command of another user     | nyt-subscription-requests | bob   | {\"type\": \"subscribe\", \"userId\": \"alice\", \"key\": \"k\"}",
        "user without record key     | nyt-users                 |       | {\"userId\": \"alice\", \"active\": false}",
        "user under another's key    | nyt-users                 | bob   | {\"userId\": \"alice\", \"active\": false}",
        "status without record key   | nyt-notification-status   |       | {\"type\": \"markViewed\", \"userId\": \"alice\", \"idLte\": 3}",
        "status of another user      | nyt-notification-status   | bob   | {\"type\": \"markViewed\", \"userId\": \"alice\", \"idLte\": 3}",
        "foreign routed event (internal) | nyt-fanout-fanout-events-by-partition-repartition | k | {\"eventId\": \"e\"}",
        "garbage routed event (internal) | nyt-fanout-fanout-events-by-partition-repartition | k | \u0000\u0000\u0000\u0000not json",
        "short presence (internal) | nyt-fanout-fanout-presence-by-key-repartition | k | \u0001\u0002",
    })
    void badInputIsDeadLetteredAndTheNextRecordIsProcessed(String why, String topic, String key, String value) {
        nyt.command(Subscribe.of("alice", "k"));

        nyt.raw(topic, key, value);
        nyt.notify(new NotifyRequested(null, "k", "still working", null, null, null, null, null));

        List<TestRecord<byte[], byte[]>> dead = nyt.deadLetters();
        assertThat(dead).as(why).singleElement().satisfies(record -> {
            assertThat(new String(record.value(), StandardCharsets.UTF_8)).isEqualTo(value);
            assertThat(FanoutDriver.header(record, "__streams.errors.topic")).isEqualTo(topic);
            assertThat(FanoutDriver.header(record, "__streams.errors.partition")).isEqualTo("0");
            assertThat(FanoutDriver.header(record, "__streams.errors.offset")).isNotBlank();
            assertThat(FanoutDriver.header(record, "__streams.errors.message")).isNotBlank();
        });
        assertThat(nyt.created()).extracting(NotificationCreated::message).containsExactly("still working");
        assertThat(nyt.counter("nyt.dead.letters")).isEqualTo(1);
    }

    @Test
    void deserializationReasonNamesTheBrokenField() {
        nyt.raw("nyt-notify-requested", "k", "{\"key\": \"k\"}");

        assertThat(nyt.deadLetters()).singleElement().satisfies(record ->
                assertThat(FanoutDriver.header(record, "__streams.errors.message")).contains("message"));
    }
}
