-- Photos for publication: who sent one and who added it to the documentation, the credit line,
-- and whether whoever added it confirmed that the people shown agreed (only then is it printed).
ALTER TABLE photos ADD COLUMN uploader_id INTEGER;   -- who sent the photo (FORGOTTEN -1 after /forgetme)
ALTER TABLE photos ADD COLUMN added_by INTEGER;      -- who put it into the documentation, and confirms
ALTER TABLE photos ADD COLUMN credit TEXT;           -- the photographer as typed ("Foto: …")
ALTER TABLE photos ADD COLUMN subjects TEXT NOT NULL DEFAULT 'pending'
    CHECK (subjects IN ('pending', 'agreed', 'nobody', 'declined'));

-- The closing pages of an event's drafts, filled once by the organizers (/impressum); NULL leaves
-- a placeholder. The publisher is also the document's author.
CREATE TABLE impressum (
    event_id    INTEGER PRIMARY KEY REFERENCES events(id) ON DELETE CASCADE,
    publisher   TEXT,
    address     TEXT,
    contact     TEXT,
    responsible TEXT,
    thanks      TEXT,
    updated_at  TEXT NOT NULL
);
