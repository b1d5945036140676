package dev.nyt.api.http;

import com.fasterxml.jackson.annotation.JsonProperty;
import dev.nyt.api.db.CommandRow;
import dev.nyt.api.db.ReadModel;
import dev.nyt.events.Subscribe;
import dev.nyt.events.SubscriptionCommand;
import dev.nyt.events.Target;
import dev.nyt.events.Unsubscribe;
import dev.nyt.events.UpsertSettings;
import dev.nyt.events.json.Json;
import dev.nyt.events.outcome.CommandOutcome;
import dev.nyt.runtime.Intervals;
import io.javalin.http.Context;
import io.javalin.http.HttpStatus;
import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import tools.jackson.databind.ObjectWriter;
import tools.jackson.databind.node.ObjectNode;

/**
 * Subscriptions and settings: lists come from the read model; writes are commands on
 * {@code nyt-subscription-requests} (the fan-out registry applies them), answered 202 with the command and
 * a {@code commandId} whose outcome {@code GET /api/v1/commands/{commandId}} serves.
 */
final class SubscriptionEndpoints {

    /** The body of {@code POST /api/v1/subscriptions}; the user is the caller. */
    record SubscribeBody(String key, Target target, String settingsId, Boolean sendEmails) {
    }

    /** The body of {@code PUT /api/v1/settings/{id}}. */
    record SettingsBody(Integer interval, @JsonProperty("isDefault") Boolean isDefault) {
    }

    private static final ObjectWriter COMMAND = Json.mapper().writerFor(SubscriptionCommand.class);

    private final ReadModel readModel;
    private final Commands commands;
    private final Intervals intervals;
    private final Clock clock;

    SubscriptionEndpoints(ReadModel readModel, Commands commands, Intervals intervals, Clock clock) {
        this.readModel = readModel;
        this.commands = commands;
        this.intervals = intervals;
        this.clock = clock;
    }

    void subscriptions(Context ctx, String caller) {
        ctx.json(Map.of("success", true, "objects", readModel.subscriptions(caller)));
    }

    void subscribe(Context ctx, String caller) {
        SubscribeBody body = Bodies.read(ctx, SubscribeBody.class);
        accept(ctx, new Subscribe(caller, body.key(), body.target(), body.settingsId(), body.sendEmails()));
    }

    /** {@code DELETE /api/v1/subscriptions?key=K&contentType=C&objectId=O&settingsId=S} */
    void unsubscribe(Context ctx, String caller) {
        String key = Params.optionalText(ctx, "key");
        if (key == null) {
            throw new BadRequestException("key", "is required");
        }
        String contentType = Params.optionalText(ctx, "contentType");
        String objectId = Params.optionalText(ctx, "objectId");
        if (objectId != null && contentType == null) {
            throw new BadRequestException("contentType", "is required with objectId");
        }
        Target target = contentType == null ? null : new Target(contentType, objectId);
        accept(ctx, new Unsubscribe(caller, key, target, Params.optionalText(ctx, "settingsId")));
    }

    void settings(Context ctx, String caller) {
        ctx.json(Map.of("success", true, "objects",
                readModel.settings(caller, interval -> intervals.label(interval).orElse(null))));
    }

    void upsertSettings(Context ctx, String caller) {
        SettingsBody body = Bodies.read(ctx, SettingsBody.class);
        if (body.interval() != null && !intervals.allows(body.interval())) {
            throw new BadRequestException("interval", "must be one of " + List.copyOf(intervals.labels().keySet())
                    + ", was " + body.interval());
        }
        accept(ctx, new UpsertSettings(caller, ctx.pathParam("id"), body.interval(), body.isDefault()));
    }

    /**
     * Sends the command with a new command id, noted pending first, and answers 202 with the command and
     * its {@code commandId}: {@code GET /api/v1/commands/{commandId}} tells whether the registry accepted it.
     */
    private void accept(Context ctx, SubscriptionCommand command) {
        String commandId = UUID.randomUUID().toString();
        readModel.commandPending(command.userId(), commandId, CommandOutcome.type(command), clock.instant());
        try {
            commands.send(command, commandId);
        } catch (PublishException e) {
            readModel.forgetPendingCommand(command.userId(), commandId);
            throw e;
        }
        ObjectNode body = (ObjectNode) Json.mapper().readTree(COMMAND.writeValueAsString(command)); // with its "type"
        body.put("commandId", commandId);
        ctx.status(HttpStatus.ACCEPTED).contentType("application/json").result(Json.mapper().writeValueAsString(body));
    }

    /** {@code GET /api/v1/commands/{commandId}}: pending, accepted or refused; 404 for an id that is not the caller's. */
    void command(Context ctx, String caller) {
        String commandId = ctx.pathParam("commandId");
        CommandRow row = readModel.command(caller, commandId).orElseThrow(NotFoundException::new);
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("success", true);
        body.put("commandId", row.commandId());
        body.put("type", row.type());
        body.put("status", row.status());
        body.put("final", !CommandRow.PENDING.equals(row.status()));
        body.put("field", row.field());
        body.put("reason", row.reason());
        body.put("receivedAt", row.receivedAt());
        body.put("decidedAt", row.decidedAt());
        ctx.json(body);
    }
}
