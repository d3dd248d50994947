"""Who people are in the draft: organizations, speakers, minutes, the programme's order, the
composition's source, and note authors only where the event wants them."""

from __future__ import annotations

from drafts import (
    SECTIONS,
    Block,
    BulletList,
    DraftInput,
    EventInfo,
    Heading,
    Names,
    Paragraph,
    PersonInfo,
    Placeholder,
    RoundInput,
    SessionInput,
    Table,
    build_document,
    render_markdown,
)
from drafts.model import CompositionInput, ContributorInput, MinutesInput
from flows.programme import Entry
from locales import translator
from tests.drafts.draft_samples import DEFAULT_SECTORS, unescape_md

t = translator("de")
LYNN, ULI, UTE, MIA, OLE = 1, 2, 3, 4, 5
PEOPLE = {
    LYNN: PersonInfo(name="Lynn Apelt", sector="state", consent=True, registered=True,
                     organization="LandesEhrenamtsagentur Hessen"),
    ULI: PersonInfo(name="Dr. Uli Glaser", sector="municipal", consent=False, registered=True,
                    organization="Stadt Nürnberg", function="Leitung"),
    UTE: PersonInfo(name="Ute Bertel", sector="municipal", consent=True, registered=True,
                    organization="Stadt München", function="AG-Sprecherin"),
    MIA: PersonInfo(name="Mia", sector="civil_society", consent=False, registered=True),
    OLE: PersonInfo(name="Ole", sector=None, consent=False, registered=False),
}


def event(**changes: object) -> EventInfo:
    info = EventInfo(title="Kommunalkonferenz", dates="11.–12. Mai 2023", place="Kassel",
                     language="de", sectors=DEFAULT_SECTORS)
    return info.model_copy(update=changes)


def draft(*sessions: SessionInput, **changes: object) -> DraftInput:
    base = DraftInput(event=event(), people=PEOPLE, participants=frozenset(PEOPLE),
                      sessions=sessions)
    return base.model_copy(update=changes)


def texts(blocks: tuple[Block, ...] | list[Block]) -> list[str]:
    """Each paragraph's text, each heading's and each placeholder's, in order."""
    found: list[str] = []
    for block in blocks:
        if isinstance(block, Paragraph):
            found.append("".join(run.text for run in block.runs))
        elif isinstance(block, Heading):
            found.append(f"#{block.level} {block.text}")
        elif isinstance(block, Placeholder):
            found.append(f"✎ {block.text}")
        elif isinstance(block, BulletList):
            found += ["- " + "".join(run.text for run in item.runs) for item in block.items]
    return found


def test_someone_who_agreed_is_named_with_organization_and_function() -> None:
    names = Names(PEOPLE, t)
    assert names.person(LYNN) == "Lynn Apelt (LandesEhrenamtsagentur Hessen)"
    assert names.person(UTE) == "Ute Bertel (Stadt München | AG-Sprecherin)"
    assert names.named_with_sector(UTE) == "Ute Bertel (Stadt München | AG-Sprecherin)"
    assert names.person_with_sector(LYNN) == "Lynn Apelt (LandesEhrenamtsagentur Hessen)"
    assert names.credited([LYNN, ULI]) == (["Lynn Apelt (LandesEhrenamtsagentur Hessen)"], 1)


def test_someone_who_did_not_agree_shows_no_organization() -> None:
    names = Names(PEOPLE, t)
    assert names.person(ULI) == t("draft.participant_sector", sector=t("draft.sector.municipal"))
    assert "Nürnberg" not in names.person_with_sector(ULI)


def test_speakers_chosen_from_people_appear_as_they_agreed_for_their_part() -> None:
    session = SessionInput(id=1, title="Netzwerke neu denken (WS 2)", contributors=(
        ContributorInput(role="impulse", user_id=ULI, named=True),
        ContributorInput(role="moderation", user_id=UTE, named=True),
        ContributorInput(role="podium", user_id=MIA, named=False),
        ContributorInput(role="podium", name="Dr. Lilian Schwalb", organization="BBE"),
    ))
    lines = texts(build_document(draft(session)).blocks)
    assert (f"{t('draft.impulse')}: Dr. Uli Glaser (Stadt Nürnberg | Leitung) | "
            f"{t('draft.moderation')}: Ute Bertel (Stadt München | AG-Sprecherin)") in lines
    anonymous = t("draft.participant_sector", sector=t("draft.sector.civil_society"))
    assert (f"{t('people.draft_podium')}: {anonymous} | Dr. Lilian Schwalb (BBE)") in lines
    assert f"✎ {t('draft.impulse_placeholder')}" not in lines


