"""The reference documentation's event as draft data: Kassel, 11 and 12 May 2023.

``../shared/reference/kommunalkonferenz-kassel-2023.txt`` rebuilt from its own
material: 79 participants in the reference's sector counts (48 / 6 / 3 / 17 / 2 / 3),
the people it names with their organizations, a programme of two days (welcome,
three workshops, keynote and the fishbowl "Zwischenresümee" on day 1; three
workshops, a development council and the closing podium on day 2), the workshops'
pinboards, minutes, impulse and moderation, and quotes. Every state is made by the
flows themselves, so the draft's real sections render it.
"""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from drafts import (
    Consent,
    DraftInput,
    EventInfo,
    PersonInfo,
    QuoteInput,
    RoundInput,
    SessionInput,
)
from drafts.model import ContributorInput, MinutesInput
from flows import council as fc
from flows import fishbowl as fb
from flows import pinboard as pb
from flows.base import Event
from flows.people import ContributorRole
from flows.programme import Entry
from tests.reference import REFERENCE_BOARD

SECTOR_COUNTS = {"municipal": 48, "state": 6, "federal": 3, "civil_society": 17,
                 "foundation": 2, "research": 3}
"""The reference's table, "Zusammensetzung der Teilnehmerschaft" (79 people)."""
REFERENCE_SHARES = (61, 8, 4, 22, 3, 4)
SECTORS = tuple(SECTOR_COUNTS)
DAY_1 = datetime(2023, 5, 11, 9, 0, tzinfo=UTC)
DAY_2 = datetime(2023, 5, 12, 7, 0, tzinfo=UTC)

NAMED: dict[int, tuple[str, str, str | None]] = {
    1: ("Ute Bertel", "Stadt München", "AG-Sprecherin"),
    2: ("Ilona Friedrich", "Stadt Kassel", "Bürgermeisterin"),
    3: ("Dr. Uli Glaser", "Stadt Nürnberg", None),
    4: ("Siegmar Schridde", "Stadt Rheine", None),
    5: ("Kathrin Hinze", "Stadt Dessau-Roßlau", "Koordinatorin Engagierte Stadt"),
    49: ("Claudia Spruch", "LandesEhrenamtsagentur Hessen", None),
    50: ("Lynn Apelt", "LandesEhrenamtsagentur Hessen", None),
    55: ("Stephan Willinger", "Bundesinstitut für Bau-, Stadt- und Raumforschung – BBSR", None),
    58: ("Janine Bliestle", "Gemeindenetzwerk Baden-Württemberg", None),
    59: ("Dieter Schöffmann", "VIS a VIS", "Sprecher der AG"),
    60: ("Jessica Jahr", "IBPro e. V.", "Geschäftsführung"),
    61: ("Elke Schilling", "Silbernetz e.V.", None),
    62: ("Gabriella Hinn", "Bundesarbeitsgemeinschaft Seniorenbüros e.V.", "Geschäftsführung"),
    77: ("Prof. Dr. Ralf Vandamme", "Hochschule Mannheim", None),
    78: ("Prof.in Dr. Andrea Walter", "Hochschule für Polizei und Verwaltung NRW", None),
}
"""The people the reference names, by id; they agreed to be named."""
URSULA, ILONA, ULI, SIEGMAR, KATHRIN = 1, 2, 3, 4, 5
CLAUDIA, LYNN, STEPHAN, JANINE, DIETER, JESSICA, ELKE, GABRIELLA = 49, 50, 55, 58, 59, 60, 61, 62
RALF, ANDREA = 77, 78


def everyone() -> dict[int, PersonInfo]:
    """79 registered people by the reference's sector counts; those it names, by name."""
    people: dict[int, PersonInfo] = {}
    for sector, count in SECTOR_COUNTS.items():
        for _ in range(count):
            uid = len(people) + 1
            name, organization, function = NAMED.get(uid, (f"Person {uid}", None, None))
            people[uid] = PersonInfo(name=name, sector=sector, consent=uid in NAMED,
                                     registered=True, organization=organization,
                                     function=function)
    return people


