-- The bot's replies meant for one person that had to be posted in the group (the person never
-- opened the private chat): each is deleted when it is due, also after a restart.
CREATE TABLE passing (
    chat_id    INTEGER NOT NULL,
    message_id INTEGER NOT NULL,
    due        TEXT NOT NULL,
    PRIMARY KEY (chat_id, message_id)
);
