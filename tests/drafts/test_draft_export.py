"""The files handed out: Markdown alone or zipped with its photos, DOCX, an operator's template."""

from __future__ import annotations

import io
import zipfile
from pathlib import Path

from drafts import (
    PhotoInput,
    build_document,
    draft_files,
    file_stem,
    markdown_zip,
    render_markdown,
)
from tests.drafts.draft_samples import SECTIONS, realistic_draft, tiny_png


def test_markdown_with_photos_is_a_zip_of_the_draft_and_its_images() -> None:
    document = build_document(realistic_draft(), sections=SECTIONS)
    archive = zipfile.ZipFile(io.BytesIO(markdown_zip(document)))
    assert sorted(archive.namelist()) == [
        "draft.md", "images/01-chart-composition.png", "images/02-pinwand-ws2.png",
    ]
    assert archive.read("images/02-pinwand-ws2.png") == tiny_png()
    assert archive.read("images/01-chart-composition.png").startswith(b"\x89PNG")
    assert "](images/02-pinwand-ws2.png)" in archive.read("draft.md").decode()


def test_the_formats_asked_for_come_as_files_named_after_the_event() -> None:
    with_photo = build_document(realistic_draft(), sections=SECTIONS)
    session = realistic_draft().sessions[0].model_copy(update={"photos": ()})
    without = build_document(realistic_draft().model_copy(update={"sessions": (session,)}),
                             sections=SECTIONS, charts=False)
    assert [f.filename for f in draft_files(with_photo, ["md", "docx"])] == [
        "Kommunalkonferenz.zip", "Kommunalkonferenz.docx",
    ]
    markdown_only = draft_files(without, ["md"], stem="ws2")
    assert [f.filename for f in markdown_only] == ["ws2.md"]
    assert markdown_only[0].data.decode().startswith("# Kommunalkonferenz\n")
    assert draft_files(without, ["docx"])[0].data[:2] == b"PK"


def test_file_names_keep_letters_and_lose_what_a_file_system_would_mind() -> None:
    assert file_stem("Dritte Orte / Räume: mit Potential?") == "Dritte-Orte-Räume-mit-Potential"
    assert file_stem("../../etc") == "etc"
    assert file_stem("  \u202e ") == "draft"


def test_an_operators_template_directory_replaces_the_shipped_template(tmp_path: Path) -> None:
    (tmp_path / "draft.md.j2").write_text(
        "{% for block in document.blocks %}{% if block.kind == 'heading' %}"
        "{{ '=' * block.level }} {{ block.text | md }}\n{% endif %}{% endfor %}",
        encoding="utf-8",
    )
    document = build_document(realistic_draft(), sections=SECTIONS)
    custom = render_markdown(document, template_dir=tmp_path)
    assert custom.splitlines()[:3] == [
        "Kommunalkonferenz", "= Einleitung", "= Zusammensetzung der Teilnehmerschaft",
    ]
    assert render_markdown(document).startswith("# Kommunalkonferenz\n")


def test_an_operators_template_can_extend_the_shipped_one(tmp_path: Path) -> None:
    (tmp_path / "draft.md.j2").write_text(
        "{% include 'werkstatt/draft.md.j2' %}\n---\nHerausgegeben vom Orga-Team\n",
        encoding="utf-8",
    )
    document = build_document(realistic_draft(), sections=SECTIONS)
    custom = render_markdown(document, template_dir=tmp_path)
    assert custom.startswith("# Kommunalkonferenz\n")
    assert custom.endswith("Herausgegeben vom Orga-Team\n")


def test_an_image_file_is_named_after_what_it_is_not_what_it_was_called() -> None:
    session = realistic_draft().sessions[0]
    photos = (PhotoInput(data=tiny_png(), filename="foto-7.jpg", agreed=True),
              PhotoInput(data=b"\xff\xd8\xff\xe0 jpeg", filename="Graphic Recording.JPG",
                         agreed=True))
    draft = realistic_draft().model_copy(update={"sessions": (
        session.model_copy(update={"photos": photos}),)})
    document = build_document(draft, sections=SECTIONS, charts=False)
    archive = zipfile.ZipFile(io.BytesIO(markdown_zip(document)))
    assert sorted(archive.namelist()) == [
        "draft.md", "images/01-foto-7.png", "images/02-Graphic-Recording.JPG",
    ]
