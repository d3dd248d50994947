"""The DOCX read back with python-docx: heading styles, the contents field, tables, images."""

from __future__ import annotations

import io
import zipfile
from pathlib import Path

import docx
from docx.shared import Cm
from docx.text.paragraph import Paragraph

from drafts import Image, build_document, render_docx
from drafts.blocks import Document
from tests.drafts.draft_samples import SECTIONS, realistic_draft, tiny_png

W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"


def word_document(data: bytes) -> docx.document.Document:
    return docx.Document(io.BytesIO(data))


def style_of(paragraph: Paragraph) -> str:
    return paragraph.style.name if paragraph.style is not None else ""


def realistic_docx() -> bytes:
    return render_docx(build_document(realistic_draft(), sections=SECTIONS))


def test_headings_use_the_real_heading_styles_for_the_navigation_pane() -> None:
    word = word_document(realistic_docx())
    styled = [(style_of(p), p.text) for p in word.paragraphs
              if style_of(p).startswith(("Title", "Heading"))]
    assert styled[:4] == [
        ("Title", "Kommunalkonferenz"),
        ("Heading 1", "Einleitung"),
        ("Heading 1", "Zusammensetzung der Teilnehmerschaft"),
        ("Heading 1", "Dritte Orte – Räume mit Potential (WS 2)"),
    ]
    assert ("Heading 2", "Pinnwand: Dritte Orte") in styled
    assert ("Heading 3", "Wer trägt die Kosten?") in styled
    assert styled[-2:] == [("Heading 1", "Dank"), ("Heading 1", "Impressum")]


def test_the_contents_link_each_heading_with_a_page_field_and_nothing_asks_to_update() -> None:
    data = realistic_docx()
    archive = zipfile.ZipFile(io.BytesIO(data))
    body = archive.read("word/document.xml").decode()
    assert body.count('w:fldCharType="begin"') == body.count('w:fldCharType="end"')
    assert " TOC " not in body  # LibreOffice would keep a TOC field's entries without numbers
    assert "w:dirty" not in body
    assert "updateFields" not in archive.read("word/settings.xml").decode()
    word = word_document(data)
    assert any(style_of(p) == "TOC Heading" and p.text == "Inhalt" for p in word.paragraphs)
    entries = [(style_of(p), p.text.split("\t")[0]) for p in word.paragraphs
               if style_of(p).startswith("toc")]
    assert entries[:3] == [("toc 1", "Einleitung"),
                           ("toc 1", "Zusammensetzung der Teilnehmerschaft"),
                           ("toc 1", "Dritte Orte – Räume mit Potential (WS 2)")]
    assert ("toc 2", "Pinnwand: Dritte Orte") in entries
    assert entries[-1] == ("toc 1", "Impressum")
    anchors = [h.get(f"{W}anchor") for h in word.element.body.iter(f"{W}hyperlink")]
    bookmarks = [b.get(f"{W}name") for b in word.element.body.iter(f"{W}bookmarkStart")]
    assert anchors == bookmarks and len(anchors) == len(entries)
    pagerefs = [i.text.split()[1] for i in word.element.body.iter(f"{W}instrText")
                if i.text.startswith(" PAGEREF")]
    assert pagerefs == anchors


def test_tables_are_real_tables_with_a_bold_repeated_header() -> None:
    word = word_document(realistic_docx())
    composition, votes = word.tables
    assert [c.text for c in composition.rows[0].cells] == ["Bereich", "Anzahl", "Anteil"]
    assert [c.text for c in composition.rows[-1].cells] == ["Gesamt", "5", ""]
    assert [[c.text for c in row.cells] for row in votes.rows] == [
        ["Cluster", "Punkte"], ["Begegnung ohne Konsumzwang", "7"], ["Kosten teilen", "3"],
    ]
    header = composition.rows[0]
    assert all(cell.paragraphs[0].runs[0].bold for cell in header.cells)
    properties = header._tr.trPr
    assert properties is not None and properties.find(f"{W}tblHeader") is not None
    assert composition.style is not None and composition.style.name == "Table Grid"


def test_photos_are_embedded_as_images_with_their_caption_and_credit() -> None:
    word = word_document(realistic_docx())
    assert len(word.inline_shapes) == 2  # the composition chart and the photo
    image_parts = [p for p in word.part.package.parts if p.content_type == "image/png"]
    assert tiny_png() in [part.blob for part in image_parts]
    captions = [p.text for p in word.paragraphs if style_of(p) == "Caption"]
    assert "Die Pinnwand am Ende des Workshops – Foto: Anna Albers" in captions


def test_a_large_photo_is_scaled_to_the_text_width() -> None:
    big = Image(filename="wide.png", data=tiny_png(width=4000, height=1000))
    word = word_document(render_docx(Document(language="de", title="x", blocks=(big,))))
    shape = word.inline_shapes[0]
    assert shape.width <= Cm(16.6)
    assert abs(shape.width / shape.height - 4.0) < 0.01


def test_an_unreadable_photo_is_named_instead_of_breaking_the_draft() -> None:
    broken = Image(filename="kaputt.jpg", data=b"not an image", caption="Foto")
    word = word_document(render_docx(Document(language="de", title="x", blocks=(broken,))))
    assert "[Das Bild „kaputt.jpg“ konnte nicht eingefügt werden.]" in [
        p.text for p in word.paragraphs
    ]


def test_placeholders_are_highlighted_for_the_organizer() -> None:
    word = word_document(realistic_docx())
    placeholder = next(p for p in word.paragraphs if p.text.startswith("✎ Zu ergänzen:"))
    assert all(run.font.highlight_color is not None for run in placeholder.runs)


def test_an_operators_docx_gives_its_styles_and_page_and_loses_its_body(tmp_path: Path) -> None:
    base = docx.Document()
    base.add_paragraph("Briefkopf-Text, der verschwinden muss")
    base.sections[0].header.paragraphs[0].text = "Werkstatt-Kopfzeile"
    base.styles["Heading 1"].font.size = docx.shared.Pt(23)
    base.save(str(tmp_path / "draft.docx"))
    data = render_docx(build_document(realistic_draft(), sections=SECTIONS), tmp_path)
    word = word_document(data)
    texts = [p.text for p in word.paragraphs]
    assert "Briefkopf-Text, der verschwinden muss" not in texts
    assert word.sections[0].header.paragraphs[0].text == "Werkstatt-Kopfzeile"
    assert word.styles["Heading 1"].font.size == docx.shared.Pt(23)
    assert texts[0] == "Kommunalkonferenz"
