-- Documentation: quotes marked for the draft (with the author's consent), photos, session texts.
CREATE TABLE quotes (
    id         INTEGER PRIMARY KEY,
    session_id INTEGER NOT NULL REFERENCES sessions(id) ON DELETE CASCADE,
    chat_id    INTEGER NOT NULL,
    message_id INTEGER NOT NULL,
    author_id  INTEGER NOT NULL,          -- who wrote the words (FORGOTTEN -1 after /forgetme)
    text       TEXT    NOT NULL,
    marked_by  INTEGER NOT NULL,          -- who replied /quote
    consent    TEXT    NOT NULL DEFAULT 'pending'
               CHECK (consent IN ('pending', 'named', 'anonymous', 'declined')),
    created_at TEXT    NOT NULL,
    UNIQUE (chat_id, message_id)
);
CREATE INDEX quotes_session ON quotes(session_id, id);
CREATE INDEX quotes_author ON quotes(author_id);

CREATE TABLE photos (
    id         INTEGER PRIMARY KEY,
    session_id INTEGER NOT NULL REFERENCES sessions(id) ON DELETE CASCADE,
    chat_id    INTEGER NOT NULL,
    message_id INTEGER NOT NULL,
    file_id    TEXT    NOT NULL,          -- Telegram's id of the largest size
    caption    TEXT,                      -- without the #doku tag
    data       BLOB    NOT NULL,          -- the image itself: a draft must not depend on Telegram
    created_at TEXT    NOT NULL,
    UNIQUE (chat_id, message_id)
);
CREATE INDEX photos_session ON photos(session_id, id);

-- What the draft shows at the top of a session; NULL leaves a placeholder for the organizer.
ALTER TABLE sessions ADD COLUMN question TEXT;
ALTER TABLE sessions ADD COLUMN impulse TEXT;
ALTER TABLE sessions ADD COLUMN moderation TEXT;
