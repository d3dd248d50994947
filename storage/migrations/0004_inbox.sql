-- The durable inbox: every update the bot received, stored before Telegram is told it arrived.
-- A row's payload is the update as Telegram sent it (JSON) until the update was handled; then
-- only the id and the times remain (so a redelivery is recognised) until the row is pruned.
-- It subsumes seen_updates, whose ids come along as handled rows.
CREATE TABLE inbox (
    update_id   INTEGER PRIMARY KEY,
    payload     TEXT,
    received_at TEXT NOT NULL,
    handled_at  TEXT
);
CREATE INDEX inbox_unhandled ON inbox(update_id) WHERE handled_at IS NULL;

INSERT INTO inbox (update_id, payload, received_at, handled_at)
SELECT update_id, NULL, at, at FROM seen_updates;
DROP TABLE seen_updates;
