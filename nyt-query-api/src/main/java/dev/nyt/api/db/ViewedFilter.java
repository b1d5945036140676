package dev.nyt.api.db;

/** Which notifications a list shows: django-nyt's {@code is_viewed} argument (False, True or None). */
public enum ViewedFilter {
    UNVIEWED,
    VIEWED,
    ALL
}