def test_one_person_giving_impulse_and_moderation_is_named_once() -> None:
    session = SessionInput(id=1, title="WS", contributors=(
        ContributorInput(role="impulse", user_id=UTE, named=True),
        ContributorInput(role="moderation", user_id=UTE, named=True),
    ))
    lines = texts(build_document(draft(session)).blocks)
    assert (f"{t('draft.impulse_and_moderation')}: Ute Bertel (Stadt München | AG-Sprecherin)"
            in lines)


def test_several_impulses_have_the_plural_label_and_chosen_people_replace_typed_text() -> None:
    session = SessionInput(id=1, title="WS", impulse="getippt", moderation="Dieter Schöffmann",
                           contributors=(
                               ContributorInput(role="impulse", user_id=UTE, named=True),
                               ContributorInput(role="impulse", name="Sigmar Schridde",
                                                organization="Stadt Rheine"),
                           ))
    lines = texts(build_document(draft(session)).blocks)
    assert (f"{t('people.draft_impulses')}: Ute Bertel (Stadt München | AG-Sprecherin) | "
            f"Sigmar Schridde (Stadt Rheine) | {t('draft.moderation')}: Dieter Schöffmann"
            in lines)


def test_the_minutes_are_the_summary_with_who_reported_it_before_the_rounds() -> None:
    minutes = MinutesInput(text="„Dritte Orte“ sind Orte der Begegnung.\n\n- ohne Konsumzwang\n"
                                "- offen für alle\nEine einheitliche Definition gibt es nicht.",
                           authors=(LYNN, MIA))
    session = SessionInput(id=1, title="WS 2", minutes=minutes,
                           rounds=(RoundInput(kind="unknown", state="{}"),))
    lines = texts(build_document(draft(session)).blocks)
    start = lines.index(f"#2 {t('people.draft_summary')}")
    assert lines[start:start + 6] == [
        f"#2 {t('people.draft_summary')}",
        t("people.draft_report_by", names="Lynn Apelt (LandesEhrenamtsagentur Hessen)"),
        "„Dritte Orte“ sind Orte der Begegnung.",
        "- ohne Konsumzwang",
        "- offen für alle",
        "Eine einheitliche Definition gibt es nicht.",
    ]
    assert f"✎ {t('draft.results_placeholder')}" not in lines


def test_minutes_by_people_who_did_not_agree_name_no_reporter() -> None:
    session = SessionInput(id=1, title="WS", minutes=MinutesInput(text="Text", authors=(MIA,)))
    lines = texts(build_document(draft(session)).blocks)
    assert t("people.draft_report_unnamed") in lines
    assert "Mia" not in " ".join(lines)


def test_the_reference_form_of_the_summary_in_markdown() -> None:
    session = SessionInput(id=1, title="„Dritte Orte - Räume mit Potential“ (WS 2)",
                           minutes=MinutesInput(text="Begegnung schafft Identifikation.",
                                                authors=(LYNN,)))
    markdown = unescape_md(render_markdown(build_document(draft(session))))
    assert ("### Impuls & Diskussionsergebnisse – Zusammenfassung\n\n"
            "*[Bericht von Lynn Apelt (LandesEhrenamtsagentur Hessen)]*\n\n"
            "Begegnung schafft Identifikation.\n") in markdown


