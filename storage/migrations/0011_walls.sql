-- The web side's links of each session, each holding a random token: the live wall's
-- (kind 'wall', read-only, for the projector) and the one to take part from a browser
-- (kind 'join'). A session has at most one current link of each kind; `/wall new` revokes
-- them (revoked_at) and adds others. The group's join link, where Telegram told it, is kept
-- with the wall. Deleting the session deletes its links.
CREATE TABLE walls (
    token      TEXT PRIMARY KEY,
    session_id INTEGER NOT NULL REFERENCES sessions(id) ON DELETE CASCADE,
    kind       TEXT NOT NULL DEFAULT 'wall' CHECK (kind IN ('wall', 'join')),
    created_by INTEGER NOT NULL,
    created_at TEXT NOT NULL,
    join_url   TEXT,
    revoked_at TEXT
);
CREATE INDEX walls_of_session ON walls (session_id, kind) WHERE revoked_at IS NULL;

-- People who take part from a browser, without Telegram ("guests"): each gets a person id
-- of its own, -(1000000000 + id), which no Telegram user has, and a row in people like
-- everyone else, so they count in results, composition and drafts. A guest belongs to the
-- session they joined; deleting the session deletes the row (the person is forgotten as
-- anyone else is).
CREATE TABLE guests (
    id         INTEGER PRIMARY KEY AUTOINCREMENT,
    session_id INTEGER NOT NULL REFERENCES sessions(id) ON DELETE CASCADE,
    created_at TEXT NOT NULL
);
