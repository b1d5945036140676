package dev.nyt.digest.template;

import dev.nyt.digest.config.EmailSettings;
import dev.nyt.digest.state.PendingNotification;
import dev.nyt.events.User;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The template context of django-nyt's {@code notifymail}: {@code user}, {@code username} (the
 * display name), {@code notifications}, {@code digest} (the interval's label), {@code domain},
 * {@code http_scheme}, {@code site_name} (and {@code site.name}/{@code site.domain}).
 * Each notification has {@code message}, {@code url} (absolute: relative urls get
 * {@code http_scheme://domain} prefixed), {@code raw_url} (as notified), {@code occurrences},
 * {@code key}, {@code id}, {@code created} (ISO-8601) and {@code is_viewed}.
 */
public final class DigestModel {

    private DigestModel() {
    }

    public static Map<String, Object> of(String userId, User user, List<PendingNotification> notifications,
                                         String digestLabel, EmailSettings email) {
        String username = user != null ? user.displayName() : userId;
        Map<String, Object> userModel = new HashMap<>();
        userModel.put("id", userId);
        userModel.put("username", username);
        userModel.put("display_name", username);
        if (user != null && user.email() != null) {
            userModel.put("email", user.email());
        }
        Map<String, Object> model = new HashMap<>();
        model.put("user", userModel);
        model.put("username", username);
        model.put("notifications", notifications.stream().map(n -> notification(n, email)).toList());
        model.put("digest", digestLabel);
        model.put("domain", email.domain());
        model.put("http_scheme", email.httpScheme());
        model.put("site_name", email.siteName());
        model.put("site", Map.of("name", email.siteName(), "domain", email.domain()));
        return model;
    }

    private static Map<String, Object> notification(PendingNotification n, EmailSettings email) {
        Map<String, Object> model = new LinkedHashMap<>();
        model.put("id", n.id());
        model.put("key", n.key());
        model.put("message", n.message());
        if (n.url() != null && !n.url().isEmpty()) {
            model.put("url", absoluteUrl(n.url(), email));
            model.put("raw_url", n.url());
        }
        model.put("occurrences", n.occurrences());
        model.put("is_viewed", n.viewed());
        if (n.created() != null) {
            model.put("created", n.created().toString());
        }
        return model;
    }

    /** django-nyt's rule: a url containing {@code ://} is kept, any other gets scheme and domain in front. */
    public static String absoluteUrl(String url, EmailSettings email) {
        return url.contains("://") ? url : email.httpScheme() + "://" + email.domain() + url;
    }
}
