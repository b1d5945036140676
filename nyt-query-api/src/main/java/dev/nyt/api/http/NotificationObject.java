package dev.nyt.api.http;

import com.fasterxml.jackson.annotation.JsonProperty;
import dev.nyt.api.db.NotificationRow;
import dev.nyt.events.Target;
import java.time.Instant;

/** One entry of {@code objects} in django-nyt's {@code get_notifications} answer, plus {@code target}, {@code created} and the three states (read is django-nyt's is_viewed). */
public record NotificationObject(
        long pk,
        String message,
        String url,
        Target target,
        int occurrences,
        @JsonProperty("occurrences_msg") String occurrencesMsg,
        String type,
        @JsonProperty("type_label") String typeLabel,
        String since,
        Instant created,
        @JsonProperty("is_viewed") boolean isViewed,
        @JsonProperty("is_seen") boolean isSeen,
        @JsonProperty("is_archived") boolean isArchived) {

    public static NotificationObject of(NotificationRow row, Instant now) {
        return new NotificationObject(row.id(), row.message(), row.url(), row.target(), row.occurrences(),
                row.occurrences() + " times", row.key(), row.typeLabel(), NaturalTime.since(row.created(), now),
                row.created(), row.isViewed(), row.isSeen(), row.isArchived());
    }
}
