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
- Before the day, an organizer checks readiness (``/ready``, privately): each
  session's facilitators and note-takers, who of them has not opened the
  private chat yet (the draft and the panel cannot reach them), whether the bot
  administers each group with the rights it needs (``RIGHTS``), and which
  sessions have no facilitator. Each missing facilitator, group lacking rights
  and person out of reach is one open point.
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


class CheckReadiness(Event):
    """See whether the event is ready: roles, private chats, the bot's rights in each group."""

    event_id: int


RIGHTS = ("pin", "delete", "invite")
"""What the bot must be allowed in a session's group: pin its live message, delete notices and
replies that pass, make the invite link."""


def open_points(without_facilitator: int, groups_lacking: int, unreachable: int) -> int:
    """How many things stand between the event and a ready day (0: all is ready)."""
    return without_facilitator + groups_lacking + unreachable


PERMISSIONS: Matrix = {
    AppointOrganizer: ORGANIZE,
    LeaveOrganizers: ORGANIZE,
    ShowInvitation: STEER,
    ShowEventInvitation: ORGANIZE,
    SendResults: ORGANIZE,
    CheckReadiness: ORGANIZE,
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
