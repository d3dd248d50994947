-- A person's sessions and roles looked up by the person: the address of their event in a
-- private chat (storage.people.recent_event_of), their menus and /forgetme.
CREATE INDEX session_members_user ON session_members(user_id);
CREATE INDEX roles_user ON roles(user_id);
