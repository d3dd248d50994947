-- What the bot sent lately, by every process on the database together: Telegram's limits
-- (30 messages a second overall, 20 a minute per group) hold for the bot, not per process
-- (storage.sending, bot.ratelimit). One row per message and window ('bot', or the group's
-- chat id), at the database server's clock in milliseconds since 1970; rows older than their
-- window are deleted as new ones come. A SQLite file has one bot, which counts in memory.
CREATE TABLE sent_messages (
    chat TEXT NOT NULL,
    at INTEGER NOT NULL
);
CREATE INDEX sent_messages_by_chat ON sent_messages(chat, at);
