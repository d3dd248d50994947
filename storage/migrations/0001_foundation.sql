-- Events, people, roles, sessions, dialogues and rounds: what every format stands on.
CREATE TABLE events (
    id          INTEGER PRIMARY KEY,
    code        TEXT    NOT NULL UNIQUE,
    title       TEXT    NOT NULL,
    dates       TEXT    NOT NULL,
    place       TEXT    NOT NULL,
    language    TEXT    NOT NULL DEFAULT 'de',
    sectors     TEXT,            -- JSON list replacing the default sector list, or NULL
    created_by  INTEGER NOT NULL,
    created_at  TEXT    NOT NULL
);

CREATE TABLE people (
    user_id       INTEGER PRIMARY KEY,   -- Telegram user id
    telegram_name TEXT    NOT NULL,      -- first (and last) name as Telegram shows it
    username      TEXT,                  -- @username without @, lower case
    language      TEXT    NOT NULL DEFAULT 'de',
    display_name  TEXT,                  -- the name the person chose for the documentation
    sector        TEXT,                  -- a key of the event's sector list
    consent_name  INTEGER NOT NULL DEFAULT 0,
    registered_at TEXT,                  -- NULL until the person went through registration
    seen_at       TEXT    NOT NULL
);
CREATE INDEX people_username ON people(username);

CREATE TABLE roles (
    event_id INTEGER NOT NULL REFERENCES events(id) ON DELETE CASCADE,
    user_id  INTEGER NOT NULL,
    role     TEXT    NOT NULL CHECK (role IN ('organizer', 'facilitator', 'notetaker')),
    PRIMARY KEY (event_id, user_id, role)
);

CREATE TABLE sessions (
    id         INTEGER PRIMARY KEY,
    event_id   INTEGER NOT NULL REFERENCES events(id) ON DELETE CASCADE,
    chat_id    INTEGER NOT NULL,
    thread_id  INTEGER NOT NULL DEFAULT 0,   -- forum topic, 0 outside forums
    chat_title TEXT    NOT NULL DEFAULT '',
    title      TEXT    NOT NULL,
    created_at TEXT    NOT NULL,
    ended_at   TEXT,
    UNIQUE (chat_id, thread_id)
);

CREATE TABLE session_members (
    session_id INTEGER NOT NULL REFERENCES sessions(id) ON DELETE CASCADE,
    user_id    INTEGER NOT NULL,
    first_seen TEXT    NOT NULL,
    PRIMARY KEY (session_id, user_id)
);

CREATE TABLE dialogs (
    user_id    INTEGER NOT NULL,
    chat_id    INTEGER NOT NULL,
    kind       TEXT    NOT NULL,
    data       TEXT    NOT NULL,  -- JSON of the dialogue's answers so far
    updated_at TEXT    NOT NULL,
    PRIMARY KEY (user_id, chat_id)
);

CREATE TABLE rounds (
    id              INTEGER PRIMARY KEY,
    session_id      INTEGER NOT NULL REFERENCES sessions(id) ON DELETE CASCADE,
    kind            TEXT    NOT NULL,         -- pinboard, fishbowl, council
    state           TEXT    NOT NULL,         -- JSON of the flow's frozen state
    is_open         INTEGER NOT NULL DEFAULT 1,
    deadline        TEXT,                     -- ISO time the round's timer ends, or NULL
    live_message_id INTEGER,                  -- the live message in the session chat
    live_text       TEXT,                     -- what that message shows now
    created_at      TEXT    NOT NULL,
    closed_at       TEXT
);
CREATE INDEX rounds_open ON rounds(session_id, is_open);

CREATE TABLE round_log (
    id       INTEGER PRIMARY KEY,
    round_id INTEGER NOT NULL REFERENCES rounds(id) ON DELETE CASCADE,
    actor    INTEGER NOT NULL,
    event    TEXT    NOT NULL,   -- the event's type name and JSON
    source   TEXT,               -- the Telegram message or button press that carried it
    at       TEXT    NOT NULL
);
CREATE UNIQUE INDEX round_log_source ON round_log(round_id, source) WHERE source IS NOT NULL;

CREATE TABLE seen_updates (
    update_id INTEGER PRIMARY KEY,
    at        TEXT NOT NULL
);

CREATE TABLE meta (
    key   TEXT PRIMARY KEY,
    value TEXT NOT NULL
);