def board(title: str, questions: dict[str, list[str]], start: datetime) -> pb.PinboardState:
    """A pinboard with the questions and notes as the reference typed them up, the notes
    written by participants in turn."""
    state = pb.apply(None, pb.OpenBoard(actor=DIETER, title=title, questions=tuple(questions)),
                     start).state
    author = 6
    for number, notes in enumerate(questions.values(), start=1):
        for text in notes:
            state = pb.apply(state, pb.AddNotes(actor=author, question=number, texts=(text,)),
                             start + timedelta(seconds=author)).state
            author = author + 1 if author < 79 else 6
    return pb.apply(state, pb.Close(actor=DIETER), start + timedelta(hours=1)).state


def zwischenresuemee() -> fb.FishbowlState:
    """The fishbowl of day 1: the rapporteurs of the three workshops start in the circle."""
    start = DAY_1 + timedelta(hours=7)
    moves: list[Event] = [
        fb.SeatPerson(actor=DIETER, user_id=JESSICA, label="WS1"),
        fb.SeatPerson(actor=DIETER, user_id=SIEGMAR, label="WS2"),
        fb.SeatPerson(actor=DIETER, user_id=ELKE, label="WS3"),
        fb.Speaks(actor=LYNN, user_id=JESSICA),
        fb.AddPoint(actor=LYNN, text="Unternehmen als Partner gewinnen"),
        fb.Speaks(actor=LYNN, user_id=SIEGMAR),
        fb.AddPoint(actor=LYNN, text="Dritte Orte brauchen Verantwortliche in der Verwaltung"),
        fb.Close(actor=DIETER),
    ]
    state = fb.apply(None, fb.OpenFishbowl(actor=DIETER, topic="Zwischenresümee", chairs=4),
                     start).state
    for minute, move in enumerate(moves, start=1):
        state = fb.apply(state, move, start + timedelta(minutes=2 * minute)).state
    return state


def entwicklungsbeirat() -> fc.CouncilState:
    """A development council as Gesine Schwan described it, held on day 2."""
    moves: list[Event] = [
        fc.OpenCouncil(actor=DIETER, question="Engagementstrategie für die Stadt",
                       groups=("Verwaltung", "Politik", "Zivilgesellschaft")),
        fc.JoinGroup(actor=SIEGMAR, group=0),
        fc.JoinGroup(actor=ILONA, group=1),
        fc.JoinGroup(actor=JESSICA, group=2),
        fc.StateInterest(actor=SIEGMAR, text="Klare Zuständigkeit", reason="Querschnittsaufgabe"),
        fc.StateInterest(actor=ILONA, text="Ratsbeschluss", reason="Verbindlichkeit"),
        fc.StateInterest(actor=JESSICA, text="Augenhöhe", reason="Engagement ist freiwillig"),
        fc.Close(actor=DIETER),
    ]
    state: fc.CouncilState | None = None
    start = DAY_2 + timedelta(hours=6)
    for minute, move in enumerate(moves):
        state = fc.apply(state, move, start + timedelta(minutes=minute)).state
    assert state is not None
    return state


def person(role: ContributorRole, uid: int) -> ContributorInput:
    return ContributorInput(role=role, user_id=uid, named=True)


WS_DAY_1 = (
    "„Dialog und Zusammenwirken von Zivilgesellschaft, Politik / Verwaltung und engagierten "
    "Unternehmen gestalten“ (WS 1)",
    "„Dritte Orte - Räume mit Potential“ (WS 2)",
    "„Gesellschaftliche Teilhabe durch Engagement - für Alle!“ (WS 3)",
)
WS_DAY_2 = (
    "„Kommunale Handlungsstrategien partizipativ erarbeiten“ (WS 1)",
    "„Kooperationen und Netzwerke neu denken“ (WS 2)",
    "„Wandel der kommunalen Selbstverwaltung“ (WS 3)",
)
FISHBOWL = "Zwischenresümee"
COUNCIL = "Kommunaler Entwicklungsbeirat: Engagementstrategie"
WELCOME = "Herausforderungen gemeinsam bewältigen – zum Beispiel Kassel"
KEYNOTE = "Transformation der Kommunen gelingend gestalten – Vortrag von Prof.in Dr. Gesine Schwan"
CLOSING = ("Abschließendes Podiumsgespräch: „Strategisches Handeln der Kommunen anregen und "
           "ermöglichen – Was ist von wem zu tun?“")


