"""Questions from the floor and the closing round (Blitzlicht) on the wall, over HTTP."""

from __future__ import annotations

from bot.simulate import SimPerson
from locales import decimal, translator
from tests.bot.floor import Floor
from tests.web.conftest import Projector
from tests.web.helpers import live_message, people

t = translator("de")
HOSTILE = "<script>alert('frage')</script> & <b>fett</b>"


def opened(projector: Projector, command: str, choice: str, *names: str) -> Floor:
    """The round opened by Fatma's private choice, with people who said hello in the group."""
    found: list[SimPerson] = projector.run(people, projector.room, *names)
    here = Floor(projector.world, projector.room, dict(zip(names, found, strict=True)))
    projector.say(here.fatma, command)
    projector.run(here.fatma.press, here.private(here.fatma), t(choice))
    return here


def press(projector: Projector, person: SimPerson, label: str) -> None:
    projector.run(person.press, projector.run(live_message, projector.room), label)


def test_questions_show_ranked_by_votes_answered_marked_hidden_left_out_and_no_askers(
    projector: Projector,
) -> None:
    here = opened(projector, "/questions 20m Podium: Dritte Orte", "questions.anonymity_no",
                  "Mallory", "Benedikt", "Chiara")
    projector.say(here["Mallory"], "/ask Wer zahlt die Miete?")
    projector.say(here["Benedikt"], "/ask Wie lange dauert der Umbau?")
    projector.say(here["Chiara"], f"/ask {HOSTILE}")
    projector.say(here["Chiara"], "/ask Werbung für meinen Laden!")
    for person, label in ((here["Chiara"], "👍 2"), (here["Mallory"], "👍 2"),
                          (here["Benedikt"], "👍 1")):
        press(projector, person, label)
    projector.run(here.follow, here.fatma, projector.run(live_message, projector.room),
                  "Alle Fragen")
    projector.run(here.fatma.press, here.private(here.fatma), "✅ 1")
    projector.run(here.fatma.press, here.private(here.fatma), "🙈 4")
    page = projector.page()
    assert "Podium: Dritte Orte" in page and t("wall.floor") in page
    assert t("wall.time_left") in page and "data-deadline=" in page
    order = [page.index(text) for text in (
        "Wie lange dauert der Umbau?", "Wer zahlt die Miete?",
        "&lt;script&gt;alert(&#39;frage&#39;)&lt;/script&gt; &amp; &lt;b&gt;fett&lt;/b&gt;")]
    assert order == sorted(order)  # two votes, one vote, none
    assert "<script>alert" not in page and "<b>fett</b>" not in page
    assert t("wall.votes", count=2) in page and t("wall.votes", count=0) in page
    assert page.count('class="asked-question answered"') == 1
    mark = f'<span class="answered-mark">{t("wall.answered")}</span>'
    assert page.count(mark) == 1
    answered = page[page.index('class="asked-question answered"'):]
    assert answered.index("Wer zahlt die Miete?") < answered.index(mark)
    assert "Werbung" not in page  # hidden
    assert t("questions.count", count=3) in page
    assert t("questions.answered_count", count=1) in page
    assert not any(name in page for name in ("Mallory", "Benedikt", "Chiara"))


def test_the_first_ten_questions_are_large_and_the_rest_smaller(projector: Projector) -> None:
    here = opened(projector, "/questions", "questions.anonymity_no", "Anna")
    for n in range(1, 13):
        projector.say(here["Anna"], f"/ask Frage Nummer {n}?")
    page = projector.page()
    large = page[page.index('class="asked large"'):page.index('class="asked small"')]
    assert large.count("<li") == 10 and "Frage Nummer 10?" in large
    assert "Frage Nummer 11?" not in large and "Frage Nummer 12?" in page


def test_a_closing_round_shows_its_question_counts_and_the_rating_but_no_answer(
    projector: Projector,
) -> None:
    here = opened(projector, "/closing Was nehme ich mit?", "closing.rating_yes",
                  "Anna", "Bernd", "Chiara")
    live = projector.run(live_message, projector.room)
    projector.run(here.say, here["Anna"], "Viele <i>neue</i> Kontakte", live)
    projector.run(here.say, here["Bernd"], "Mut zur Lücke", live)
    for person, value in ((here["Anna"], "4"), (here["Bernd"], "5"), (here["Chiara"], "4")):
        press(projector, person, value)
    page = projector.page()
    assert t("wall.closing") in page and "Was nehme ich mit?" in page
    assert t("closing.answers", count=2) in page
    assert "Kontakte" not in page and "Mut zur Lücke" not in page
    assert t("wall.answers_private") in page
    mean = decimal(13 / 3, "de")
    assert mean == "4,3"
    assert t("closing.mean", mean=mean, count=3) in page
    bars = page[page.index('class="bars"'):]
    assert [bars.index(f'<span class="label">{value}</span>') for value in range(1, 6)] == sorted(
        bars.index(f'<span class="label">{value}</span>') for value in range(1, 6))
    assert bars.count("fill w0") == 3 and "fill w100" in bars and "fill w50" in bars
    assert t("closing.ratings", count=2) in bars and t("closing.ratings", count=1) in bars
    assert not any(name in page for name in ("Anna", "Bernd", "Chiara"))


def test_a_closing_round_without_a_rating_shows_no_bars(projector: Projector) -> None:
    opened(projector, "/closing", "closing.rating_no", "Anna")
    page = projector.page()
    assert t("closing.default_question") in page and t("closing.answers", count=0) in page
    assert 'class="bars"' not in page and t("closing.draft_rating") not in page
