package dev.nyt.events.outcome;

import dev.nyt.events.DeleteSettings;
import dev.nyt.events.InvalidEventException;
import dev.nyt.events.Limits;
import dev.nyt.events.Subscribe;
import dev.nyt.events.SubscriptionCommand;
import dev.nyt.events.Unsubscribe;
import dev.nyt.events.UpsertSettings;
import dev.nyt.events.json.JsonSerde;
import dev.nyt.events.topic.Topic;
import dev.nyt.events.topic.Topics;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Set;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.header.Headers;
import org.apache.kafka.common.serialization.Serdes;

/**
 * What the fan-out registry decided about a command that carried a command id (the record header
 * {@value #HEADER}, which the query API sets on every command it answers 202): {@code accepted}, or
 * {@code refused} with the {@code field} at fault and the {@code reason}. Travels on the internal
 * topic {@value #TOPIC} keyed by user; the query API projects it for {@code GET /api/v1/commands/{id}}.
 */
public record CommandOutcome(String commandId, String userId, String commandType, String status, String field,
                             String reason, Instant decidedAt) {

    public static final String TOPIC = "nyt-command-outcomes";
    public static final String HEADER = "nyt-command-id";
    public static final String ACCEPTED = "accepted";
    public static final String REFUSED = "refused";
    public static final int MAX_COMMAND_ID_LENGTH = 64;

    private static final Set<String> STATUSES = Set.of(ACCEPTED, REFUSED);

    public CommandOutcome {
        Limits.requireText("commandId", commandId, MAX_COMMAND_ID_LENGTH);
        Limits.requireText("userId", userId, Limits.MAX_ID_LENGTH);
        Limits.requireText("commandType", commandType, 32);
        if (!STATUSES.contains(status)) {
            throw new InvalidEventException("status", "must be one of " + STATUSES + ", was " + status);
        }
        if (decidedAt == null) {
            throw new InvalidEventException("decidedAt", "is required");
        }
    }

    public static CommandOutcome accepted(String commandId, SubscriptionCommand command, Instant at) {
        return new CommandOutcome(commandId, command.userId(), type(command), ACCEPTED, null, null, at);
    }

    public static CommandOutcome refused(String commandId, SubscriptionCommand command, String field, String reason,
                                         Instant at) {
        return new CommandOutcome(commandId, command.userId(), type(command), REFUSED, field, reason, at);
    }

    /** The topic under the deployment's prefix. */
    public static Topic<String, CommandOutcome> topic(Topics topics) {
        return new Topic<>(topics.prefix() + TOPIC, Serdes.String(), JsonSerde.of(CommandOutcome.class), false);
    }

    /** The command's {@code type} as on {@code nyt-subscription-requests}. */
    public static String type(SubscriptionCommand command) {
        return switch (command) {
            case Subscribe s -> "subscribe";
            case Unsubscribe u -> "unsubscribe";
            case UpsertSettings u -> "upsertSettings";
            case DeleteSettings d -> "deleteSettings";
        };
    }

    /** The command id a record carries, or null when it carries none (then nobody waits for an outcome). */
    public static String commandId(Headers headers) {
        Header header = headers == null ? null : headers.lastHeader(HEADER);
        if (header == null || header.value() == null) {
            return null;
        }
        String id = new String(header.value(), StandardCharsets.UTF_8);
        return id.isBlank() || id.length() > MAX_COMMAND_ID_LENGTH ? null : id;
    }
}
