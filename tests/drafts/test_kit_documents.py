"""The kit's documents: the survey's chapter of the draft, the invitation page and its codes."""

from __future__ import annotations

import io
from datetime import UTC, datetime

import docx
import pytest
from pypdf import PdfReader

from drafts import Chart, Heading, build_document, render_markdown
from drafts.invitation import (
    InvitationInput,
    InvitationLink,
    invitation_docx,
    invitation_files,
    privacy_notice,
)
from drafts.pdf import office_program
from drafts.qr import qr_png
from flows import survey as sv
from locales import translator
from tests.drafts.draft_samples import SECTIONS, bullets, realistic_draft, tables
from tests.qr import decoded, decoded_in_docx

T = translator("de")
T0 = datetime(2023, 4, 20, 9, 0, tzinfo=UTC)
TOPICS = ("Dialog und Zusammenwirken gestalten", "Dritte Orte schaffen", "Teilhabe ermöglichen",
          "Klimawandel begegnen")
REGISTER = "https://t.me/werkstatt_demo_bot?start=join_ABC234"
GROUP = "https://t.me/+0001abcdinv"
needs_office = pytest.mark.skipif(office_program() is None, reason="LibreOffice is not installed")


def surveyed(*, planned: int = 0) -> sv.SurveyState:
    """Five people picked up to two of four topics; the survey is closed."""
    state = sv.apply(None, sv.OpenSurvey(actor=1, topics=TOPICS, picks=2), T0).state
    picks = {11: (2, 3), 12: (2, 1), 13: (2,), 14: (3, 4), 15: (1, 2)}
    for person, topics in picks.items():
        for topic in topics:
            state = sv.apply(state, sv.PickTopic(actor=person, topic=topic), T0).state
    state = sv.apply(state, sv.CloseSurvey(actor=1), T0).state
    if planned:
        state = sv.apply(state, sv.PlanSessions(actor=1, count=planned), T0).state
    return state


def test_the_survey_has_a_chapter_with_its_ranking_the_chosen_topics_and_a_chart() -> None:
    draft = realistic_draft().model_copy(update={"survey": surveyed(planned=2)})
    blocks = build_document(draft, sections=SECTIONS).blocks
    at = blocks.index(Heading(level=1, text=T("kit.draft_survey")))
    chapter = list(blocks[at:at + 6])
    ranking = tables(chapter)[0]
    assert [row[1:4] for row in ranking.rows] == [
        ("Dritte Orte schaffen", "4", "80 %"), ("Dialog und Zusammenwirken gestalten", "2", "40 %"),
        ("Teilhabe ermöglichen", "2", "40 %"), ("Klimawandel begegnen", "1", "20 %")]
    assert [row[4] for row in ranking.rows] == ["✓", "✓", "", ""]
    assert T("kit.draft_survey_intro", count=5, topics=4, picks=2) in render_markdown(
        build_document(draft, sections=SECTIONS, charts=False))
    assert bullets(chapter) == [["Dritte Orte schaffen", "Dialog und Zusammenwirken gestalten"]]
    chart = next(block for block in chapter if isinstance(block, Chart))
    assert dict(zip(chart.labels, chart.values, strict=True)) == {
        "Dritte Orte schaffen": 4, "Dialog und Zusammenwirken gestalten": 2,
        "Teilhabe ermöglichen": 2, "Klimawandel begegnen": 1}


def test_the_survey_comes_after_the_composition_and_before_the_sessions() -> None:
    draft = realistic_draft().model_copy(update={"survey": surveyed()})
    headings = [b.text for b in build_document(draft, sections=SECTIONS).blocks
                if isinstance(b, Heading) and b.level == 1]
    survey_at = headings.index(T("kit.draft_survey"))
    assert headings.index(T("draft.composition")) < survey_at
    assert survey_at < headings.index(draft.sessions[0].title)


def test_a_draft_without_a_survey_or_without_answers_has_no_survey_chapter() -> None:
    unanswered = sv.apply(None, sv.OpenSurvey(actor=1, topics=TOPICS, picks=1), T0).state
    for survey in (None, unanswered):
        draft = realistic_draft().model_copy(update={"survey": survey})
        text = render_markdown(build_document(draft, sections=SECTIONS, charts=False))
        assert T("kit.draft_survey") not in text


def test_a_qr_code_reads_back_as_its_link() -> None:
    assert decoded(qr_png(REGISTER)) == [REGISTER]


def page(*links: InvitationLink) -> InvitationInput:
    return InvitationInput(
        language="de", title="Kommunalkonferenz", subtitle="Mitmachen in der Sitzung „Werkstatt 2“",
        steps=(T("kit.step_register"), T("kit.step_group", title="Werkstatt 2"),
               T("kit.step_take_part")),
        links=links, notice_title=T("kit.notice_title"),
        notice=privacy_notice(T, publisher=None, contact="datenschutz@example.org", days=365))


def test_the_invitation_page_has_three_steps_each_link_as_a_code_and_the_notice() -> None:
    data = invitation_docx(page(InvitationLink(label="Anmeldung", link=REGISTER),
                                InvitationLink(label="Gruppe", link=GROUP)))
    assert decoded_in_docx(data) == [REGISTER, GROUP]
    document = docx.Document(io.BytesIO(data))
    numbered = [p.text for p in document.paragraphs
                if p.style is not None and p.style.name == "List Number"]
    assert numbered == [T("kit.step_register"), T("kit.step_group", title="Werkstatt 2"),
                        T("kit.step_take_part")]
    text = "\n".join(p.text for p in document.paragraphs)
    cells = "\n".join(cell.text for cell in document.tables[0].rows[0].cells)
    assert REGISTER in cells and GROUP in cells
    assert T("kit.notice_title") in text and "Telegram Messenger Inc." in text
    assert T("kit.notice_publisher") in text and "datenschutz@example.org" in text
    assert T("kit.retention", days=365) in text
    section = document.sections[0]
    assert section.page_width is not None and section.page_height is not None
    assert (round(section.page_width.cm, 1), round(section.page_height.cm, 1)) == (21.0, 29.7)


def test_a_link_the_bot_could_not_make_is_a_sentence_instead_of_a_code() -> None:
    data = invitation_docx(page(InvitationLink(label="Anmeldung", link=REGISTER),
                                InvitationLink(label="Gruppe", note=T("kit.qr_no_invite"))))
    assert decoded_in_docx(data) == [REGISTER]
    cells = docx.Document(io.BytesIO(data)).tables[0].rows[0].cells
    assert T("kit.qr_no_invite") in cells[1].text


@needs_office
def test_the_invitation_is_one_pdf_page_with_codes_that_still_read() -> None:
    files = invitation_files(page(InvitationLink(label="Anmeldung", link=REGISTER),
                                  InvitationLink(label="Gruppe", link=GROUP),
                                  InvitationLink(label="Vorabbefragung", link=REGISTER + "x")),
                             pdf=True)
    assert [f.filename for f in files] == ["Kommunalkonferenz.docx", "Kommunalkonferenz.pdf"]
    pdf = PdfReader(io.BytesIO(files[1].data))
    assert len(pdf.pages) == 1
    images = [image.data for image in pdf.pages[0].images]
    assert sorted(text for image in images for text in decoded(image)) == sorted(
        [REGISTER, GROUP, REGISTER + "x"])
