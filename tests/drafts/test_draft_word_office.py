"""The DOCX a German office accepts, read back in its XML; its PDF made by LibreOffice.

A4 with 2.5 cm margins, the event's proofing language on every style, real
file properties, a header and a "Seite X von Y" footer that Word and
LibreOffice compute, a title page without them, alternative text on every
picture, the Impressum at the end. The PDF tests run where LibreOffice is
installed (CI installs it) and are skipped elsewhere.
"""

from __future__ import annotations

import io
import zipfile
from datetime import UTC, datetime, timedelta
from pathlib import Path

import docx
import pytest
from pypdf import PdfReader

from drafts import ImpressumInput, PdfUnavailable, build_document, docx_to_pdf, draft_files
from drafts.pdf import office_program
from drafts.word import render_docx
from locales import translator
from tests.drafts.draft_samples import SECTIONS, realistic_draft

W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
WP = "{http://schemas.openxmlformats.org/drawingml/2006/wordprocessingDrawing}"
needs_office = pytest.mark.skipif(office_program() is None, reason="LibreOffice is not installed")


def draft_docx(language: str = "de", **impressum: str) -> bytes:
    draft = realistic_draft(language).model_copy(
        update={"impressum": ImpressumInput(**impressum)})
    return render_docx(build_document(draft, sections=SECTIONS))


def part(data: bytes, name: str) -> str:
    return zipfile.ZipFile(io.BytesIO(data)).read(name).decode()


def test_the_page_is_a4_with_margins_of_two_and_a_half_centimetres() -> None:
    body = part(draft_docx(), "word/document.xml")
    assert '<w:pgSz w:w="11906" w:h="16838"/>' in body
    section = docx.Document(io.BytesIO(draft_docx())).sections[0]
    margins = (section.left_margin, section.right_margin, section.top_margin,
               section.bottom_margin)
    assert all(round(margin.cm, 2) == 2.5 for margin in margins if margin is not None)


@pytest.mark.parametrize(("language", "tag"), [("de", "de-DE"), ("en", "en-GB")])
def test_every_style_is_proofed_in_the_events_language(language: str, tag: str) -> None:
    word = docx.Document(io.BytesIO(draft_docx(language)))
    styles = word.styles.element
    default = styles.find(f"{W}docDefaults/{W}rPrDefault/{W}rPr/{W}lang")
    assert default is not None and default.get(f"{W}val") == tag
    every = styles.findall(f"{W}style")
    assert len(every) > 100
    assert all(style.find(f"{W}rPr/{W}lang").get(f"{W}val") == tag for style in every)
    assert "en-US" not in part(draft_docx(language), "word/styles.xml").replace(
        'w:eastAsia="en-US"', "")


def test_the_files_properties_name_the_publisher_the_title_and_today() -> None:
    data = draft_docx(publisher="Stiftung Mitarbeit")
    properties = docx.Document(io.BytesIO(data)).core_properties
    assert properties.title == "Kommunalkonferenz"
    assert properties.author == properties.last_modified_by == "Stiftung Mitarbeit"
    assert properties.subject.startswith(translator("de")("draft.subtitle"))
    assert properties.language == "de-DE"
    assert properties.created is not None and properties.modified is not None
    assert abs(properties.created - datetime.now(UTC)) < timedelta(minutes=5)
    assert "python-docx" not in part(data, "docProps/core.xml")


def test_without_a_publisher_the_author_is_an_organizer_who_agreed_or_nobody() -> None:
    draft = realistic_draft().model_copy(update={"organizer_name": "Olga Orga"})
    word = docx.Document(io.BytesIO(render_docx(build_document(draft, sections=SECTIONS))))
    assert word.core_properties.author == "Olga Orga"
    assert docx.Document(io.BytesIO(draft_docx())).core_properties.author == ""


def test_the_footer_counts_pages_with_fields_and_the_header_names_the_event() -> None:
    data = draft_docx()
    word = docx.Document(io.BytesIO(data))
    section = word.sections[0]
    assert section.different_first_page_header_footer  # the title page has neither
    assert section.header.paragraphs[0].text == "Kommunalkonferenz"
    footer = section.footer.paragraphs[0]._p
    codes = [instr.text.strip() for instr in footer.iter(f"{W}instrText")]
    assert codes == ["PAGE", "NUMPAGES"]
    t = translator("de")
    shown = "".join(text.text or "" for text in footer.iter(f"{W}t"))
    assert shown == t("docx.footer_page", page="1", pages="1")
    english = docx.Document(io.BytesIO(draft_docx("en"))).sections[0].footer.paragraphs[0]
    assert english.text == translator("en")("docx.footer_page", page="1", pages="1")