def programme_draft() -> DraftInput:
    sessions = tuple(SessionInput(id=n, title=title) for n, title in (
        (1, "Dialog und Zusammenwirken (WS 1)"), (2, "Dritte Orte (WS 2)"),
        (3, "Kommunale Handlungsstrategien (WS 1)"), (4, "Nicht im Programm"),
        (5, "Zwischenresümee")))
    entries = (
        Entry(id=1, day=2, time="10:00", title="Strategisch handeln", kind="workshop",
              session_id=3),
        Entry(id=2, day=1, time="11:00", title="WS 1", kind="workshop", session_id=1),
        Entry(id=3, day=1, time="11:00", title="WS 2", kind="workshop", session_id=2),
        Entry(id=4, day=1, time="10:00", title="Begrüßung", kind="welcome"),
        Entry(id=5, day=1, time="12:30", title="", kind="break"),
        Entry(id=6, day=1, time="14:00", title="Transformation der Kommunen", kind="keynote"),
        Entry(id=7, day=1, time=None, title="Zwischenresümee", kind="podium", session_id=5),
        Entry(id=8, day=2, time="15:00", title="Abschließendes Podiumsgespräch", kind="podium"),
    )
    return draft(*sessions, programme=entries)


def test_the_draft_follows_the_programme_day_by_day_and_sessions_not_on_it_follow() -> None:
    document = build_document(programme_draft())
    chapters = [(h.level, h.text) for h in document.headings() if h.level <= 2]
    assert chapters[2:] == [
        (1, t("people.draft_day", number=1)),
        (2, "Begrüßung"),
        (2, "Dialog und Zusammenwirken (WS 1)"),
        (2, "Dritte Orte (WS 2)"),
        (2, "Transformation der Kommunen"),
        (2, "Zwischenresümee"),
        (1, t("people.draft_day", number=2)),
        (2, "Kommunale Handlungsstrategien (WS 1)"),
        (2, "Abschließendes Podiumsgespräch"),
        (1, "Nicht im Programm"),
        (1, t("draft.thanks")),
        (1, t("docx.impressum")),
    ]
    lines = texts(document.blocks)
    assert f"✎ {t('people.draft_placeholder_keynote')}" in lines


def test_a_session_on_the_programme_keeps_its_sections_one_level_deeper() -> None:
    board = '{"title": "x"}'
    sessions = (SessionInput(id=1, title="WS", rounds=(RoundInput(kind="box", state=board),)),)

    def box(state: object, names: Names, tr: object) -> list[Block]:
        return [Heading(level=2, text="Pinnwand"), Heading(level=3, text="Frage")]

    with_programme = draft(*sessions, programme=(Entry(day=1, title="WS", kind="workshop",
                                                       session_id=1),))
    levels = [(h.level, h.text) for h in build_document(with_programme,
                                                        sections={"box": box}).headings()]
    assert (2, "WS") in levels and (3, "Pinnwand") in levels and (4, "Frage") in levels


def composition(document_draft: DraftInput) -> Table:
    document = build_document(document_draft, sections=SECTIONS)
    return next(block for block in document.blocks if isinstance(block, Table))


def test_everyone_who_took_part_counts_and_the_unregistered_are_not_stated() -> None:
    table = composition(draft())
    assert table.rows[-2] == (t("draft.composition_unknown"), "1", "20 %")
    assert table.rows[-1] == (t("draft.composition_total"), "5", "")
    assert table.caption == t("people.composition_from_participants")


def test_imported_counts_replace_the_participants_and_the_source_is_named() -> None:
    counts = CompositionInput(source="import", label="anmeldung.csv", counts=(
        ("municipal", 48), ("state", 6), ("federal", 3), ("civil_society", 17),
        ("foundation", 2), ("research", 3)))
    table = composition(draft(composition=counts))
    assert [row[2] for row in table.rows[:-1]] == ["61 %", "8 %", "4 %", "22 %", "3 %", "4 %"]
    assert table.rows[-1][1] == "79"
    assert table.caption == t("people.composition_from_import", file="anmeldung.csv")


def test_typed_counts_keep_labels_of_their_own_and_people_without_a_sector_last() -> None:
    counts = CompositionInput(source="typed", counts=(("municipal", 8), ("Verwaltung", 1),
                                                      ("", 1)))
    table = composition(draft(composition=counts))
    assert table.rows[-4:] == (
        (t("sector.research"), "0", "0 %"),
        ("Verwaltung", "1", "10 %"),
        (t("draft.composition_unknown"), "1", "10 %"),
        (t("draft.composition_total"), "10", ""),
    )
    assert table.caption == t("people.composition_from_typed")


def test_nobody_yet_is_said_in_words() -> None:
    document = build_document(draft(participants=frozenset()))
    assert t("people.composition_nobody") in texts(document.blocks)
