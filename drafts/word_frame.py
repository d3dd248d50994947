"""The Word document's frame: page, proofing language, properties, header and footer.

What a German office checks before a document goes out: A4 with 2.5 cm
margins, German spell-checking (not US English, which underlines every
German word), the publisher as author and today's date in the file's
properties, the event's title in the header and "Seite X von Y" in the
footer, a title page without either. The page, header and footer are the
built-in template's; an operator's own ``draft.docx`` keeps its own. The
language and the properties are the event's, whichever template is used.
"""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml import parse_xml
from docx.oxml.ns import nsdecls, qn
from docx.shared import Cm, Twips

from drafts.blocks import Document, Run
from drafts.docx_xml import Body
from drafts.text import one_line
from locales import Translator
from locales.numbers import language_tag

A4_TWIPS = (11906, 16838)
MARGIN = Cm(2.5)
_AFTER_LANG = ("eastAsianLayout", "specVanish", "oMath")
_BEFORE_STYLE_RPR = ("tblPr", "trPr", "tcPr", "tblStylePr")


def set_page(doc: Any) -> None:
    """A4 portrait, 2.5 cm on every side, a first page (the title page) of its own."""
    for section in doc.sections:
        section.page_width, section.page_height = (Twips(size) for size in A4_TWIPS)
        section.left_margin = section.right_margin = MARGIN
        section.top_margin = section.bottom_margin = MARGIN
        section.header_distance = section.footer_distance = Cm(1.25)
        section.different_first_page_header_footer = True


def set_language(doc: Any, language: str) -> str:
    """The proofing language on the defaults and on every style, and for the theme's fonts."""
    tag = language_tag(language)
    styles = doc.styles.element
    defaults = styles.find(qn("w:docDefaults"))
    if defaults is None:
        defaults = parse_xml(f"<w:docDefaults {nsdecls('w')}/>")
        styles.insert(0, defaults)
    default_run = defaults.find(qn("w:rPrDefault"))
    if default_run is None:
        default_run = parse_xml(f"<w:rPrDefault {nsdecls('w')}><w:rPr/></w:rPrDefault>")
        defaults.insert(0, default_run)
    _lang(_child(default_run, "rPr"), tag)
    for style in styles.iterfind(qn("w:style")):
        run_properties = style.find(qn("w:rPr"))
        if run_properties is None:
            run_properties = style.makeelement(qn("w:rPr"), {})
            following = next((c for c in style if c.tag in {qn(f"w:{t}")
                                                              for t in _BEFORE_STYLE_RPR}), None)
            if following is None:
                style.append(run_properties)
            else:
                following.addprevious(run_properties)
        _lang(run_properties, tag)
    theme_lang = doc.settings.element.find(qn("w:themeFontLang"))
    if theme_lang is not None:
        theme_lang.set(qn("w:val"), tag)
    return tag


def _child(parent: Any, tag: str) -> Any:
    found = parent.find(qn(f"w:{tag}"))
    if found is None:
        found = parent.makeelement(qn(f"w:{tag}"), {})
        parent.append(found)
    return found


def _lang(run_properties: Any, tag: str) -> None:
    """``w:lang`` in its schema place inside ``w:rPr``, the Latin-script language set."""
    lang = run_properties.find(qn("w:lang"))
    if lang is None:
        lang = run_properties.makeelement(qn("w:lang"), {})
        following = next((c for c in run_properties
                          if c.tag in {qn(f"w:{t}") for t in _AFTER_LANG}), None)
        if following is None:
            run_properties.append(lang)
        else:
            following.addprevious(lang)
    lang.set(qn("w:val"), tag)


def set_properties(doc: Any, document: Document, tag: str, now: datetime | None = None) -> None:
    """Title, subject, author, language and today's date, instead of python-docx's own."""
    moment = (now or datetime.now(UTC)).replace(microsecond=0)
    properties = doc.core_properties
    properties.title = one_line(document.title)[:255]
    properties.subject = one_line(document.subject)[:255]
    properties.author = properties.last_modified_by = one_line(document.author)[:255]
    properties.language = tag
    properties.created = properties.modified = moment
    properties.comments = properties.keywords = properties.category = ""
    properties.revision = 1


def add_toc_styles(doc: Any) -> None:
    """Word's "toc 1–3" styles, which python-docx's template lacks: indented by level."""
    names = {style.name.lower() for style in doc.styles}
    for level in (1, 2, 3):
        if f"toc {level}" in names:
            continue
        doc.styles.element.append(parse_xml(
            f'<w:style {nsdecls("w")} w:type="paragraph" w:styleId="TOC{level}">'
            f'<w:name w:val="toc {level}"/><w:basedOn w:val="Normal"/><w:next w:val="Normal"/>'
            '<w:uiPriority w:val="39"/><w:unhideWhenUsed/>'
            f'<w:pPr><w:spacing w:after="60"/><w:ind w:left="{(level - 1) * 284}"/></w:pPr>'
            "</w:style>"))


def header_and_footer(doc: Any, document: Document, t: Translator) -> None:
    """The event's title in the header, "Seite X von Y" in the footer; the title page has none."""
    section = doc.sections[-1]
    header = section.header.paragraphs[0]
    header.text = one_line(document.title)
    header.alignment = WD_ALIGN_PARAGRAPH.RIGHT
    footer = section.footer.paragraphs[0]
    footer.alignment = WD_ALIGN_PARAGRAPH.CENTER
    page_text = t("docx.footer_page", page="\0PAGE\0", pages="\0NUMPAGES\0")
    for number, part in enumerate(page_text.split("\0")):
        if number % 2:
            Body.field(footer._p, part, "1")
        elif part:
            Body.run(footer._p, Run(text=part))
