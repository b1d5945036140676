-- Issue 11: a settings id is chosen by its user, so it is unique per user, never across users.
-- The settings of two users with the same id are two rows; every row V1 held keeps its owner.
ALTER TABLE ${prefix}_settings DROP CONSTRAINT ${prefix}_settings_pkey;
ALTER TABLE ${prefix}_settings ADD CONSTRAINT ${prefix}_settings_pkey PRIMARY KEY (user_id, settings_id);
-- the primary key now starts with user_id: it is the per-user index
DROP INDEX ${prefix}_settings_user_idx;

-- What became of a command the API answered 202 with a commandId: 'pending' (written by the API before it
-- sends the command), then 'accepted' or 'refused' (projected from nyt-command-outcomes). Keyed by owner
-- first, as everything a client can name: a command id of another user is not found.
CREATE TABLE ${prefix}_command_outcome (
    user_id      varchar(255) NOT NULL,
    command_id   varchar(64)  NOT NULL,
    command_type varchar(32)  NOT NULL,
    status       varchar(16)  NOT NULL,
    field        varchar(64),
    reason       text,
    received_at  timestamptz  NOT NULL,
    decided_at   timestamptz,
    CONSTRAINT ${prefix}_command_outcome_pkey PRIMARY KEY (user_id, command_id)
);
