-- Mini App init data already exchanged for a session token, by its signature (Telegram's
-- hash), kept until the init data would have expired anyway (seconds since 1970): each is
-- exchanged once, also after a restart and by every process on the database together (the
-- primary key decides). Rows past their time are deleted as new ones come (storage.initdata).
CREATE TABLE used_init_data (
    signature TEXT PRIMARY KEY,
    expires INTEGER NOT NULL
);
CREATE INDEX used_init_data_by_expiry ON used_init_data(expires);
