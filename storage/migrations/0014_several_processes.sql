-- Several bot processes on one database (PostgreSQL; SQLite keeps one process per file).
-- A round's version moves on with every stored step: a process whose round head was built
-- on an older one reads the round again instead of overwriting another's notes.
ALTER TABLE rounds ADD COLUMN version INTEGER NOT NULL DEFAULT 0;
-- The chat (else the user) an update belongs to: its updates are handled by one process at a
-- time, in order (storage.inbox.of_chat).
ALTER TABLE inbox ADD COLUMN chat_id INTEGER;
CREATE INDEX inbox_waiting ON inbox(chat_id, update_id) WHERE handled_at IS NULL;
-- Leases: a chat's updates, a live message's next edit, a due job; held by one process until
-- the time given, so a process that died lets go by itself (storage.leases).
CREATE TABLE leases (
    name TEXT PRIMARY KEY,
    holder TEXT NOT NULL,
    until TEXT NOT NULL
);
-- Who-is-who's version on a database several processes share (Database.generation there).
CREATE TABLE generations (
    only_row INTEGER PRIMARY KEY CHECK (only_row = 1),
    generation INTEGER NOT NULL,
    memberships INTEGER NOT NULL
);
