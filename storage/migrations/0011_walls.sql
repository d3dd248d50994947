-- The live wall (Wand) of each session: the projector's read-only link holds a random token.
-- A session has at most one current token; `/wall new` revokes it (revoked_at) and adds another.
-- The group's join link, where Telegram told it, is kept with the wall for its QR code.
-- Deleting the session deletes its walls.
CREATE TABLE walls (
    token      TEXT PRIMARY KEY,
    session_id INTEGER NOT NULL REFERENCES sessions(id) ON DELETE CASCADE,
    created_by INTEGER NOT NULL,
    created_at TEXT NOT NULL,
    join_url   TEXT,
    revoked_at TEXT
);
CREATE INDEX walls_of_session ON walls (session_id) WHERE revoked_at IS NULL;
