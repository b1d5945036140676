package dev.nyt.events;

/**
 * The object a notification or subscription is about: django-nyt's content type plus object id.
 * A target always names its content type; without an object id it stands for "any object".
 */
public record Target(String contentType, String objectId) {

    public Target {
        Limits.requireText("contentType", contentType, Limits.MAX_LABEL_LENGTH);
        Limits.optionalText("objectId", objectId, Limits.MAX_ID_LENGTH);
    }

    public static Target of(String contentType, String objectId) {
        return new Target(contentType, objectId);
    }

    /**
     * Whether a subscription to {@code subscribed} receives an event about {@code event}:
     * a subscription without an object id receives every event of its key; one with an
     * object id only events about that object, and of the same content type.
     */
    public static boolean matches(Target subscribed, Target event) {
        if (subscribed == null || subscribed.objectId() == null) {
            return true;
        }
        return event != null
                && subscribed.objectId().equals(event.objectId())
                && subscribed.contentType().equals(event.contentType());
    }
}