def sessions() -> tuple[SessionInput, ...]:
    """The eight sessions, in the order their chats were linked (not the programme's)."""
    unternehmen = {
        "Wie gelingt die Zusammenarbeit mit engagierten Unternehmen/der Wirtschaft?": [
            "Multiplikatoren suchen", "Anreize schaffen", "Plattformen und Begegnungsorte"],
        "Auf was muss man in der Zusammenarbeit achten?": [
            "Keine Wirtschaftsförderung", "Kontinuität"],
    }
    teilhabe = {"Wie können unterrepräsentierte Gruppen erreicht werden?": [
        "Über KiTa und Schule", "Aufsuchende Aktionen (Geh-Struktur)", "Zugangsorte: Arztpraxen"]}
    strategie = {"Gelingensfaktoren": ["Betroffene beteiligen", "Verwaltung breit einbinden",
                                       "Transparenz und Kommunikation"]}
    netzwerke = {"Instrumente für die Netzwerkarbeit": ["Akteurs- bzw. Netzwerkkarte",
                                                        "Newsletter", "Mitwirk-O-Mat"]}
    wandel = {"Faktor „Vielgestaltige Governance“": ["Pop-Up-Maßnahmen",
                                                     "„Lieber fertig als perfekt.“"],
              "Faktor „Selbstbewusste Zivilgesellschaft“": ["Geteilte Verantwortung",
                                                            "Versäulung auflösen"]}

    def pinboard(title: str, questions: dict[str, list[str]], start: datetime) -> RoundInput:
        return RoundInput(kind="pinboard", state=board(title, questions, start).model_dump_json())

    return (
        SessionInput(
            id=21, title=WS_DAY_2[1],
            question="Was können Netzwerke auf kommunaler Ebene leisten?",
            contributors=(person("impulse", ULI), person("moderation", URSULA)),
            minutes=MinutesInput(text="Es gibt drei Dimensionen des Netzwerkes: Kommune – "
                                      "Zivilgesellschaft – Wirtschaft.", authors=(URSULA,)),
            rounds=(pinboard("Netzwerke", netzwerke, DAY_2 + timedelta(hours=3)),)),
        SessionInput(
            id=10, title=WS_DAY_1[0],
            question="Wie gelingt ein konstruktives Zusammenwirken der Sektoren?",
            contributors=(person("impulse", KATHRIN), person("moderation", DIETER)),
            minutes=MinutesInput(text="Kommunen finden es schwierig, mit Unternehmen ins "
                                      "Gespräch zu kommen.", authors=(LYNN,)),
            rounds=(pinboard("Unternehmen", unternehmen, DAY_1 + timedelta(hours=2)),)),
        SessionInput(
            id=11, title=WS_DAY_1[1],
            question="Wie finden wir ‚Dritte Orte‘, wie organisieren wir sie?",
            contributors=(person("impulse", JANINE), person("moderation", JANINE)),
            minutes=MinutesInput(text="„Dritte Orte“ sind Orte der Begegnung.\n"
                                      "Eine einheitliche Definition gibt es noch nicht.",
                                 authors=(RALF,)),
            rounds=(pinboard("Dritte Orte", REFERENCE_BOARD,
                             DAY_1 + timedelta(hours=2)),),
            quotes=(QuoteInput(text="Die Konferenz war für mich sehr bereichernd.",
                               author=GABRIELLA, consent=Consent.NAMED),
                    QuoteInput(text="Demokratie lebt von Zufallsbegegnung.", author=30,
                               consent=Consent.ANONYMOUS))),
        SessionInput(
            id=12, title=WS_DAY_1[2],
            question="Wie ermöglicht Engagement gesellschaftliche Teilhabe für alle?",
            contributors=(person("impulse", DIETER), person("moderation", DIETER)),
            rounds=(pinboard("Teilhabe", teilhabe, DAY_1 + timedelta(hours=2)),)),
        SessionInput(
            id=13, title=FISHBOWL,
            question="Was verbindet die Werkstätten mit den Vortragsimpulsen?",
            contributors=(person("moderation", DIETER), person("podium", JESSICA),
                          person("podium", SIEGMAR), person("podium", ELKE)),
            rounds=(RoundInput(kind="fishbowl", state=zwischenresuemee().model_dump_json()),)),
        SessionInput(
            id=20, title=WS_DAY_2[0],
            question="Wie erarbeitet eine Kommune ihre Strategie?",
            contributors=(person("impulse", ANDREA), person("impulse", SIEGMAR),
                          person("moderation", DIETER)),
            rounds=(pinboard("Strategie", strategie, DAY_2 + timedelta(hours=3)),)),
        SessionInput(
            id=22, title=WS_DAY_2[2],
            question="Welche Veränderungen braucht eine ko-produktive Stadtentwicklung?",
            contributors=(person("impulse", STEPHAN), person("moderation", JANINE)),
            rounds=(pinboard("Transformationsfähigkeit", wandel, DAY_2 + timedelta(hours=3)),)),
        SessionInput(
            id=23, title=COUNCIL,
            question="Wie kommt die Stadt zu einer Engagementstrategie?",
            contributors=(ContributorInput(role="impulse", name="Prof.in Dr. Gesine Schwan",
                                           organization="Berlin Governance Platform"),
                          person("moderation", DIETER)),
            rounds=(RoundInput(kind="council", state=entwicklungsbeirat().model_dump_json()),)),
    )


