package dev.nyt.api.http;

import com.fasterxml.jackson.annotation.JsonProperty;
import dev.nyt.api.db.ReadModel;
import dev.nyt.events.Subscribe;
import dev.nyt.events.SubscriptionCommand;
import dev.nyt.events.Target;
import dev.nyt.events.Unsubscribe;
import dev.nyt.events.UpsertSettings;
import dev.nyt.events.json.Json;
import dev.nyt.runtime.Intervals;
import io.javalin.http.Context;
import io.javalin.http.HttpStatus;
import java.util.List;
import java.util.Map;
import tools.jackson.databind.ObjectWriter;

/**
 * Subscriptions and settings: lists come from the read model; writes are commands on
 * {@code nyt-subscription-requests} (the fan-out registry applies them), answered 202 with the command.
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

    SubscriptionEndpoints(ReadModel readModel, Commands commands, Intervals intervals) {
        this.readModel = readModel;
        this.commands = commands;
        this.intervals = intervals;
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

    private void accept(Context ctx, SubscriptionCommand command) {
        commands.send(command);
        ctx.status(HttpStatus.ACCEPTED).contentType("application/json").result(COMMAND.writeValueAsString(command));
    }
}
