package dev.nyt.events.contract;

import static org.assertj.core.api.Assertions.assertThat;

import dev.nyt.events.DeleteSettings;
import dev.nyt.events.MarkViewed;
import dev.nyt.events.NotifyRequested;
import dev.nyt.events.Subscribe;
import dev.nyt.events.Target;
import dev.nyt.events.Unsubscribe;
import dev.nyt.events.UpsertSettings;
import dev.nyt.events.User;
import dev.nyt.events.topic.Topic;
import dev.nyt.events.topic.Topics;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The sample JSON of SPEC §4 ("Event JSON"), copied literally: each reads, through the serde of the
 * topic it is published to, as the event the SPEC means, and is valid for its schema.
 */
class SpecSamplesContractTest {

    private static final Topics TOPICS = Topics.withPrefix("");

    private static final String NOTIFY_REQUESTED = """
            {"eventId": "6f1c…", "key": "comment/response", "message": "there was a response to your comment",
             "url": "/comments/42", "target": {"contentType": "comments.comment", "objectId": "42"},
             "recipientUsers": ["alice"], "excludeUsers": ["bob"], "occurredAt": "2026-11-23T10:00:00Z"}
            """;
    private static final String SUBSCRIBE = """
            {"type": "subscribe", "userId": "alice", "key": "comment/response",
             "target": {"contentType": "comments.comment", "objectId": "42"}, "settingsId": null, "sendEmails": true}
            """;
    private static final String UNSUBSCRIBE = """
            {"type": "unsubscribe", "userId": "alice", "key": "comment/response", "target": null}
            """;
    private static final String UPSERT_SETTINGS = """
            {"type": "upsertSettings", "userId": "alice", "settingsId": "s-1", "interval": 1380, "isDefault": true}
            """;
    private static final String DELETE_SETTINGS = """
            {"type": "deleteSettings", "userId": "alice", "settingsId": "s-1"}
            """;
    private static final String USER = """
            {"userId": "alice", "email": "alice@example.com", "displayName": "alice", "active": true}
            """;
    private static final String MARK_VIEWED = """
            {"type": "markViewed", "userId": "alice", "idLte": 120, "idGte": null, "key": null}
            """;

    private static final Target COMMENT_42 = Target.of("comments.comment", "42");

    static Stream<Arguments> specSamples() {
        return Stream.of(
                Arguments.of("NotifyRequested", NOTIFY_REQUESTED, TOPICS.notifyRequested(),
                        new NotifyRequested("6f1c…", "comment/response", "there was a response to your comment",
                                "/comments/42", COMMENT_42, List.of("alice"), List.of("bob"),
                                Instant.parse("2026-11-23T10:00:00Z"))),
                Arguments.of("Subscribe", SUBSCRIBE, TOPICS.subscriptionRequests(),
                        new Subscribe("alice", "comment/response", COMMENT_42, null, true)),
                Arguments.of("Unsubscribe", UNSUBSCRIBE, TOPICS.subscriptionRequests(),
                        new Unsubscribe("alice", "comment/response", null, null)),
                Arguments.of("UpsertSettings", UPSERT_SETTINGS, TOPICS.subscriptionRequests(),
                        new UpsertSettings("alice", "s-1", 1380, true)),
                Arguments.of("DeleteSettings", DELETE_SETTINGS, TOPICS.subscriptionRequests(),
                        new DeleteSettings("alice", "s-1")),
                Arguments.of("User", USER, TOPICS.users(),
                        new User("alice", "alice@example.com", "alice", true)),
                Arguments.of("MarkViewed", MARK_VIEWED, TOPICS.notificationStatus(),
                        new MarkViewed("alice", 120, null, null, null)));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("specSamples")
    void everySpecSampleDeserializesIntoTheEventItDescribes(String name, String json, Topic<String, ?> topic,
            Object expected) {
        Object event = topic.valueSerde().deserializer().deserialize(topic.name(), json.getBytes(StandardCharsets.UTF_8));

        assertThat(event).isInstanceOf(expected.getClass()).isEqualTo(expected);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("specSamples")
    void everySpecSampleIsValidForItsSchema(String name, String json, Topic<String, ?> topic, Object expected) {
        String eventName = EventTypes.eventName(expected.getClass());

        assertThat(ContractSchemas.get().errors(eventName, json)).as("schema errors").isEmpty();
    }
}
