"""The draft's last pages and its credits: the Impressum, photo credits, the file's author.

A document a public body publishes names who publishes it (Herausgeber),
where and how to reach them, and who is responsible for the content; the
organizer fills these once per event (``/impressum``). What is not filled
stays a marked placeholder, so nobody publishes the draft by mistake.
"""

from __future__ import annotations

from drafts.blocks import Block, Heading, Paragraph, Placeholder
from drafts.model import DraftInput, PhotoInput
from drafts.names import Names
from locales import Translator

IMPRESSUM_FIELDS = ("publisher", "address", "contact", "responsible")
"""The Impressum's lines in order; ``thanks`` belongs to the chapter before it."""


def impressum_blocks(draft: DraftInput, t: Translator) -> list[Block]:
    """The Impressum chapter: each line as filled in, a placeholder for each that is not."""
    blocks: list[Block] = [Heading(level=1, text=t("docx.impressum"))]
    for field in IMPRESSUM_FIELDS:
        value = getattr(draft.impressum, field)
        if value:
            blocks.append(Paragraph.labelled(t(f"docx.impressum_{field}"), value))
        else:
            blocks.append(Placeholder(label=t("draft.placeholder_label"),
                                      text=t(f"docx.impressum_{field}_placeholder")))
    return blocks


def author(draft: DraftInput) -> str:
    """The file's author: the organizing body, else an organizer who agreed to be named."""
    return draft.impressum.publisher or draft.organizer_name or ""


def photo_credit(photo: PhotoInput, draft: DraftInput, names: Names, t: Translator) -> str:
    """"Foto: …": as typed, else the uploader if they agreed to be named, else the publisher."""
    named = names.credited([photo.uploader])[0] if photo.uploader is not None else []
    who = photo.credit or (named[0] if named else None) or draft.impressum.publisher
    return t("docx.photo_credit", name=who or t("docx.photo_credit_organizers"))
