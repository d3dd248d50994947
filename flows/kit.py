"""The organizer's kit: co-organizers, the invitation with its links, the results sent back.

The rules, in plain words:

- An event may have several organizers: an organizer makes someone a
  co-organizer (``/organizer`` as a reply, or with an @username). Every
  organizer may do everything the one who created the event may: link chats,
  appoint, change the event's settings, export, send the results, delete it.
- An organizer may leave the role, as long as another organizer remains: an
  event is never left without one.
- The invitation (``/qr``) gives the links that bring people in: the session
  group's invite link and the event's registration link, each as a QR code,
  together on one A4 page with a data-protection notice to adapt. Organizers
  and facilitators of the session may ask for it; the whole event's page, with
  every session's group, is for its organizers.
- People who registered say whether they want the final documentation; after
  the event an organizer sends it (or a short note with a link) to each of them
  who said yes, once: someone reached before is not sent it again.
"""

from __future__ import annotations

from flows.access import ORGANIZE, STEER, Matrix
from flows.base import Event, FlowError, has_visible_text

MAX_NOTE = 2000
"""Characters of the note sent instead of the draft (a few sentences and a link)."""


class AppointOrganizer(Event):
    """Make someone a co-organizer of the event."""

    target: int


class LeaveOrganizers(Event):
    """Stop being an organizer of the event."""

    event_id: int


class ShowInvitation(Event):
    """The session's invitation: its links as QR codes and the A4 page, privately."""


class ShowEventInvitation(Event):
    """The whole event's invitation, with every session's group: for its organizers."""


class SendResults(Event):
    """Send the final documentation to everyone registered who asked for it."""

    event_id: int


PERMISSIONS: Matrix = {
    AppointOrganizer: ORGANIZE,
    LeaveOrganizers: ORGANIZE,
    ShowInvitation: STEER,
    ShowEventInvitation: ORGANIZE,
    SendResults: ORGANIZE,
}
"""Who may use the organizer's kit, for the role matrix (``flows.roles``)."""


def check_leaving(organizers: int) -> None:
    """The last organizer stays: an event is never without one."""
    if organizers <= 1:
        raise FlowError("kit.last_organizer")


def clean_note(text: str) -> str:
    """The note sent instead of the draft: not empty, at most ``MAX_NOTE`` characters."""
    note = text.strip()
    if not has_visible_text(note):
        raise FlowError("kit.note_empty")
    if len(note) > MAX_NOTE:
        raise FlowError("kit.note_too_long", max=MAX_NOTE)
    return note
