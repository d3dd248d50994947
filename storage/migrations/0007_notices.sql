-- The current notice of each session (the bot's one short line people must notice): the next
-- notice deletes it, also after a restart. Deleting the session deletes its row.
CREATE TABLE notices (
    session_id INTEGER PRIMARY KEY REFERENCES sessions(id) ON DELETE CASCADE,
    message_id INTEGER NOT NULL
);
