-- How the German texts address people in an event: 'sie' (the default) or 'du'.
-- Events created before this setting existed spoke du to everyone; they keep du until an
-- organizer changes it, so nobody in a running event is suddenly addressed differently.
ALTER TABLE events ADD COLUMN address TEXT NOT NULL DEFAULT 'sie' CHECK (address IN ('sie', 'du'));
UPDATE events SET address = 'du';
