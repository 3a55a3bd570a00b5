-- The first schema: user settings, contracts, milestones and their events, reminders, FAQ entries.
-- Times are INTEGER seconds since the Unix epoch, UTC. Money is INTEGER minor units.

CREATE TABLE users (
    user_id            INTEGER PRIMARY KEY,
    timezone           TEXT    NOT NULL DEFAULT 'UTC',
    currency           TEXT    NOT NULL DEFAULT 'USD',
    quiet_start        INTEGER,            -- minutes after local midnight; NULL = no quiet hours
    quiet_end          INTEGER,
    reminders_enabled  INTEGER NOT NULL DEFAULT 1,
    dm_channel_id      INTEGER,            -- remembered so a reminder costs one request
    undelivered        INTEGER NOT NULL DEFAULT 0,  -- reminders that could not be delivered, not yet told
    created_at         INTEGER NOT NULL
);

CREATE TABLE contracts (
    id           INTEGER PRIMARY KEY,
    owner_id     INTEGER NOT NULL,
    title        TEXT    NOT NULL,
    client       TEXT    NOT NULL,
    platform     TEXT    NOT NULL,
    currency     TEXT    NOT NULL,
    price_minor  INTEGER NOT NULL CHECK (price_minor > 0),
    review_days  INTEGER,                  -- NULL = no automatic release
    started_at   INTEGER NOT NULL,
    ended_at     INTEGER,
    created_at   INTEGER NOT NULL
);
CREATE UNIQUE INDEX contracts_owner_title ON contracts (owner_id, title COLLATE NOCASE);
CREATE INDEX contracts_owner_ended ON contracts (owner_id, ended_at);

CREATE TABLE milestones (
    id                   INTEGER PRIMARY KEY,
    contract_id          INTEGER NOT NULL REFERENCES contracts (id) ON DELETE CASCADE,
    owner_id             INTEGER NOT NULL,  -- copied from the contract so every query can be scoped by owner
    position             INTEGER NOT NULL,
    title                TEXT    NOT NULL,
    amount_minor         INTEGER NOT NULL CHECK (amount_minor > 0),
    due_at               INTEGER,
    status               TEXT    NOT NULL,
    funded               INTEGER NOT NULL DEFAULT 0,
    released_minor       INTEGER NOT NULL DEFAULT 0,
    refunded_minor       INTEGER NOT NULL DEFAULT 0,
    funded_at            INTEGER,
    submitted_at         INTEGER,
    review_ends_at       INTEGER,
    released_at          INTEGER,
    funds_available_at   INTEGER,
    refund_requested_at  INTEGER,
    refund_deadline_at   INTEGER,
    status_changed_at    INTEGER NOT NULL,
    muted                INTEGER NOT NULL DEFAULT 0,
    created_at           INTEGER NOT NULL
);
CREATE UNIQUE INDEX milestones_contract_title ON milestones (contract_id, title COLLATE NOCASE);
CREATE INDEX milestones_owner ON milestones (owner_id, contract_id);

CREATE TABLE milestone_events (
    id            INTEGER PRIMARY KEY,
    milestone_id  INTEGER NOT NULL REFERENCES milestones (id) ON DELETE CASCADE,
    owner_id      INTEGER NOT NULL,
    kind          TEXT    NOT NULL,
    at            INTEGER NOT NULL,   -- when it happened, as the user said
    amount_minor  INTEGER,
    detail        TEXT,               -- JSON for edits
    recorded_at   INTEGER NOT NULL
);
CREATE INDEX milestone_events_milestone ON milestone_events (milestone_id, id);

CREATE TABLE reminders (
    id            INTEGER PRIMARY KEY,
    owner_id      INTEGER NOT NULL,
    contract_id   INTEGER REFERENCES contracts (id) ON DELETE CASCADE,
    milestone_id  INTEGER REFERENCES milestones (id) ON DELETE CASCADE,
    kind          TEXT    NOT NULL,
    event_at      INTEGER NOT NULL,   -- the deadline the reminder is about
    due_at        INTEGER NOT NULL,   -- when it should go out
    state         TEXT    NOT NULL DEFAULT 'pending',  -- pending, claimed, sent, cancelled, undeliverable
    claimed_at    INTEGER,
    attempts      INTEGER NOT NULL DEFAULT 0,
    sent_at       INTEGER,
    message_id    INTEGER,
    created_at    INTEGER NOT NULL
);
CREATE INDEX reminders_pending_due ON reminders (due_at) WHERE state IN ('pending', 'claimed');
CREATE INDEX reminders_milestone ON reminders (milestone_id, state);
CREATE INDEX reminders_contract ON reminders (contract_id, state);
CREATE INDEX reminders_owner ON reminders (owner_id, state, due_at);

CREATE TABLE faq_entries (
    guild_id    INTEGER NOT NULL,
    topic       TEXT    NOT NULL,
    title       TEXT    NOT NULL,
    keywords    TEXT    NOT NULL DEFAULT '',
    body        TEXT    NOT NULL,
    hidden      INTEGER NOT NULL DEFAULT 0,   -- 1 = this server removed the topic
    updated_by  INTEGER NOT NULL,
    updated_at  INTEGER NOT NULL,
    PRIMARY KEY (guild_id, topic)
);

-- Full-text index over the topics a server sees: built-in ones (guild_id 0, reloaded at start) and overrides.
CREATE VIRTUAL TABLE faq_search USING fts5 (
    guild_id UNINDEXED, topic UNINDEXED, title, keywords, body, tokenize = 'porter unicode61'
);

CREATE TABLE faq_changes (
    id        INTEGER PRIMARY KEY,
    guild_id  INTEGER NOT NULL,
    topic     TEXT    NOT NULL,
    action    TEXT    NOT NULL,   -- set, remove, reset
    by_user   INTEGER NOT NULL,
    at        INTEGER NOT NULL
);
CREATE INDEX faq_changes_guild ON faq_changes (guild_id, topic);

CREATE TABLE bot_meta (
    key    TEXT PRIMARY KEY,
    value  TEXT NOT NULL
);
