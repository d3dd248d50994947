"""The wall over HTTP: every endpoint, wrong and revoked tokens, and hostile texts."""

from __future__ import annotations

import re

import pytest

from locales import translator
from tests.web.conftest import Projector
from tests.web.helpers import ask_for_wall, join_token, live_message, people
from web import qr
from web.app import CSP

t = translator("de")
INLINE_SCRIPT = re.compile(r"<script(?![^>]*\bsrc=)[^>]*>", re.IGNORECASE)
OPEN = "/pinboard Dritte Orte\nWas sind Dritte Orte?\nWer fehlt?"


def wall_rows(projector: Projector) -> list[tuple[object, ...]]:
    async def rows() -> list[tuple[object, ...]]:
        assert projector.world.app is not None
        async with projector.world.app.bot_data["services"].db.transaction() as tx:
            return [tuple(row) for row in await tx.all("SELECT * FROM walls ORDER BY token")]
    return projector.run(rows)


def test_the_page_shows_the_session_with_a_policy_that_allows_no_inline_script(
    projector: Projector,
) -> None:
    response = projector.client.get(f"/wall/{projector.token}")
    assert response.status_code == 200
    assert response.headers["content-security-policy"] == CSP
    assert "unsafe-inline" not in CSP and "script-src 'self'" in CSP
    assert response.headers["cache-control"] == "no-store"
    assert response.headers["referrer-policy"] == "same-origin"
    assert "Werkstatt 2" in response.text and "Kommunalkonferenz" in response.text
    assert '<script src="/static/wall.js" defer></script>' in response.text
    assert INLINE_SCRIPT.search(response.text) is None
    assert " style=" not in response.text
    assert f'data-events="/wall/{projector.token}/events"' in response.text
    assert t("wall.join") in response.text  # between rounds: the QR code to join


@pytest.mark.parametrize("token", [
    "A" * 22, "short", "../../etc/passwd", "A" * 21 + "%00", "A" * 23, "<script>x</script>",
])
def test_a_wrong_token_gets_404_everywhere_and_changes_nothing(
    projector: Projector, token: str,
) -> None:
    before = wall_rows(projector)
    for path in ("", "/events", "/join.png"):
        response = projector.client.get(f"/wall/{token}{path}")
        assert response.status_code == 404, path
        assert response.text == "Not Found"
    assert wall_rows(projector) == before


def test_a_revoked_token_gets_404_and_the_new_one_works(projector: Projector) -> None:
    old = projector.token
    new = projector.run(ask_for_wall, projector.room, "new")
    for path in ("", "/events", "/join.png"):
        assert projector.client.get(f"/wall/{old}{path}").status_code == 404
    assert projector.client.get(f"/wall/{new}").status_code == 200
    assert projector.client.get(f"/wall/{new}/join.png").status_code == 200


def test_the_join_code_is_a_png_of_the_link_to_take_part(projector: Projector) -> None:
    response = projector.client.get(f"/wall/{projector.token}/join.png")
    assert response.status_code == 200
    assert response.headers["content-type"] == "image/png"
    token = join_token(projector.world, projector.room.fatma.id)
    assert response.content == qr.png(f"http://testserver/join/{token}")


def test_the_static_files_and_the_health_check(projector: Projector) -> None:
    script = projector.client.get("/static/wall.js")
    assert script.status_code == 200 and "javascript" in script.headers["content-type"]
    assert "EventSource" in script.text
    style = projector.client.get("/static/wall.css")
    assert style.status_code == 200 and "text/css" in style.headers["content-type"]
    assert projector.client.get("/static/../app.py").status_code == 404
    assert projector.client.get("/healthz").text == "ok"


def test_pinboard_cards_show_texts_and_counts_but_never_names(projector: Projector) -> None:
    mallory, ben = projector.run(people, projector.room, "Mallory", "Ben")
    projector.say(projector.room.fatma, OPEN)
    projector.say(mallory, "/note 1 Die Bibliothek am Markt")
    projector.say(ben, "/note 1 Das Café im Rathaus")
    projector.say(ben, "/note 2 Jugendliche")
    page = projector.page()
    assert "Was sind Dritte Orte?" in page and "Wer fehlt?" in page
    assert "Die Bibliothek am Markt" in page and "Das Café im Rathaus" in page
    assert t("wall.notes", count=2) in page and t("wall.notes", count=1) in page
    assert "Mallory" not in page and "Ben" not in page


HOSTILE = (
    "<script>alert('wall')</script>",
    "<img src=x onerror=alert(1)>",
    "\u202eTRL-gefährlich \u05e9\u05dc\u05d5\u05dd \u0645\u0631\u062d\u0628\u0627",
    "\"'><b>fett</b>&amp;",
)


