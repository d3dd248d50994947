-- Who people are, what a session's minutes say, the event's programme and its composition.
-- A person's organization and function appear in a draft only with their consent to be named.
ALTER TABLE people ADD COLUMN organization TEXT;
ALTER TABLE people ADD COLUMN function TEXT;

-- Whether the draft names the authors of pinboard notes (off, as the reference), and where
-- the composition's numbers come from: the participants, an imported list, typed counts.
ALTER TABLE events ADD COLUMN note_authors INTEGER NOT NULL DEFAULT 0;
ALTER TABLE events ADD COLUMN composition_source TEXT NOT NULL DEFAULT 'participants'
    CHECK (composition_source IN ('participants', 'import', 'typed'));
ALTER TABLE events ADD COLUMN composition_label TEXT;  -- the imported file's name

-- The counts of an imported registration list or typed in: a sector key of the event, a
-- label of the organizer's own, or '' for people without a sector.
CREATE TABLE composition_counts (
    event_id INTEGER NOT NULL REFERENCES events(id) ON DELETE CASCADE,
    position INTEGER NOT NULL,
    sector   TEXT    NOT NULL,
    count    INTEGER NOT NULL CHECK (count >= 0),
    PRIMARY KEY (event_id, position)
);

-- A session's impulse speakers, moderators and podium guests: a person (user_id, who answers
-- whether they may be named here) or a guest typed in by an organizer who confirmed consent.
CREATE TABLE contributors (
    id           INTEGER PRIMARY KEY,
    session_id   INTEGER NOT NULL REFERENCES sessions(id) ON DELETE CASCADE,
    role         TEXT    NOT NULL CHECK (role IN ('impulse', 'moderation', 'podium')),
    user_id      INTEGER,                 -- NULL for a guest
    name         TEXT,                    -- a guest's name, organization and function
    organization TEXT,
    function     TEXT,
    consent      TEXT    NOT NULL DEFAULT 'pending'
                 CHECK (consent IN ('pending', 'named', 'declined')),
    added_by     INTEGER NOT NULL,
    created_at   TEXT    NOT NULL,
    CHECK ((user_id IS NULL) = (name IS NOT NULL))
);
CREATE INDEX contributors_session ON contributors(session_id, role, id);
CREATE INDEX contributors_user ON contributors(user_id);
CREATE UNIQUE INDEX contributors_once ON contributors(session_id, role, user_id)
    WHERE user_id IS NOT NULL;

-- A session's summary ("Impuls & Diskussionsergebnisse – Zusammenfassung") and who wrote it.
CREATE TABLE minutes (
    session_id INTEGER PRIMARY KEY REFERENCES sessions(id) ON DELETE CASCADE,
    text       TEXT    NOT NULL,
    updated_by INTEGER NOT NULL,
    updated_at TEXT    NOT NULL
);
CREATE TABLE minutes_authors (
    session_id INTEGER NOT NULL REFERENCES sessions(id) ON DELETE CASCADE,
    user_id    INTEGER NOT NULL,
    first_at   TEXT    NOT NULL,
    PRIMARY KEY (session_id, user_id)
);
CREATE INDEX minutes_authors_user ON minutes_authors(user_id);

-- The event's programme: days, times, titles, kinds, each maybe linked to a session.
CREATE TABLE programme (
    id         INTEGER PRIMARY KEY,
    event_id   INTEGER NOT NULL REFERENCES events(id) ON DELETE CASCADE,
    day        INTEGER NOT NULL CHECK (day BETWEEN 1 AND 9),
    time       TEXT,                      -- "09:30", or NULL
    title      TEXT    NOT NULL,
    kind       TEXT    NOT NULL
               CHECK (kind IN ('welcome', 'keynote', 'podium', 'workshop', 'break', 'closing')),
    session_id INTEGER REFERENCES sessions(id) ON DELETE SET NULL
);
CREATE INDEX programme_event ON programme(event_id, day, time);
