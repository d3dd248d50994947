-- The organizer's kit: who registered for an event and whether they want its documentation,
-- whom it was sent to, the topic survey before the event, and sessions waiting for a group.

-- Following an event's registration link (or its survey's) registers a person for it.
CREATE TABLE registrations (
    event_id      INTEGER NOT NULL REFERENCES events(id) ON DELETE CASCADE,
    user_id       INTEGER NOT NULL,
    registered_at TEXT    NOT NULL,
    PRIMARY KEY (event_id, user_id)
);
CREATE INDEX registrations_user ON registrations(user_id);

-- Whether the person wants the final documentation of the events they register for or
-- take part in: NULL not asked yet, 0 no, 1 yes (asked at registration, changed in /profile).
ALTER TABLE people ADD COLUMN wants_results INTEGER;

-- Whom an organizer sent an event's documentation to: nobody gets it twice.
CREATE TABLE results_sent (
    event_id INTEGER NOT NULL REFERENCES events(id) ON DELETE CASCADE,
    user_id  INTEGER NOT NULL,
    sent_at  TEXT    NOT NULL,
    PRIMARY KEY (event_id, user_id)
);

-- An event's topic survey: the flow's state (flows.survey) as JSON, one survey an event.
CREATE TABLE surveys (
    id         INTEGER PRIMARY KEY,
    event_id   INTEGER NOT NULL UNIQUE REFERENCES events(id) ON DELETE CASCADE,
    state      TEXT    NOT NULL,
    is_open    INTEGER NOT NULL DEFAULT 1,
    created_at TEXT    NOT NULL
);

-- A session planned before its group exists (a survey's topic): its "add to a group" link
-- carries the token; the first group it is added to becomes the session.
CREATE TABLE waiting_sessions (
    id         INTEGER PRIMARY KEY,
    event_id   INTEGER NOT NULL REFERENCES events(id) ON DELETE CASCADE,
    token      TEXT    NOT NULL UNIQUE,
    title      TEXT    NOT NULL,
    session_id INTEGER REFERENCES sessions(id) ON DELETE SET NULL,
    created_at TEXT    NOT NULL
);
CREATE INDEX waiting_sessions_event ON waiting_sessions(event_id, id);
