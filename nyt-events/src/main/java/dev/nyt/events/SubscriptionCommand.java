package dev.nyt.events;

import com.fasterxml.jackson.annotation.JsonSubTypes;
import com.fasterxml.jackson.annotation.JsonTypeInfo;

/**
 * The commands on {@code nyt-subscription-requests}, keyed by {@link #userId()}, told apart by the
 * JSON field {@code type}. The fan-out registry applies them in order, one user at a time.
 */
@JsonTypeInfo(use = JsonTypeInfo.Id.NAME, property = "type")
@JsonSubTypes({
    @JsonSubTypes.Type(value = Subscribe.class, name = "subscribe"),
    @JsonSubTypes.Type(value = Unsubscribe.class, name = "unsubscribe"),
    @JsonSubTypes.Type(value = UpsertSettings.class, name = "upsertSettings"),
    @JsonSubTypes.Type(value = DeleteSettings.class, name = "deleteSettings"),
})
public sealed interface SubscriptionCommand permits Subscribe, Unsubscribe, UpsertSettings, DeleteSettings {

    /** The user the command is for; also the record key, so one user's commands stay in order. */
    String userId();
}
