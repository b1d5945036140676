package dev.nyt.events;

import com.fasterxml.jackson.annotation.JsonSubTypes;
import com.fasterxml.jackson.annotation.JsonTypeInfo;
import java.util.List;

/** The outcome of one digest e-mail, on {@code nyt-email-events} keyed by {@link #userId()}. */
@JsonTypeInfo(use = JsonTypeInfo.Id.NAME, property = "type")
@JsonSubTypes({
    @JsonSubTypes.Type(value = DigestSent.class, name = "digestSent"),
    @JsonSubTypes.Type(value = DigestFailed.class, name = "digestFailed"),
})
public sealed interface EmailEvent permits DigestSent, DigestFailed {

    String digestId();

    String userId();

    String settingsId();

    List<Long> notificationIds();

    List<String> subscriptionIds();
}
