-- Issue 15: seen and archived beside read (is_viewed, django-nyt's state, unchanged), and the badge counts.
-- Seen: the bell was opened (the badge clears, the notification stays unread). Read implies seen: a notification
-- read before this migration was seen. Archived: hidden from the inbox lists, still listable, can come back.
ALTER TABLE ${prefix}_notification
    ADD COLUMN is_seen     boolean NOT NULL DEFAULT false,
    ADD COLUMN is_archived boolean NOT NULL DEFAULT false;
UPDATE ${prefix}_notification SET is_seen = true WHERE is_viewed;

-- The inbox lists of one user are index range scans, newest first. Unread and unseen use V1's unread index
-- (unseen rows are unread: read implies seen), so a new notification enters no index beyond V1's two; the
-- archived index only holds what was archived.
CREATE INDEX ${prefix}_notification_archived_idx ON ${prefix}_notification (user_id, id DESC)
    WHERE is_archived;

-- The badge counts of each user: unread = not read and not archived, unseen = not seen and not archived.
-- One row per user, read by primary key: no count over the user's notifications per request. The triggers
-- below keep it in the transaction of every statement that changes notification rows, whoever runs it (the
-- projector, the API's own read-your-writes update, a user's deletion), from the rows the statement changed
-- (transition tables), one aggregated upsert per statement.
CREATE TABLE ${prefix}_inbox_count (
    user_id varchar(255) PRIMARY KEY,
    unread  bigint       NOT NULL,
    unseen  bigint       NOT NULL
);
INSERT INTO ${prefix}_inbox_count (user_id, unread, unseen)
SELECT user_id,
       count(*) FILTER (WHERE NOT is_viewed AND NOT is_archived),
       count(*) FILTER (WHERE NOT is_seen AND NOT is_archived)
FROM ${prefix}_notification
GROUP BY user_id;

CREATE FUNCTION ${prefix}_inbox_count_apply() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    -- rows locked in user order, so two statements never wait on each other's count rows in a cycle
    IF TG_OP = 'INSERT' THEN
        INSERT INTO ${prefix}_inbox_count AS c (user_id, unread, unseen)
        SELECT user_id,
               count(*) FILTER (WHERE NOT is_viewed AND NOT is_archived),
               count(*) FILTER (WHERE NOT is_seen AND NOT is_archived)
        FROM new_rows GROUP BY user_id ORDER BY user_id
        ON CONFLICT (user_id) DO UPDATE SET unread = c.unread + excluded.unread, unseen = c.unseen + excluded.unseen;
    ELSIF TG_OP = 'UPDATE' THEN
        INSERT INTO ${prefix}_inbox_count AS c (user_id, unread, unseen)
        SELECT user_id, sum(unread), sum(unseen)
        FROM (SELECT user_id, (NOT is_viewed AND NOT is_archived)::int AS unread,
                     (NOT is_seen AND NOT is_archived)::int AS unseen FROM new_rows
              UNION ALL
              SELECT user_id, -(NOT is_viewed AND NOT is_archived)::int,
                     -(NOT is_seen AND NOT is_archived)::int FROM old_rows) d
        GROUP BY user_id HAVING sum(unread) <> 0 OR sum(unseen) <> 0 ORDER BY user_id
        ON CONFLICT (user_id) DO UPDATE SET unread = c.unread + excluded.unread, unseen = c.unseen + excluded.unseen;
    ELSE
        UPDATE ${prefix}_inbox_count AS c SET unread = c.unread - d.unread, unseen = c.unseen - d.unseen
        FROM (SELECT user_id,
                     count(*) FILTER (WHERE NOT is_viewed AND NOT is_archived) AS unread,
                     count(*) FILTER (WHERE NOT is_seen AND NOT is_archived) AS unseen
              FROM old_rows GROUP BY user_id) d
        WHERE c.user_id = d.user_id;
    END IF;
    RETURN NULL;
END
$$;

CREATE TRIGGER ${prefix}_inbox_count_insert AFTER INSERT ON ${prefix}_notification
    REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION ${prefix}_inbox_count_apply();
CREATE TRIGGER ${prefix}_inbox_count_update AFTER UPDATE ON ${prefix}_notification
    REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION ${prefix}_inbox_count_apply();
CREATE TRIGGER ${prefix}_inbox_count_delete AFTER DELETE ON ${prefix}_notification
    REFERENCING OLD TABLE AS old_rows FOR EACH STATEMENT EXECUTE FUNCTION ${prefix}_inbox_count_apply();