def test_hostile_note_texts_are_escaped_and_isolated(projector: Projector) -> None:
    anna, = projector.run(people, projector.room, "Anna")
    projector.say(projector.room.fatma, OPEN)
    for text in HOSTILE:
        projector.say(anna, f"/note 1 {text}")
    long_lines = [f"{n} " + "Lange Notiz " * 66 for n in range(5)]
    message = "/note 2 " + "\n".join(long_lines)
    message = message + "x" * (4096 - len(message))
    assert len(message) == 4096
    projector.say(anna, message)
    page = projector.page()
    assert INLINE_SCRIPT.search(page) is None
    assert "<img src=x" not in page and "<b>fett</b>" not in page
    assert "&lt;script&gt;alert(&#39;wall&#39;)&lt;/script&gt;" in page
    assert "&lt;img src=x onerror=alert(1)&gt;" in page
    assert "&#34;&#39;&gt;&lt;b&gt;fett&lt;/b&gt;&amp;amp;" in page
    assert f'<li class="card" dir="auto">{HOSTILE[2]}</li>' in page
    assert all(line.strip()[:40] in page for line in long_lines)
    assert t("wall.notes", count=5) in page


def test_clusters_show_as_groups_and_the_vote_as_bars_once_shown(projector: Projector) -> None:
    anna, ben = projector.run(people, projector.room, "Anna", "Ben")
    projector.say(projector.room.fatma, OPEN)
    projector.say(anna, "/note 1 Bibliothek\n/note 1 Café\n/note 1 Park")
    projector.say(projector.room.fatma, "/cluster")
    projector.say(projector.room.fatma, "/cluster <i>Treffpunkte</i>: 1 2")
    page = projector.page()
    assert '<div class="cluster">' in page and "&lt;i&gt;Treffpunkte&lt;/i&gt;" in page
    assert t("wall.ungrouped") in page
    projector.say(projector.room.fatma, "/vote 3")
    assert t("wall.tallies_hidden") in projector.page()
    vote = projector.run(live_message, projector.room)
    projector.run(ben.press, vote, "Treffpunkte")
    projector.run(anna.press, vote, "Treffpunkte")
    projector.run(anna.press, vote, "Park")
    assert 'class="bars"' not in projector.page()
    projector.say(projector.room.fatma, "/close")
    page = projector.page()  # between rounds: the last vote's result as bars
    assert t("wall.last_result") in page and 'class="bars"' in page
    assert t("wall.dots", count=2) in page and "fill w100" in page and "fill w50" in page


def test_the_fishbowl_shows_chairs_the_free_one_the_speaker_and_the_queue(
    projector: Projector,
) -> None:
    _, ben, cem = projector.run(people, projector.room, "Anna", "Ben", "Cem")
    projector.say(projector.room.fatma, "/fishbowl 3 Stühle Wie bleiben Orte offen?")
    projector.say(projector.room.fatma, "/seat @anna WS1")
    projector.say(ben, "/join")
    projector.say(cem, "/join")
    projector.say(projector.room.fatma, "/speaks @anna")
    page = projector.page()
    assert "Wie bleiben Orte offen?" in page
    assert page.count('class="chair free"') == 2
    assert "WS1" in page and 'class="chair speaking' in page and "data-since=" in page
    assert page.count(t("wall.someone")) >= 3  # nobody agreed to be named
    assert "Anna" not in page and "Ben" not in page and "Cem" not in page
    assert t("wall.queue") in page


def test_the_council_shows_groups_interests_reasons_proposals_and_stances(
    projector: Projector,
) -> None:
    anna, mia = projector.run(people, projector.room, "Anna", "Mia")
    projector.say(projector.room.fatma,
                  "/council Zukunft des Industriegebiets\nVerwaltung\nPolitik")
    live = projector.run(live_message, projector.room)
    projector.run(anna.press, live, "Verwaltung")
    projector.run(mia.press, live, "Politik")
    projector.say(anna, "/interest Ruhe am Abend weil <b>Menschen</b> dort wohnen")
    projector.say(mia, "/interest Arbeitsplätze weil die Stadt Steuern braucht")
    page = projector.page()
    assert "Zukunft des Industriegebiets" in page
    assert "Verwaltung" in page and "Politik" in page
    assert "Ruhe am Abend" in page and "&lt;b&gt;Menschen&lt;/b&gt; dort wohnen" in page
    assert t("wall.council_round", number=1, name=t("wall.council.interests")) in page
    projector.say(projector.room.fatma, "/round")
    assert t("wall.not_restated") in projector.page()
    projector.say(projector.room.fatma, "/round")
    projector.say(anna, "/proposal Gewerbehof mit Lärmschutz")
    projector.say(projector.room.fatma, "/round")
    page = projector.page()
    assert "Gewerbehof mit Lärmschutz" in page and 'class="stances"' in page
    assert t("wall.stance.none") in page
