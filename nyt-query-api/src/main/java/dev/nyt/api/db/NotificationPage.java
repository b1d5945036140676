package dev.nyt.api.db;

import java.util.List;

/** django-nyt's {@code get_notifications}: the count before the {@code latest_id} cut, and the page after it. */
public record NotificationPage(int totalCount, List<NotificationRow> rows) {

    public NotificationPage {
        rows = List.copyOf(rows);
    }
}
