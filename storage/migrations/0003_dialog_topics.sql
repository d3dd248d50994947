-- Dialogues in a forum are kept per topic: a facilitator setting up a board in one topic
-- and choosing a note's question in another has two dialogues, not one.
CREATE TABLE dialogs_by_topic (
    user_id    INTEGER NOT NULL,
    chat_id    INTEGER NOT NULL,
    thread_id  INTEGER NOT NULL DEFAULT 0,  -- the forum topic; 0 outside forum topics
    kind       TEXT    NOT NULL,
    data       TEXT    NOT NULL,  -- JSON of the dialogue's answers so far
    updated_at TEXT    NOT NULL,
    PRIMARY KEY (user_id, chat_id, thread_id)
);
INSERT INTO dialogs_by_topic (user_id, chat_id, thread_id, kind, data, updated_at)
    SELECT user_id, chat_id, 0, kind, data, updated_at FROM dialogs;
DROP TABLE dialogs;
ALTER TABLE dialogs_by_topic RENAME TO dialogs;