PROGRAMME = (
    Entry(id=1, day=1, time="10:30", title=WELCOME, kind="welcome"),
    Entry(id=2, day=1, time="11:30", title="Werkstatt 1", kind="workshop", session_id=10),
    Entry(id=3, day=1, time="11:30", title="Werkstatt 2", kind="workshop", session_id=11),
    Entry(id=4, day=1, time="11:30", title="Werkstatt 3", kind="workshop", session_id=12),
    Entry(id=5, day=1, time="13:00", title="Mittagspause", kind="break"),
    Entry(id=6, day=1, time="14:30", title=KEYNOTE, kind="keynote"),
    Entry(id=7, day=1, time="16:00", title=FISHBOWL, kind="podium", session_id=13),
    Entry(id=8, day=2, time="09:30", title="Werkstatt 1", kind="workshop", session_id=20),
    Entry(id=9, day=2, time="09:30", title="Werkstatt 2", kind="workshop", session_id=21),
    Entry(id=10, day=2, time="09:30", title="Werkstatt 3", kind="workshop", session_id=22),
    Entry(id=11, day=2, time="12:00", title="Pause", kind="break"),
    Entry(id=12, day=2, time="13:00", title="Entwicklungsbeirat", kind="workshop", session_id=23),
    Entry(id=13, day=2, time="14:30", title=CLOSING, kind="closing"),
)
"""The programme as an organizer enters it: out of order, by day and time."""


def kassel() -> DraftInput:
    people = everyone()
    return DraftInput(
        event=EventInfo(title="Herausforderungen in den Kommunen gemeinsam bewältigen",
                        dates="11.–12. Mai 2023", place="Kassel", language="de",
                        sectors=SECTORS),
        people=people,
        participants=frozenset(people),
        facilitators=(DIETER, JANINE, URSULA),
        notetakers=(LYNN, RALF, ELKE, SIEGMAR),
        sessions=sessions(),
        programme=PROGRAMME,
    )
