-- The facilitator's panel (Moderationspult): one private message per person, edited in place,
-- and the session it shows. Forgetting the person deletes the row; deleting the session's
-- event leaves the panel without a session.
CREATE TABLE panels (
    user_id    INTEGER PRIMARY KEY,
    message_id INTEGER,
    session_id INTEGER REFERENCES sessions(id) ON DELETE SET NULL,
    updated_at TEXT NOT NULL
);