def test_the_title_page_ends_before_the_contents_and_the_first_chapter_starts_a_page() -> None:
    word = docx.Document(io.BytesIO(draft_docx(publisher="Stadt Kassel")))
    paragraphs = word.paragraphs
    breaks = [p.text for p in paragraphs if p._p.find(f"{W}pPr/{W}pageBreakBefore") is not None]
    assert breaks == ["Inhalt", "Einleitung"]
    title_page = [p.text for p in paragraphs[:paragraphs.index(next(
        p for p in paragraphs if p.text == "Inhalt"))]]
    assert title_page[0] == "Kommunalkonferenz"
    assert translator("de")("docx.published_by", publisher="Stadt Kassel") in title_page


def test_every_picture_has_alternative_text() -> None:
    word = docx.Document(io.BytesIO(draft_docx()))
    properties = [shape._inline.docPr for shape in word.inline_shapes]
    assert len(properties) == 2
    assert all(p.get("descr") for p in properties)
    body = part(draft_docx(), "word/document.xml")
    assert body.count("<wp:docPr ") == body.count('descr="') == 2


def test_the_impressum_closes_the_draft_with_what_was_filled_and_placeholders() -> None:
    t = translator("de")
    word = docx.Document(io.BytesIO(draft_docx(publisher="Stadt Kassel",
                                               thanks="Danke an alle Werkstätten.")))
    texts = [p.text for p in word.paragraphs]
    end = texts[texts.index(t("docx.impressum")):]
    assert f"{t('docx.impressum_publisher')}: Stadt Kassel" in end
    assert any(t("docx.impressum_address_placeholder") in text for text in end)
    assert "Danke an alle Werkstätten." in texts


def test_an_operators_docx_keeps_its_own_page_setup(tmp_path: Path) -> None:
    base = docx.Document()
    base.sections[0].page_width = docx.shared.Mm(148)
    base.save(str(tmp_path / "draft.docx"))
    document = build_document(realistic_draft(), sections=SECTIONS)
    word = docx.Document(io.BytesIO(render_docx(document, tmp_path)))
    width = word.sections[0].page_width
    assert width is not None and abs(width - docx.shared.Mm(148)) < docx.shared.Mm(1)
    assert not word.sections[0].different_first_page_header_footer
    lang = word.styles.element.find(f"{W}docDefaults/{W}rPrDefault/{W}rPr/{W}lang")
    assert lang is not None and lang.get(f"{W}val") == "de-DE"


def test_without_libreoffice_no_pdf_is_made_and_the_reason_is_given(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setenv("PATH", "/nonexistent")
    document = build_document(realistic_draft(), sections=SECTIONS)
    with pytest.raises(PdfUnavailable, match="LibreOffice is not installed"):
        draft_files(document, ["docx", "pdf"])
    with pytest.raises(PdfUnavailable, match="libreoffice-writer-nogui"):
        docx_to_pdf(b"PK")


@needs_office
def test_libreoffice_opens_the_docx_and_makes_a_pdf_with_its_pages() -> None:
    document = build_document(realistic_draft(), sections=SECTIONS)
    files = draft_files(document, ["docx", "pdf"], stem="ws2")
    assert [f.filename for f in files] == ["ws2.docx", "ws2.pdf"]
    pdf = files[1].data
    assert pdf.startswith(b"%PDF")
    reader = PdfReader(io.BytesIO(pdf))
    assert len(reader.pages) >= 3  # title page, contents, chapters
    first, second = (reader.pages[n].extract_text() for n in (0, 1))
    assert "Kommunalkonferenz" in first and "Seite" not in first
    assert "Inhalt" in second and "Seite 2 von" in second.replace("\n", " ")
    assert reader.metadata is not None and reader.metadata.title == "Kommunalkonferenz"


@needs_office
def test_the_pdfs_contents_give_each_chapter_the_page_it_starts_on() -> None:
    pdf = docx_to_pdf(draft_docx())
    pages = [page.extract_text() for page in PdfReader(io.BytesIO(pdf)).pages]
    contents = [line for line in pages[1].splitlines() if line.startswith(("Einleitung", "Dank"))]
    assert len(contents) == 2
    for line in contents:
        title, number = line.rsplit(".", 1)
        title = title.rstrip(".")
        assert number.isdigit(), line
        starts = [n for n, text in enumerate(pages, start=1)
                  if n > 2 and any(row.strip() == title for row in text.splitlines())]
        assert starts and int(number) == starts[0], (line, starts)
