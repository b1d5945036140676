-- The read model of nyt-query-api: what the projector writes from the topics, what the HTTP API reads.
-- ${prefix} is NYT_DB_TABLE_PREFIX (default nyt), so the tables keep django-nyt's names (nyt_notification, ...).
-- No foreign keys between tables fed by different topics: the projector reads the topics independently,
-- so a notification may arrive before the subscription it names, and replays must not depend on the order.

-- django-nyt's NotificationType: created on the fly the first time a key is subscribed to or notified.
CREATE TABLE ${prefix}_notificationtype (
    key          varchar(128) PRIMARY KEY,
    label        varchar(255),
    content_type varchar(255)
);

-- nyt-users: the host application's users.
CREATE TABLE ${prefix}_user (
    user_id      varchar(255) PRIMARY KEY,
    email        varchar(255),
    display_name varchar(255) NOT NULL,
    active       boolean      NOT NULL
);

-- Tombstones of nyt-users: rows created before deleted_at never come back, whatever order topics replay in.
CREATE TABLE ${prefix}_deleted_user (
    user_id    varchar(255) PRIMARY KEY,
    deleted_at timestamptz  NOT NULL
);

-- nyt-settings
CREATE TABLE ${prefix}_settings (
    settings_id varchar(255) PRIMARY KEY,
    user_id     varchar(255) NOT NULL,
    interval    integer      NOT NULL,
    is_default  boolean      NOT NULL,
    created     timestamptz  NOT NULL
);
CREATE INDEX ${prefix}_settings_user_idx ON ${prefix}_settings (user_id);

-- nyt-subscriptions; last_sent comes from nyt-email-events (DigestSent).
CREATE TABLE ${prefix}_subscription (
    subscription_id       varchar(255) PRIMARY KEY,
    user_id               varchar(255) NOT NULL,
    settings_id           varchar(255) NOT NULL,
    notification_type_key varchar(128) NOT NULL,
    content_type          varchar(255),
    object_id             varchar(255),
    send_emails           boolean      NOT NULL,
    created               timestamptz  NOT NULL,
    last_sent             timestamptz
);
CREATE INDEX ${prefix}_subscription_user_idx ON ${prefix}_subscription (user_id);

-- nyt-notifications. The primary key (user_id, id) is the (user_id, id) index every per-user query uses;
-- the partial index makes the unread list (and its count) of one user an index range scan.
CREATE TABLE ${prefix}_notification (
    user_id               varchar(255)  NOT NULL,
    id                    bigint        NOT NULL,
    subscription_id       varchar(255),
    settings_id           varchar(255),
    notification_type_key varchar(128)  NOT NULL,
    message               text          NOT NULL,
    url                   varchar(2048),
    content_type          varchar(255),
    object_id             varchar(255),
    occurrences           integer       NOT NULL,
    is_viewed             boolean       NOT NULL,
    is_emailed            boolean       NOT NULL,
    created               timestamptz   NOT NULL,
    modified              timestamptz   NOT NULL,
    event_id              varchar(255),
    CONSTRAINT ${prefix}_notification_pkey PRIMARY KEY (user_id, id)
);
CREATE INDEX ${prefix}_notification_unread_idx ON ${prefix}_notification (user_id, id DESC) WHERE NOT is_viewed;

-- nyt-email-events: one row per digest (DigestSent or DigestFailed).
CREATE TABLE ${prefix}_sent_digest (
    digest_id        varchar(255) PRIMARY KEY,
    user_id          varchar(255) NOT NULL,
    settings_id      varchar(255) NOT NULL,
    outcome          varchar(16)  NOT NULL,
    message_id       varchar(998),
    email            varchar(255),
    subject          text,
    template         varchar(255),
    interval         integer,
    notification_ids bigint[]     NOT NULL,
    subscription_ids text[]       NOT NULL,
    reason           text,
    happened_at      timestamptz  NOT NULL
);
CREATE INDEX ${prefix}_sent_digest_user_idx ON ${prefix}_sent_digest (user_id);

-- The projector's position: written in the same transaction as the rows it applied
-- (the idempotent consumer), read back when partitions are assigned.
CREATE TABLE ${prefix}_projector_offset (
    topic       varchar(255) NOT NULL,
    partition   integer      NOT NULL,
    next_offset bigint       NOT NULL,
    CONSTRAINT ${prefix}_projector_offset_pkey PRIMARY KEY (topic, partition)
);
